/**
 * The `BadData` family, as in itsdangerous' `exc` module: every failure to read a token or a
 * cookie is one of these, with a stable `code` for programs and a message for people. Messages
 * never contain a secret.
 *
 * ```text
 * BadData                      ERR_BAD_DATA
 * ├── BadSignature             ERR_BAD_SIGNATURE
 * │   └── BadTimeSignature     ERR_BAD_TIME_SIGNATURE
 * │       └── SignatureExpired ERR_SIGNATURE_EXPIRED
 * ├── BadPayload               ERR_BAD_PAYLOAD
 * └── CSRFError                ERR_CSRF  (Flask-WTF's CSRF check, src/flask/wtf/csrf-error.ts)
 * ```
 * @module
 */

/** The stable error codes of the `BadData` family. */
export type BadDataCode =
  "ERR_BAD_DATA" | "ERR_BAD_SIGNATURE" | "ERR_BAD_TIME_SIGNATURE" | "ERR_SIGNATURE_EXPIRED" | "ERR_BAD_PAYLOAD" | "ERR_CSRF";

/**
 * Raised when bad data of any sort was encountered: the base of every error this library throws
 * for a token or cookie it cannot accept.
 *
 * @example
 * ```ts
 * try {
 *   s.loads(token);
 * } catch (error) {
 *   if (error instanceof BadData) console.log(error.code, error.message);
 *   else throw error;
 * }
 * ```
 */
export class BadData extends Error {
  /** A stable, machine-readable code: `ERR_BAD_DATA` or the code of a subclass. */
  readonly code: BadDataCode = "ERR_BAD_DATA";

  /**
   * @param message - What went wrong, for people.
   * @param options - `cause`, the underlying error if any.
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BadData";
  }
}

/**
 * The signature does not match (or is missing). `payload` holds the part of the token that was
 * signed, so that it can still be inspected, never trusted.
 *
 * @example
 * ```ts
 * try {
 *   signer.unsign("value.forged");
 * } catch (error) {
 *   if (error instanceof BadSignature) console.log(error.payload); // the unverified bytes
 * }
 * ```
 */
export class BadSignature extends BadData {
  override readonly code: BadDataCode = "ERR_BAD_SIGNATURE";
  /**
   * The payload that failed the signature check, as bytes, or `null` when there was no
   * separator to split it off. Unverified: do not trust it.
   */
  readonly payload: Uint8Array | null;

  /**
   * @param message - What went wrong.
   * @param payload - The unverified payload, if it could be split off.
   */
  constructor(message: string, payload: Uint8Array | null = null, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BadSignature";
    this.payload = payload;
  }
}

/**
 * A time-based signature is invalid: bad signature, missing or malformed timestamp.
 * `dateSigned` is the signing time when it could be read.
 *
 * @example
 * ```ts
 * try {
 *   timestampSigner.unsign(token);
 * } catch (error) {
 *   if (error instanceof BadTimeSignature) console.log(error.dateSigned);
 * }
 * ```
 */
export class BadTimeSignature extends BadSignature {
  override readonly code: BadDataCode = "ERR_BAD_TIME_SIGNATURE";
  /** When the token claims it was signed (UTC), or `null` if that could not be read. */
  readonly dateSigned: Date | null;

  /**
   * @param message - What went wrong.
   * @param payload - The unverified payload.
   * @param dateSigned - The signing time read from the token.
   */
  constructor(message: string, payload: Uint8Array | null = null, dateSigned: Date | null = null, options?: { cause?: unknown }) {
    super(message, payload, options);
    this.name = "BadTimeSignature";
    this.dateSigned = dateSigned;
  }
}

/**
 * The signature is valid but older than `maxAge`, or dated in the future (negative age), exactly
 * as itsdangerous decides. `dateSigned` tells when it was signed.
 *
 * @example
 * ```ts
 * try {
 *   s.loads(token, { maxAge: 3600 });
 * } catch (error) {
 *   if (error instanceof SignatureExpired) console.log(`signed at ${error.dateSigned?.toISOString()}`);
 * }
 * ```
 */
export class SignatureExpired extends BadTimeSignature {
  override readonly code: BadDataCode = "ERR_SIGNATURE_EXPIRED";

  /**
   * @param message - What went wrong, with the age and the limit.
   * @param payload - The payload (whose signature was valid).
   * @param dateSigned - When it was signed.
   */
  constructor(message: string, payload: Uint8Array | null = null, dateSigned: Date | null = null) {
    super(message, payload, dateSigned);
    this.name = "SignatureExpired";
  }
}

/**
 * The payload could not be decoded: bad base64, bad zlib, bad UTF-8, bad JSON, a tag that does
 * not decode, or a limit exceeded. `originalError` (also `cause`) tells why.
 *
 * @example
 * ```ts
 * try {
 *   s.loads(token);
 * } catch (error) {
 *   if (error instanceof BadPayload) console.log(error.originalError);
 * }
 * ```
 */
export class BadPayload extends BadData {
  override readonly code: BadDataCode = "ERR_BAD_PAYLOAD";
  /** The error raised while decoding, if any. */
  readonly originalError: unknown;

  /**
   * @param message - What went wrong.
   * @param originalError - The underlying error.
   */
  constructor(message: string, originalError: unknown = null) {
    super(message, originalError == null ? undefined : { cause: originalError });
    this.name = "BadPayload";
    this.originalError = originalError;
  }
}
