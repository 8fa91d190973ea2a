/**
 * Flask-WTF's CSRF failures: `CSRFError` (Python: the `ValidationError` of `validate_csrf`, and
 * the `CSRFError` (400 Bad Request) that `CSRFProtect` raises), with Flask-WTF's exact messages.
 * @module
 */
import { BadData, type BadDataCode } from "../../errors.js";

/** Why a CSRF check failed: one value per message of Flask-WTF. */
export type CSRFErrorReason =
  "missing" | "session-token-missing" | "expired" | "invalid" | "mismatch" | "referrer-missing" | "referrer-mismatch";

/**
 * Flask-WTF's message for each {@link CSRFErrorReason} (flask_wtf/csrf.py, 1.2.x and 1.3.0).
 *
 * @example
 * ```ts
 * CSRF_MESSAGES.expired; // "The CSRF token has expired."
 * ```
 */
export const CSRF_MESSAGES: Readonly<Record<CSRFErrorReason, string>> = Object.freeze({
  missing: "The CSRF token is missing.",
  "session-token-missing": "The CSRF session token is missing.",
  expired: "The CSRF token has expired.",
  invalid: "The CSRF token is invalid.",
  mismatch: "The CSRF tokens do not match.",
  "referrer-missing": "The referrer header is missing.",
  "referrer-mismatch": "The referrer does not match the host.",
});

/**
 * A request or token failed Flask-WTF's CSRF check. `message` is Flask-WTF's (what Flask puts
 * in the 400 page, `e.description`), `reason` says which in a stable form, and `status` /
 * `statusCode` are 400 so that Express, Koa and Fastify answer `400 Bad Request` as Flask does.
 *
 * @example
 * ```ts
 * try {
 *   validateCsrf(token, session, { secretKey });
 * } catch (error) {
 *   if (error instanceof CSRFError) console.log(error.reason, error.message); // "expired" "The CSRF token has expired."
 *   else throw error;
 * }
 * ```
 */
export class CSRFError extends BadData {
  override readonly code: BadDataCode = "ERR_CSRF";
  /** Which check failed. */
  readonly reason: CSRFErrorReason;
  /** 400, as Flask-WTF's `CSRFError` (a `BadRequest`). */
  readonly status = 400;
  /** 400 (the name Fastify and `http-errors` read). */
  readonly statusCode = 400;
  /** The message is meant for the client (Koa shows it, as Flask shows the description). */
  readonly expose = true;

  /**
   * @param reason - Which check failed; the message is Flask-WTF's for it.
   * @param options - `cause`, the underlying `BadSignature` or `SignatureExpired` if any.
   */
  constructor(reason: CSRFErrorReason, options?: { cause?: unknown }) {
    super(CSRF_MESSAGES[reason], options);
    this.name = "CSRFError";
    this.reason = reason;
  }

  /** Werkzeug's name for the message of an HTTP error: Flask-WTF's reason text. */
  get description(): string {
    return this.message;
  }
}
