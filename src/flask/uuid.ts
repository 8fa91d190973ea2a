/**
 * Python's `uuid.UUID` in JavaScript.
 * @module
 */
import { pyHexInt } from "../lib/python.js";

/**
 * A UUID (Python: `uuid.UUID`). Flask writes it as 32 hex digits with the ` u` tag; `toString()`
 * gives the canonical dashed form, as Python's `str(uuid)`.
 *
 * The constructor accepts what Python's `UUID(hex)` accepts: with or without dashes, braces or a
 * `urn:uuid:` prefix, any case.
 *
 * @example
 * ```ts
 * const id = new UUID("12345678-1234-5678-1234-567812345678");
 * id.hex;        // "12345678123456781234567812345678"
 * String(id);    // "12345678-1234-5678-1234-567812345678"
 * UUID.random(); // a version 4 UUID
 * ```
 */
export class UUID {
  /** The 32 lowercase hex digits. */
  readonly hex: string;

  /**
   * @param hex - The UUID in any form Python's `UUID(hex)` accepts.
   * @throws TypeError when `hex` is not a string; RangeError when it is not a UUID
   *   (Python: `ValueError: badly formed hexadecimal UUID string`).
   */
  constructor(hex: string | String) {
    if (typeof hex !== "string" && !((hex as unknown) instanceof String)) {
      throw new TypeError(`UUID() needs a string, not ${typeof hex}`);
    }
    // The same steps as Python's UUID.__init__ with hex=...
    let s = String(hex).replaceAll("urn:", "").replaceAll("uuid:", "");
    s = s.replace(/^[{}]+|[{}]+$/g, "").replaceAll("-", "");
    const value = [...s].length === 32 ? pyHexInt(s) : null;
    if (value === null) throw new RangeError("badly formed hexadecimal UUID string");
    if (value < 0n || value >= 1n << 128n) throw new RangeError("int is out of range (need a 128-bit value)");
    this.hex = value.toString(16).padStart(32, "0");
  }

  /** A random (version 4) UUID, from the platform's secure random source. */
  static random(): UUID {
    const bytes = new Uint8Array(16);
    globalThis.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6]! & 0x0f) | 0x40;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    return UUID.fromBytes(bytes);
  }

  /** The UUID whose 16 bytes are `bytes` (Python: `UUID(bytes=...)`). */
  static fromBytes(bytes: Uint8Array): UUID {
    if (bytes.length !== 16) throw new RangeError("bytes is not a 16-char string");
    return new UUID(Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(""));
  }

  /** The 16 bytes, big-endian (Python: `uuid.bytes`). */
  get bytes(): Uint8Array {
    const out = new Uint8Array(16);
    for (let i = 0; i < 16; i++) out[i] = parseInt(this.hex.slice(2 * i, 2 * i + 2), 16);
    return out;
  }

  /** Whether `other` is the same UUID. */
  equals(other: unknown): boolean {
    return other instanceof UUID && other.hex === this.hex;
  }

  /** The dashed form, `8-4-4-4-12` (Python: `str(uuid)`). */
  toString(): string {
    const h = this.hex;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** The dashed form, so `JSON.stringify` shows it readably. */
  toJSON(): string {
    return this.toString();
  }
}
