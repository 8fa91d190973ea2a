/**
 * itsdangerous' `timed` module: `TimestampSigner` records when a value was signed and can
 * refuse signatures older than `maxAge`; `TimedSerializer` does the same for serialized values.
 * @module
 */
import { BadSignature, BadTimeSignature, SignatureExpired } from "./errors.js";
import { base64UrlBytes, decodePadded, intToBytes } from "./encoding.js";
import { type StrOrBytes, wantBytes, decodeUtf8, encodeUtf8, rsplitOnce } from "./lib/bytes.js";
import { SIGN_IS_TRANSIENT_COPY, Signer } from "./signer.js";
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

/** A verified timed value and its signing time (seconds since the epoch). @internal */
export interface Timestamped {
  value: Uint8Array;
  timestamp: number;
}

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
    const bytes = wantBytes(value);
    const signed = this.signParts(bytes, this.timestampBytes(), false);
    return typeof value === "string" ? decodeUtf8(signed) : signed;
  }

  /**
   * {@link TimestampSigner.sign} of bytes, as a view of a buffer that the next call overwrites.
   * @internal
   */
  override signTransient(value: Uint8Array): Uint8Array {
    return this.signParts(value, this.timestampBytes(), true);
  }

  /** The current timestamp as it goes into a token: big-endian bytes, URL-safe base64. */
  private timestampBytes(): Uint8Array {
    return base64UrlBytes(intToBytes(this.getTimestamp()));
  }

  /**
   * The value after checking its signature and, with `maxAge`, its age.
   *
   * @throws BadTimeSignature for a bad signature or timestamp; SignatureExpired when older than
   *   `maxAge` seconds or dated in the future.
   */
  override unsign(signedValue: string, options?: TimestampUnsignOptions & { returnTimestamp?: false }): string;
  override unsign(signedValue: Uint8Array, options?: TimestampUnsignOptions & { returnTimestamp?: false }): Uint8Array;
  override unsign(
    signedValue: StrOrBytes,
    options?: TimestampUnsignOptions & { returnTimestamp?: false },
  ): StrOrBytes;
  override unsign(signedValue: string, options: TimestampUnsignOptions & { returnTimestamp: true }): [string, Date];
  override unsign(
    signedValue: Uint8Array,
    options: TimestampUnsignOptions & { returnTimestamp: true },
  ): [Uint8Array, Date];
  override unsign(signedValue: StrOrBytes, options?: TimestampUnsignOptions): StrOrBytes | [StrOrBytes, Date];
  override unsign(signedValue: StrOrBytes, options: TimestampUnsignOptions = {}): StrOrBytes | [StrOrBytes, Date] {
    const bytes = signedValue instanceof Uint8Array ? signedValue : wantBytesOrBad(signedValue);
    const { value, timestamp } = this.unsignTimestamped(bytes, options.maxAge, options.returnTimestamp === true);
    const out = typeof signedValue === "string" ? decodeUtf8(value) : value;
    return options.returnTimestamp ? [out, this.timestampToDatetime(timestamp)] : out;
  }

  /**
   * Verifies signature and age on bytes. With `needDate`, a timestamp past year 9999 is a
   * "Malformed timestamp" (Python raises `ValueError` there). @internal
   */
  unsignTimestamped(signed: Uint8Array, maxAge: number | null | undefined, needDate: boolean): Timestamped {
    let result: Uint8Array;
    let sigError: BadSignature | null = null;
    try {
      result = this.unsignBytes(signed);
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
    if (needDate) this.dateOrMalformed(ts, value);
    return { value, timestamp: ts };
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

SIGN_IS_TRANSIENT_COPY.add(TimestampSigner.prototype.sign);

function wantBytesOrBad(value: string): Uint8Array {
  try {
    return encodeUtf8(value);
  } catch {
    throw new BadSignature("The token is not valid Unicode text (it holds a lone surrogate)");
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
export class TimedSerializer<S extends TimestampSigner = TimestampSigner> extends Serializer<S> {
  static override defaultSigner: SignerClass = TimestampSigner;

  /**
   * @param secretKey - A key, or a list from oldest to newest.
   * @param options - Python's keyword arguments; `signer` must be a {@link TimestampSigner}.
   */
  constructor(secretKey: SecretKey, options: SerializerOptions<S> = {}) {
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
    const view = this.tokenView(token, options.salt);
    if (view !== null) {
      const signer = this.makeSigner();
      let verified: Timestamped | null = null;
      if (signer.unsignTimestamped === TimestampSigner.prototype.unsignTimestamped) {
        try {
          verified = signer.unsignTimestamped(view, options.maxAge, true);
        } catch {
          verified = null; // the general path below gives the verdict, with errors of its own
        }
      }
      if (verified !== null) {
        const value = this.loadPayload(verified.value) as T;
        return options.returnTimestamp ? [value, signer.timestampToDatetime(verified.timestamp)] : value;
      }
    }
    const bytes = this.tokenBytes(token);
    let lastError: BadSignature | undefined;
    for (const signer of this.iterUnsigners(options.salt)) {
      let verified: Timestamped;
      try {
        verified = signer.unsignTimestamped(bytes, options.maxAge, true);
      } catch (error) {
        if (error instanceof SignatureExpired || !(error instanceof BadSignature)) throw error;
        lastError = error;
        continue;
      }
      const value = this.loadPayload(verified.value) as T;
      return options.returnTimestamp ? [value, signer.timestampToDatetime(verified.timestamp)] : value;
    }
    throw lastError!;
  }

  /**
   * `[signatureValid, value]` without trusting the signature (debugging only); never throws.
   */
  override loadsUnsafe<T = unknown>(
    token: StrOrBytes,
    options: { salt?: StrOrBytes | null; maxAge?: number | null } = {},
  ): [boolean, T | null] {
    return this.loadsUnsafeImpl<T>(() => this.loads<T>(token, { salt: options.salt, maxAge: options.maxAge }));
  }
}
