/**
 * itsdangerous' `timed` module: `TimestampSigner` records when a value was signed and can
 * refuse signatures older than `maxAge`; `TimedSerializer` does the same for serialized values.
 * @module
 */
import { BadSignature, BadTimeSignature, SignatureExpired } from "./errors.js";
import { b2aBase64, decodePadded, intToBytes } from "./encoding.js";
import { type StrOrBytes, wantBytes, decodeUtf8, rsplitOnce } from "./lib/bytes.js";
import { checkSeconds } from "./lib/options.js";
import { Signer, tokenBytes } from "./signer.js";
import { Serializer, type LoadsOptions, type SerializerOptions, type SignerClass } from "./serializer.js";
import type { SecretKey } from "./signer.js";

/** Options of {@link TimestampSigner.unsign}. */
export interface TimestampUnsignOptions {
  /** Refuse signatures older than this many seconds (and those dated in the future). */
  maxAge?: number | null;
  /** Also return when the value was signed. */
  returnTimestamp?: boolean;
}

/** Options of {@link TimedSerializer.loads}. */
export interface TimedLoadsOptions extends LoadsOptions {
  /** Refuse tokens older than this many seconds (and those dated in the future). */
  maxAge?: number | null;
  /** Return `[value, dateSigned]` instead of the value. */
  returnTimestamp?: boolean;
}

/** The last second Python's `datetime` can hold (9999-12-31T23:59:59Z). */
const MAX_DATETIME_TIMESTAMP = 253402300799;
const EMPTY = new Uint8Array(0);

function readTimestamp(data: Uint8Array): number | null {
  if (data.length > 8) return null; // Python: struct.error, caught as "no timestamp"
  let n = 0;
  for (const byte of data) n = n * 256 + byte; // exact up to 2^53, and anything larger is rejected later
  return n;
}

/**
 * A {@link Signer} that also records the time of signing (`value.timestamp.signature`) and can
 * refuse old signatures (Python: `itsdangerous.TimestampSigner`). Override
 * {@link TimestampSigner.getTimestamp} to control the clock.
 *
 * @example
 * ```ts
 * const signer = new TimestampSigner("secret-key");
 * const token = signer.sign("user-42");
 * signer.unsign(token, { maxAge: 3600 });                         // "user-42"
 * signer.unsign(token, { maxAge: 3600, returnTimestamp: true });  // ["user-42", Date]
 *
 * class Fixed extends TimestampSigner { getTimestamp() { return 1700000000; } }
 * ```
 */
export class TimestampSigner extends Signer {
  /** The current time in whole seconds since the epoch (Python: `int(time.time())`). */
  getTimestamp(): number {
    return Math.floor(Date.now() / 1000);
  }

  /**
   * A timestamp as a `Date` (UTC).
   *
   * @throws RangeError beyond year 9999, which Python's `datetime` cannot hold.
   */
  timestampToDatetime(ts: number): Date {
    if (ts > MAX_DATETIME_TIMESTAMP) throw new RangeError(`year is out of range for timestamp ${ts}`);
    return new Date(ts * 1000);
  }

  /**
   * `value + sep + timestamp + sep + signature`, signed now.
   *
   * @example
   * ```ts
   * new TimestampSigner("k").sign("v"); // "v.ZVPxAA.<signature>"
   * ```
   */
  override sign(value: string): string;
  override sign(value: Uint8Array): Uint8Array;
  override sign(value: StrOrBytes): StrOrBytes;
  override sign(value: StrOrBytes): StrOrBytes {
    const timestamp = b2aBase64(intToBytes(this.getTimestamp()), true, false);
    if (typeof value === "string") {
      const head = value + this.sepText() + timestamp;
      return head + this.sepText() + this.getSignature(head);
    }
    return this.joinSigned(wantBytes(value), timestamp, true);
  }

  /**
   * The value after checking its signature and, with `maxAge`, its age.
   *
   * @throws BadTimeSignature for a bad signature or timestamp; SignatureExpired when older than
   *   `maxAge` seconds or dated in the future.
   */
  override unsign(signedValue: string, options?: TimestampUnsignOptions & { returnTimestamp?: false }): string;
  override unsign(signedValue: Uint8Array, options?: TimestampUnsignOptions & { returnTimestamp?: false }): Uint8Array;
  override unsign(signedValue: StrOrBytes, options?: TimestampUnsignOptions & { returnTimestamp?: false }): StrOrBytes;
  override unsign(signedValue: string, options: TimestampUnsignOptions & { returnTimestamp: true }): [string, Date];
  override unsign(signedValue: Uint8Array, options: TimestampUnsignOptions & { returnTimestamp: true }): [Uint8Array, Date];
  override unsign(signedValue: StrOrBytes, options?: TimestampUnsignOptions): StrOrBytes | [StrOrBytes, Date];
  override unsign(signedValue: StrOrBytes, options: TimestampUnsignOptions = {}): StrOrBytes | [StrOrBytes, Date] {
    const maxAge = checkSeconds(options.maxAge, "maxAge", () => `${this.constructor.name}.unsign`);
    let result: Uint8Array;
    let sigError: BadSignature | null = null;
    try {
      result = super.unsign(tokenBytes(signedValue, this.slab));
    } catch (error) {
      if (!(error instanceof BadSignature)) throw error;
      sigError = error;
      result = error.payload ?? EMPTY;
    }
    const parts = rsplitOnce(result, this.sep);
    if (parts === null) {
      if (sigError) throw sigError;
      throw new BadTimeSignature("timestamp missing", result);
    }
    const [value, tsBytes] = parts;
    let ts: number | null = null;
    try {
      ts = readTimestamp(decodePadded(tsBytes));
    } catch {
      ts = null;
    }
    if (sigError) {
      const dateSigned = ts === null ? null : this.dateOrMalformed(ts, value);
      throw new BadTimeSignature(sigError.message, value, dateSigned);
    }
    if (ts === null) throw new BadTimeSignature("Malformed timestamp", value);
    if (maxAge != null) {
      const age = this.getTimestamp() - ts;
      if (age > maxAge) {
        throw new SignatureExpired(`Signature age ${age} > ${maxAge} seconds`, value, this.dateOrMalformed(ts, value));
      }
      if (age < 0) {
        throw new SignatureExpired(`Signature age ${age} < 0 seconds`, value, this.dateOrMalformed(ts, value));
      }
    }
    const out = typeof signedValue === "string" ? decodeUtf8(value) : value;
    // A timestamp past year 9999 is a "Malformed timestamp" (Python raises ValueError there).
    return options.returnTimestamp ? [out, this.dateOrMalformed(ts, value)] : out;
  }

  private dateOrMalformed(ts: number, value: Uint8Array): Date {
    try {
      return this.timestampToDatetime(ts);
    } catch (error) {
      throw new BadTimeSignature("Malformed timestamp", value, null, { cause: error });
    }
  }

  /** Whether the signature is valid (and, with `maxAge`, not expired). */
  override validate(signedValue: StrOrBytes, options: { maxAge?: number | null } = {}): boolean {
    try {
      this.unsign(signedValue, { maxAge: options.maxAge ?? null });
      return true;
    } catch (error) {
      if (error instanceof BadSignature) return false;
      throw error;
    }
  }
}

/**
 * A {@link Serializer} whose tokens carry their signing time, so `loads` can refuse old ones
 * (Python: `itsdangerous.TimedSerializer`).
 *
 * @example
 * ```ts
 * const s = new TimedSerializer("secret-key");
 * const token = s.dumps({ user: 42 });
 * s.loads(token, { maxAge: 3600 });                          // { user: 42 }
 * const [value, signedAt] = s.loads(token, { returnTimestamp: true });
 * ```
 */
export class TimedSerializer<
  S extends TimestampSigner = TimestampSigner,
  Out extends string | Uint8Array = string,
> extends Serializer<S, Out> {
  static override defaultSigner: SignerClass = TimestampSigner;

  /**
   * @param secretKey - A key, or a list from oldest to newest.
   * @param options - Python's keyword arguments; `signer` must be a {@link TimestampSigner}.
   */
  constructor(secretKey: SecretKey, options: SerializerOptions<S, Out> = {}) {
    super(secretKey, options);
    if (!(this.makeSigner() instanceof TimestampSigner)) {
      throw new TypeError("A timed serializer needs a TimestampSigner (or subclass) as its signer");
    }
  }

  /**
   * The value of a token, after checking its signature and, with `maxAge`, its age.
   *
   * @throws BadSignature / BadTimeSignature when no signer accepts it; SignatureExpired when too
   *   old or dated in the future (no other signer is tried then); BadPayload when undecodable.
   */
  override loads<T = unknown>(token: StrOrBytes, options?: TimedLoadsOptions & { returnTimestamp?: false }): T;
  override loads<T = unknown>(token: StrOrBytes, options: TimedLoadsOptions & { returnTimestamp: true }): [T, Date];
  override loads<T = unknown>(token: StrOrBytes, options?: TimedLoadsOptions): T | [T, Date];
  override loads<T = unknown>(token: StrOrBytes, options: TimedLoadsOptions = {}): T | [T, Date] {
    const maxAge = checkSeconds(options.maxAge, "maxAge", () => `${this.constructor.name}.loads`);
    const bytes = this.tokenBytes(token);
    let lastError: BadSignature | undefined;
    for (const signer of this.iterUnsigners(options.salt)) {
      let value: Uint8Array, signedAt: Date;
      try {
        [value, signedAt] = signer.unsign(bytes, { maxAge, returnTimestamp: true });
      } catch (error) {
        if (error instanceof SignatureExpired || !(error instanceof BadSignature)) throw error;
        lastError = error;
        continue;
      }
      const payload = this.loadPayload(value) as T;
      return options.returnTimestamp ? [payload, signedAt] : payload;
    }
    throw lastError!;
  }

  /**
   * `[signatureValid, value]` without trusting the signature (debugging only); throws only for a
   * `maxAge` that is not a number of seconds.
   */
  override loadsUnsafe<T = unknown>(
    token: StrOrBytes,
    options: { salt?: StrOrBytes | null; maxAge?: number | null } = {},
  ): [boolean, T | null] {
    const maxAge = checkSeconds(options.maxAge, "maxAge", () => `${this.constructor.name}.loadsUnsafe`);
    return this.loadsUnsafeImpl<T>(() => this.loads<T>(token, { salt: options.salt, maxAge }));
  }
}
