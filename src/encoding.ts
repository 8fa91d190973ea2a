/**
 * itsdangerous' `encoding` module: URL-safe base64 without padding, decoded as leniently as
 * Python decodes it, and the big-endian integers that carry timestamps.
 * @module
 */
import { BadData } from "./errors.js";
import { type StrOrBytes, wantBytes } from "./lib/bytes.js";

export { wantBytes } from "./lib/bytes.js";
export type { StrOrBytes } from "./lib/bytes.js";

const STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URLSAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const INVALID = 255;
const PAD = 61; // "="

function decodeTable(urlsafe: boolean): Uint8Array {
  const table = new Uint8Array(256).fill(INVALID);
  for (let i = 0; i < 64; i++) table[STANDARD.charCodeAt(i)] = i;
  if (urlsafe) {
    // urlsafe_b64decode translates "-_" to "+/" and keeps "+/" valid too.
    table[0x2d] = 62;
    table[0x5f] = 63;
  }
  return table;
}

const STANDARD_TABLE = decodeTable(false);
const URLSAFE_TABLE = decodeTable(true);

/** Error raised by {@link a2bBase64} (Python: `binascii.Error`). */
export class Base64Error extends Error {
  /** @param message - binascii's message. */
  constructor(message: string) {
    super(message);
    this.name = "Base64Error";
  }
}

/**
 * CPython 3.11's `binascii.a2b_base64(data, strict_mode=False)`: characters outside the alphabet
 * are skipped, a pad sequence that completes a quad ends the input, and only an impossible length
 * or missing padding is an error.
 * @internal
 */
export function a2bBase64(data: Uint8Array, urlsafe: boolean): Uint8Array {
  const table = urlsafe ? URLSAFE_TABLE : STANDARD_TABLE;
  const out = new Uint8Array(Math.floor((data.length * 3) / 4) + 3);
  let length = 0;
  let quadPos = 0;
  let leftChar = 0;
  let pads = 0;
  for (let i = 0; i < data.length; i++) {
    const ch = data[i]!;
    if (ch === PAD) {
      if (quadPos >= 2 && quadPos + ++pads >= 4) return out.subarray(0, length);
      continue;
    }
    const value = table[ch]!;
    if (value === INVALID) continue;
    pads = 0;
    switch (quadPos) {
      case 0:
        quadPos = 1;
        leftChar = value;
        break;
      case 1:
        quadPos = 2;
        out[length++] = (leftChar << 2) | (value >> 4);
        leftChar = value & 0x0f;
        break;
      case 2:
        quadPos = 3;
        out[length++] = ((leftChar << 4) | (value >> 2)) & 0xff;
        leftChar = value & 0x03;
        break;
      default:
        quadPos = 0;
        out[length++] = ((leftChar << 6) | value) & 0xff;
        leftChar = 0;
    }
  }
  if (quadPos === 1) {
    throw new Base64Error(
      "Invalid base64-encoded string: number of data characters " +
        `(${Math.floor(length / 3) * 4 + 1}) cannot be 1 more than a multiple of 4`,
    );
  }
  if (quadPos !== 0) throw new Base64Error("Incorrect padding");
  return out.subarray(0, length);
}

/** Base64-encodes bytes with the given alphabet, with or without `=` padding. @internal */
export function b2aBase64(data: Uint8Array, urlsafe: boolean, pad: boolean): string {
  const alphabet = urlsafe ? URLSAFE : STANDARD;
  let out = "";
  let i = 0;
  for (; i + 2 < data.length; i += 3) {
    const n = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = data.length - i;
  if (rest === 1) {
    const n = data[i]! << 16;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + (pad ? "==" : "");
  } else if (rest === 2) {
    const n = (data[i]! << 16) | (data[i + 1]! << 8);
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + (pad ? "=" : "");
  }
  return out;
}

const URLSAFE_CODES = Uint8Array.from(URLSAFE, (c) => c.charCodeAt(0));

/**
 * URL-safe base64 without padding, written as ASCII bytes after `prefix` bytes (`null`: none):
 * what goes into a token, without a string in between. @internal
 */
export function base64UrlBytes(data: Uint8Array, prefix: Uint8Array | null = null): Uint8Array {
  const start = prefix === null ? 0 : prefix.length;
  const out = new Uint8Array(start + base64UrlLength(data.length));
  if (prefix !== null) out.set(prefix);
  base64UrlInto(data, out, start);
  return out;
}

/**
 * The length of {@link base64UrlBytes}'s encoding of `length` bytes (no padding).
 * @internal
 *
 * @example
 * ```ts
 * base64UrlLength(20); // 27
 * ```
 */
export function base64UrlLength(length: number): number {
  const rest = length % 3;
  return ((length - rest) / 3) * 4 + (rest === 0 ? 0 : rest + 1);
}

/**
 * {@link base64UrlBytes} written into `out` from `at` on (which must have room for
 * {@link base64UrlLength} bytes); returns where the encoding ends.
 * @internal
 *
 * @example
 * ```ts
 * const out = new Uint8Array(64);
 * const end = base64UrlInto(new Uint8Array([1, 2, 3]), out, 0); // 4: "AQID"
 * ```
 */
export function base64UrlInto(data: Uint8Array, out: Uint8Array, at: number): number {
  const length = data.length;
  const rest = length % 3;
  const codes = URLSAFE_CODES;
  let o = at;
  let i = 0;
  for (; i < length - rest; i += 3) {
    const n = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
    out[o++] = codes[n >> 18]!;
    out[o++] = codes[(n >> 12) & 63]!;
    out[o++] = codes[(n >> 6) & 63]!;
    out[o++] = codes[n & 63]!;
  }
  if (rest !== 0) {
    const n = (data[i]! << 16) | (rest === 2 ? data[i + 1]! << 8 : 0);
    out[o++] = codes[n >> 18]!;
    out[o++] = codes[(n >> 12) & 63]!;
    if (rest === 2) out[o++] = codes[(n >> 6) & 63]!;
  }
  return o;
}

/**
 * URL-safe base64 without padding, as itsdangerous' `base64_encode`. Python returns bytes; this
 * returns the (ASCII) string.
 *
 * @example
 * ```ts
 * base64Encode("hello"); // "aGVsbG8"
 * ```
 */
export function base64Encode(value: StrOrBytes): string {
  return b2aBase64(wantBytes(value), true, false);
}

/**
 * itsdangerous' `base64_decode`, with Python's leniency: non-ASCII characters of a string are
 * dropped, padding is added, characters outside the alphabet are skipped, `+` and `/` are
 * accepted besides `-` and `_`.
 *
 * @throws BadData `Invalid base64-encoded data` when Python's decoder fails (bad length or padding).
 * @example
 * ```ts
 * new TextDecoder().decode(base64Decode("aGVsbG8")); // "hello"
 * ```
 */
export function base64Decode(value: StrOrBytes): Uint8Array {
  let data: Uint8Array;
  if (typeof value === "string") {
    // want_bytes(s, encoding="ascii", errors="ignore"): all-ASCII text is copied as it is, other
    // text without its non-ASCII characters.
    data = new Uint8Array(value.length);
    const { read, written } = encoder.encodeInto(value, data);
    if (read !== value.length || written !== value.length) {
      let n = 0;
      for (let i = 0; i < value.length; i++) {
        const code = value.charCodeAt(i);
        if (code < 0x80) data[n++] = code;
      }
      data = data.subarray(0, n);
    }
  } else {
    data = wantBytes(value);
  }
  try {
    return decodePadded(data);
  } catch (error) {
    throw new BadData("Invalid base64-encoded data", { cause: error });
  }
}

const encoder = new TextEncoder();

/**
 * Pads to a multiple of 4 with "=" (counting every byte, as Python does) and decodes, into an
 * array from `alloc` when the data is clean (a signer's or serializer's own allocator).
 * @internal
 */
export function decodePadded(data: Uint8Array, alloc: (size: number) => Uint8Array = newBytes): Uint8Array {
  const length = data.length;
  const out = alloc((length >> 2) * 3 + Math.max((length & 3) - 1, 0));
  return decodeCleanInto(data, out) === -1 ? decodePaddedLenient(data) : out;
}

function newBytes(size: number): Uint8Array {
  return new Uint8Array(size);
}

/**
 * {@link decodePadded} for what tokens hold: nothing but alphabet characters. Then the padding
 * Python adds only completes the last quad, and the result has a known length: decoded into
 * `out` (room for it is the caller's job), four characters per step. Returns the length, or -1
 * for anything else (padding, characters to skip, a length that is an error), which the lenient
 * decoder handles.
 */
function decodeCleanInto(data: Uint8Array, out: Uint8Array): number {
  const length = data.length;
  const rest = length & 3;
  if (rest === 1) return -1;
  const table = URLSAFE_TABLE;
  const whole = length - rest;
  let o = 0;
  for (let i = 0; i < whole; i += 4) {
    const a = table[data[i]!]!;
    const b = table[data[i + 1]!]!;
    const c = table[data[i + 2]!]!;
    const d = table[data[i + 3]!]!;
    if ((a | b | c | d) > 63) return -1;
    out[o++] = (a << 2) | (b >> 4);
    out[o++] = (b << 4) | (c >> 2);
    out[o++] = (c << 6) | d;
  }
  if (rest !== 0) {
    const a = table[data[whole]!]!;
    const b = table[data[whole + 1]!]!;
    const c = rest === 3 ? table[data[whole + 2]!]! : 0;
    if ((a | b | c) > 63) return -1;
    out[o++] = (a << 2) | (b >> 4);
    if (rest === 3) out[o++] = (b << 4) | (c >> 2);
  }
  return o;
}

/** {@link decodePadded} by way of the general, lenient decoder (the reference the fast path must match). @internal */
export function decodePaddedLenient(data: Uint8Array): Uint8Array {
  const missing = (4 - (data.length % 4)) % 4;
  if (missing === 0) return a2bBase64(data, true);
  const padded = new Uint8Array(data.length + missing);
  padded.set(data);
  padded.fill(PAD, data.length);
  return a2bBase64(padded, true);
}

/** What a separator may not be part of (itsdangerous checks `sep in` this, a substring test: Python's `string.ascii_letters` order matters). */
export const BASE64_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=";

/**
 * `int_to_bytes`: a non-negative integer below 2^64 as big-endian bytes, leading zero bytes
 * stripped (so 0 is empty).
 *
 * @throws RangeError outside 0 ≤ n < 2^64 (Python: `struct.error`).
 * @example
 * ```ts
 * intToBytes(1700000000); // Uint8Array [101, 83, 241, 0]
 * ```
 */
export function intToBytes(num: number | bigint): Uint8Array {
  if (typeof num === "number" && num >= 0 && Number.isSafeInteger(num)) {
    // A timestamp, on every dumps: no BigInt needed below 2^53.
    let length = 0;
    for (let n = num; n > 0; n = Math.floor(n / 256)) length++;
    const out = new Uint8Array(length);
    for (let i = length - 1, n = num; i >= 0; i--, n = Math.floor(n / 256)) out[i] = n % 256;
    return out;
  }
  let n: bigint;
  if (typeof num === "number") {
    if (!Number.isInteger(num)) throw new RangeError(`required argument is not an integer: ${num}`);
    n = BigInt(num);
  } else {
    n = num;
  }
  if (n < 0n || n >= 1n << 64n) throw new RangeError("argument out of range for an unsigned 64-bit integer");
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  return Uint8Array.from(bytes);
}

/**
 * `bytes_to_int`: big-endian bytes (at most 8) to an integer.
 *
 * @throws RangeError for more than 8 bytes (Python: `struct.error`).
 * @example
 * ```ts
 * bytesToInt(intToBytes(1700000000)); // 1700000000n
 * ```
 */
export function bytesToInt(data: Uint8Array): bigint {
  if (data.length > 8) throw new RangeError("unpack requires a buffer of 8 bytes");
  let n = 0n;
  for (const byte of data) n = (n << 8n) | BigInt(byte);
  return n;
}
