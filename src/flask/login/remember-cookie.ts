/**
 * Flask-Login's "remember me" cookie (`flask_login.utils.encode_cookie` / `decode_cookie`):
 * `"<user id>|<HMAC-SHA512 of the id, in lowercase hex>"`, keyed with `SECRET_KEY` as is (no salt,
 * no key derivation, no timestamp: the cookie's own `Expires` is its only expiry).
 *
 * Flask-Login 0.6.3 and 0.7 only ever use `SECRET_KEY`, never Flask 3.1's `SECRET_KEY_FALLBACKS`:
 * a remember cookie signed with an older key is refused by Flask. {@link RememberCookie} can
 * accept older keys too (`fallbacks`), for an app that rotates keys and patches Flask-Login to
 * match; by default it does exactly what Flask-Login does.
 * @module
 */
import { constantTimeEqual, getDigest } from "../../crypto.js";
import { defaultMac, type KeyedMac } from "../../mac.js";
import { type StrOrBytes, encodeUtf8, isAscii } from "../../lib/bytes.js";
import { INSPECT, type InspectFunction, defineHidden, hiddenKeys, inspectAs } from "../../lib/redact.js";

const HEX = "0123456789abcdef";
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Flask-Login's `_secret_key`: a text key is encoded as latin-1 (so a character beyond U+00FF,
 * which Python cannot encode, is refused here as it fails there), bytes are used as they are.
 *
 * @throws TypeError for a missing or empty key, or a character latin-1 cannot hold.
 * @internal
 */
export function rememberCookieKey(secretKey: StrOrBytes | null | undefined): Uint8Array {
  if (secretKey == null || secretKey.length === 0) {
    throw new TypeError("The remember cookie needs a secret key: set secretKey (Flask's SECRET_KEY).");
  }
  if (secretKey instanceof Uint8Array) return secretKey;
  if (typeof secretKey !== "string") throw new TypeError("secretKey must be a string or a Uint8Array");
  const out = new Uint8Array(secretKey.length);
  for (let i = 0; i < secretKey.length; i++) {
    const code = secretKey.charCodeAt(i);
    if (code > 0xff) {
      throw new TypeError(
        "Flask-Login encodes a text SECRET_KEY as latin-1, which cannot hold a character beyond U+00FF " +
          "(Python raises UnicodeEncodeError): use a latin-1 key, or the key's bytes.",
      );
    }
    out[i] = code;
  }
  return out;
}

function hex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += HEX[byte >> 4]! + HEX[byte & 15]!;
  return out;
}

/** Options of {@link RememberCookie}. */
export interface RememberCookieOptions {
  /**
   * Older keys that still verify (newest first is not required: every key is tried). **Not a
   * Flask-Login setting**: Flask-Login verifies with `SECRET_KEY` only, so a cookie accepted
   * through a fallback here is one Flask refuses. Default none.
   */
  fallbacks?: readonly StrOrBytes[];
  /** Longest cookie read, in UTF-16 code units (default 1 MiB, the library's `maxTokenLength`); longer ones are refused unhashed. */
  maxLength?: number;
}

/**
 * The remember cookie's signer for one secret key: `encode(userId)` writes what Flask-Login's
 * `encode_cookie` writes, `decode(cookie)` returns the user id of a genuine cookie or `null`
 * (Flask-Login's `decode_cookie` returning `None`), never throwing for any input. The keys are
 * processed once.
 *
 * @example
 * ```ts
 * const remember = new RememberCookie(process.env.FLASK_SECRET_KEY!);
 * const cookie = remember.encode("42");   // "42|3f9a...(128 hex digits)"
 * remember.decode(cookie);                // "42"
 * remember.decode("42|forged");           // null
 * ```
 */
export class RememberCookie {
  /** The keys, current first (hidden from logs). */
  declare readonly secretKeys: readonly Uint8Array[];
  readonly #macs: readonly KeyedMac[];
  readonly #maxLength: number;

  /**
   * @param secretKey - Flask's `SECRET_KEY` (text is encoded as latin-1, as Flask-Login does).
   * @param options - Fallback keys (not Flask-Login's behaviour) and the length limit.
   * @throws TypeError for a missing key or one Flask-Login could not encode.
   */
  constructor(secretKey: StrOrBytes, options: RememberCookieOptions = {}) {
    const keys = [secretKey, ...(options.fallbacks ?? [])].map(rememberCookieKey);
    defineHidden(this, "secretKeys", keys);
    const sha512 = getDigest("sha512");
    this.#macs = keys.map((key) => defaultMac(sha512, key));
    const maxLength = options.maxLength ?? 1024 * 1024;
    if (!Number.isSafeInteger(maxLength) || maxLength < 1) throw new TypeError("maxLength must be a positive integer");
    this.#maxLength = maxLength;
  }

  /**
   * The hex digest Flask-Login appends (`_cookie_digest`): HMAC-SHA512 of the id's UTF-8 bytes.
   *
   * @throws TypeError when `payload` holds a lone surrogate (Python cannot encode it either).
   */
  digest(payload: string): string {
    return hex(this.#macs[0]!.mac(encodeUtf8(payload)));
  }

  /**
   * The cookie value for a user id (Flask-Login's `encode_cookie`): `"<id>|<digest>"`.
   *
   * @throws TypeError when `userId` is not a string or holds a lone surrogate.
   * @example
   * ```ts
   * remember.encode("ann@example.com"); // "ann@example.com|..."
   * ```
   */
  encode(userId: string): string {
    if (typeof userId !== "string") throw new TypeError("The remember cookie holds a user id as a string");
    return `${userId}|${this.digest(userId)}`;
  }

  /**
   * The user id in a genuine remember cookie, else `null`: no `|`, a digest that does not match
   * (it is split off at the **last** `|`, so an id may hold `|`), a digest that is not ASCII (Python
   * raises `TypeError` there, which Flask answers with a 500), an id Python cannot encode, or a
   * cookie longer than the limit. Every key is tried; the comparison is constant-time.
   *
   * @example
   * ```ts
   * remember.decode("a|b|<digest of 'a|b'>"); // "a|b"
   * ```
   */
  decode(cookie: unknown): string | null {
    if (typeof cookie !== "string" || cookie.length > this.#maxLength) return null;
    const bar = cookie.lastIndexOf("|");
    if (bar < 0) return null;
    const payload = cookie.slice(0, bar);
    const digest = cookie.slice(bar + 1);
    if (!isAscii(digest) || LONE_SURROGATE.test(payload)) return null;
    const received = encodeUtf8(digest);
    const data = encodeUtf8(payload);
    let ok = false;
    for (const mac of this.#macs) ok = constantTimeEqual(received, encodeUtf8(hex(mac.mac(data)))) || ok;
    return ok ? payload : null;
  }

  /** A summary for logs: how many keys, never which. */
  toJSON(): Record<string, unknown> {
    return { secretKeys: hiddenKeys(this.secretKeys), maxLength: this.#maxLength };
  }

  /** Node's `util.inspect` shows {@link RememberCookie.toJSON}. */
  [INSPECT](_depth: number, options: unknown, inspect?: InspectFunction): string {
    return inspectAs("RememberCookie", this.toJSON(), options, inspect);
  }
}

/**
 * Flask-Login's `encode_cookie(user_id)`: the remember cookie's value for a user id.
 *
 * @param secretKey - Flask's `SECRET_KEY`.
 * @throws TypeError for a missing key, a text key beyond latin-1, or an id with a lone surrogate.
 * @example
 * ```ts
 * encodeRememberCookie("42", "secret"); // "42|" + 128 hex digits
 * ```
 */
export function encodeRememberCookie(userId: string, secretKey: StrOrBytes): string {
  return new RememberCookie(secretKey).encode(userId);
}

/**
 * Flask-Login's `decode_cookie(cookie)`: the user id of a genuine remember cookie, or `null`.
 * Never throws for any cookie (only for a missing or unusable key).
 *
 * @param secretKey - Flask's `SECRET_KEY`, or a list of keys to try (the first is the current
 *   one; the others are *not* what Flask-Login does, see {@link RememberCookieOptions.fallbacks}).
 * @example
 * ```ts
 * decodeRememberCookie(findCookie(request.headers.get("cookie"), "remember_token"), "secret"); // "42" or null
 * ```
 */
export function decodeRememberCookie(cookie: unknown, secretKey: StrOrBytes | readonly StrOrBytes[]): string | null {
  const [current, ...fallbacks] = typeof secretKey === "string" || secretKey instanceof Uint8Array ? [secretKey] : secretKey;
  if (current === undefined) throw new TypeError("decodeRememberCookie needs at least one secret key");
  return new RememberCookie(current, { fallbacks }).decode(cookie);
}
