/**
 * Flask-WTF's CSRF tokens (`flask_wtf.csrf.generate_csrf` / `validate_csrf`): a random raw token
 * kept in the session (`session["csrf_token"]`, 40 hex digits), and the signed form of it that
 * pages embed: `URLSafeTimedSerializer(WTF_CSRF_SECRET_KEY or SECRET_KEY, salt="wtf-csrf-token")`
 * with itsdangerous' own defaults (`django-concat` key derivation, HMAC-SHA1), not the session
 * cookie's. Checked against `WTF_CSRF_TIME_LIMIT` (3600 s) and compared in constant time.
 *
 * Flask-WTF signs with one key only (no `SECRET_KEY_FALLBACKS`): after a key rotation the tokens
 * of pages rendered before it are "invalid".
 * @module
 */
import { sha1 } from "@noble/hashes/legacy.js";
import { BadData, SignatureExpired } from "../../errors.js";
import { constantTimeEqual } from "../../crypto.js";
import { type StrOrBytes, isAscii } from "../../lib/bytes.js";
import { pyFalsy } from "../py-values.js";
import { INSPECT, type InspectFunction, inspectAs } from "../../lib/redact.js";
import { type Limits } from "../../limits.js";
import { TimestampSigner } from "../../timed.js";
import { URLSafeTimedSerializer } from "../../url-safe.js";
import { Markup } from "../markup.js";
import type { FlaskSession, SessionData } from "../session.js";
import { CSRFError } from "./csrf-error.js";

/** Options of {@link generateCsrf}, {@link validateCsrf} and {@link CsrfTokens}: Flask-WTF's settings in camelCase. */
export interface CsrfOptions {
  /** `SECRET_KEY`: signs the tokens unless `wtfCsrfSecretKey` is set. */
  secretKey?: StrOrBytes | null;
  /** `WTF_CSRF_SECRET_KEY`: the key that signs the tokens instead of `SECRET_KEY`. */
  wtfCsrfSecretKey?: StrOrBytes | null;
  /** `WTF_CSRF_FIELD_NAME`: the form field, and the session key of the raw token; default `"csrf_token"`. */
  wtfCsrfFieldName?: string;
  /** `WTF_CSRF_TIME_LIMIT` in seconds; default 3600; `null` for tokens that never expire. */
  wtfCsrfTimeLimit?: number | null;
  /** Bounds on reading a token. */
  limits?: Partial<Limits>;
  /** The clock in seconds since the epoch (default `Date.now() / 1000`). */
  now?: () => number;
  /** Where the raw token's randomness comes from (default `crypto.getRandomValues`, Python: `os.urandom`). */
  randomBytes?: (length: number) => Uint8Array;
}

const HEX = "0123456789abcdef";

function defaultRandomBytes(length: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

/** Python's `hmac.compare_digest(a, b)` for what a session and a token can hold; `false` where Python raises. */
function compareDigest(a: unknown, b: unknown): boolean {
  const text = (v: unknown) => (typeof v === "string" ? v : v instanceof Markup ? String(v) : null);
  const x = text(a);
  const y = text(b);
  if (x !== null && y !== null) {
    // Python raises TypeError for text beyond ASCII (Flask answers 500): refused here.
    if (!isAscii(x) || !isAscii(y)) return false;
    const bytes = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
    return constantTimeEqual(bytes(y), bytes(x));
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) return constantTimeEqual(b, a);
  return false;
}

/**
 * Flask-WTF's tokens for one configuration: {@link CsrfTokens.generateCsrf} and
 * {@link CsrfTokens.validateCsrf} with the key's serializer built once. `CSRFProtect` extends it.
 *
 * @throws TypeError when built without a key (`"A secret key is required to use CSRF."`), or with
 *   a time limit that is not a number.
 * @example
 * ```ts
 * const csrf = new CsrfTokens({ secretKey: process.env.SECRET_KEY });
 * const token = csrf.generateCsrf(session);   // put it in the form as csrf_token
 * // On the form's POST:
 * csrf.validateCsrf((await request.formData()).get("csrf_token"), session); // throws CSRFError when it does not pass
 * ```
 */
export class CsrfTokens {
  /** `WTF_CSRF_FIELD_NAME`. */
  readonly fieldName: string;
  /** `WTF_CSRF_TIME_LIMIT` (`null`: no limit). */
  readonly timeLimit: number | null;
  readonly #serializer: URLSafeTimedSerializer;
  readonly #randomBytes: (length: number) => Uint8Array;

  /** @param options - Flask-WTF's settings in camelCase. */
  constructor(options: CsrfOptions) {
    if (options === null || typeof options !== "object") throw new TypeError("Expected options with secretKey.");
    const key = options.wtfCsrfSecretKey ?? options.secretKey;
    if (key === null || key === undefined) throw new TypeError("A secret key is required to use CSRF.");
    const fieldName = options.wtfCsrfFieldName ?? "csrf_token";
    if (typeof fieldName !== "string") throw new TypeError("A field name is required to use CSRF.");
    const timeLimit = options.wtfCsrfTimeLimit === undefined ? 3600 : options.wtfCsrfTimeLimit;
    if (timeLimit !== null && (typeof timeLimit !== "number" || !Number.isFinite(timeLimit))) {
      throw new TypeError("wtfCsrfTimeLimit must be a finite number of seconds, or null for no limit.");
    }
    this.fieldName = fieldName;
    this.timeLimit = timeLimit;
    const now = options.now ?? (() => Date.now() / 1000);
    this.#randomBytes = options.randomBytes ?? defaultRandomBytes;
    this.#serializer = new URLSafeTimedSerializer(key, {
      salt: "wtf-csrf-token",
      signer: class CsrfSigner extends TimestampSigner {
        override getTimestamp(): number {
          return Math.floor(now());
        }
      },
      limits: options.limits,
    });
  }

  /** A new raw token: `hashlib.sha1(os.urandom(64)).hexdigest()`. */
  newRawToken(): string {
    let out = "";
    for (const byte of sha1(this.#randomBytes(64))) out += HEX[byte >> 4]! + HEX[byte & 15]!;
    return out;
  }

  /**
   * `generate_csrf()`: the signed token for the session's raw token, which is created (and the
   * session modified) when there is none, or replaced when it cannot be signed (not JSON).
   * Flask-WTF returns one token per request; the adapters' `csrfToken()` does the same, while
   * two calls here a second apart give two tokens (both valid).
   *
   * @example
   * ```ts
   * const token = csrf.generateCsrf(session); // "ImY5YjQ...".<timestamp>.<signature>
   * ```
   */
  generateCsrf(session: FlaskSession<SessionData>): string {
    const field = this.fieldName;
    if (!session.has(field)) session.set(field, this.newRawToken());
    try {
      return this.#serializer.dumps(session.get(field));
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      session.set(field, this.newRawToken());
      return this.#serializer.dumps(session.get(field));
    }
  }

  /**
   * `validate_csrf(data)` without throwing: `null` when the token passes, else the
   * {@link CSRFError} Flask-WTF would raise, checked in Flask-WTF's order (missing, no session
   * token, expired, invalid, not matching). Never throws for any `data`.
   */
  checkCsrf(data: unknown, session: FlaskSession<SessionData>): CSRFError | null {
    if (pyFalsy(data)) return new CSRFError("missing");
    if (!session.has(this.fieldName)) return new CSRFError("session-token-missing");
    if (typeof data !== "string") return new CSRFError("invalid"); // Python: TypeError (500)
    let token: unknown;
    try {
      token = this.#serializer.loads(data, { maxAge: this.timeLimit });
    } catch (error) {
      if (error instanceof SignatureExpired) return new CSRFError("expired", { cause: error });
      if (error instanceof BadData) return new CSRFError("invalid", { cause: error });
      throw error;
    }
    if (!compareDigest(session.get(this.fieldName), token)) return new CSRFError("mismatch");
    return null;
  }

  /**
   * `validate_csrf(data)`: checks a signed token against the session's raw token.
   *
   * @throws CSRFError with Flask-WTF's message when it does not pass.
   * @example
   * ```ts
   * csrf.validateCsrf(request.headers.get("X-CSRFToken"), session); // a script sends the token in a header
   * ```
   */
  validateCsrf(data: unknown, session: FlaskSession<SessionData>): void {
    const error = this.checkCsrf(data, session);
    if (error) throw error;
  }

  /** A summary for logs: the settings, never the key. */
  toJSON(): Record<string, unknown> {
    return { fieldName: this.fieldName, timeLimit: this.timeLimit, secretKey: "<hidden>" };
  }

  /** Node's `util.inspect` shows {@link CsrfTokens.toJSON}. */
  [INSPECT](_depth: number, options: unknown, inspect?: InspectFunction): string {
    return inspectAs(this.constructor.name, this.toJSON(), options, inspect);
  }
}

/**
 * Flask-WTF's `generate_csrf()`: the signed CSRF token to put in a form (field `csrf_token`) or
 * send in the `X-CSRFToken` header; it stores a raw token in the session when there is none.
 *
 * @throws TypeError without a secret key.
 * @example
 * ```ts
 * const token = generateCsrf(session, { secretKey }); // then save the session: it may hold a new raw token
 * const field = `<input type="hidden" name="csrf_token" value="${token}">`;
 * ```
 */
export function generateCsrf(session: FlaskSession<SessionData>, options: CsrfOptions): string {
  return new CsrfTokens(options).generateCsrf(session);
}

/**
 * Flask-WTF's `validate_csrf(data)`: passes silently, or throws a {@link CSRFError} with
 * Flask-WTF's message ("The CSRF token is missing.", "The CSRF session token is missing.", "The
 * CSRF token has expired.", "The CSRF token is invalid.", "The CSRF tokens do not match.").
 *
 * @throws CSRFError when the token does not pass; TypeError without a secret key.
 * @example
 * ```ts
 * const form = await request.formData();
 * validateCsrf(form.get("csrf_token"), session, { secretKey });
 * ```
 */
export function validateCsrf(data: unknown, session: FlaskSession<SessionData>, options: CsrfOptions): void {
  new CsrfTokens(options).validateCsrf(data, session);
}
