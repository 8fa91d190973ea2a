/**
 * How Werkzeug writes a cookie's `Domain`.
 * - 2.2 (`_make_cookie_domain`): a non-ASCII name is IDNA-encoded label by label (an ASCII one
 *   is kept, case and all), a port is cut off, and a name without a dot is refused (`localhost`,
 *   an IPv6 address); the result is quoted like a value. A leading dot stays.
 * - 2.3+: the port is cut off first, leading dots are dropped, and the rest goes through Python's
 *   `"idna"` codec, which also refuses empty labels (`a..b`) and labels of 64 characters or more;
 *   names without a dot are allowed. An empty domain writes an empty `Domain=`.
 * @internal
 * @module
 */
import { cookieQuote22 } from "./quote.js";
import { idnaEncode } from "./idna.js";
import type { CookieWriter } from "./version.js";

const ASCII = /^[\x00-\x7f]*$/;

/** Werkzeug 2.2's `_encode_idna`: ASCII as it is, else each "."-separated label through the codec. */
export function encodeIdna22(domain: string): string {
  if (ASCII.test(domain)) return domain;
  return domain.split(".").map(idnaEncode).join(".");
}

/**
 * The `Domain` attribute's value as `writer` writes `domain`.
 *
 * @throws TypeError (an `IdnaError` for the codec's refusals) where Werkzeug raises `ValueError`
 *   or `UnicodeError`.
 */
export function cookieDomain(domain: string, writer: CookieWriter): string {
  if (writer !== "2.2") {
    if (!domain) return domain;
    return idnaEncode(domain.split(":", 1)[0]!.replace(/^\.+/, ""));
  }
  let encoded = encodeIdna22(domain);
  if (encoded.includes(":")) encoded = encoded.split(":", 1)[0]!;
  if (!encoded.includes(".")) {
    throw new TypeError(
      `cookie domain ${JSON.stringify(domain)}: Werkzeug 2.2 refuses a domain without a dot (such as localhost); ` +
        "browsers ignore it (Werkzeug 2.3 and later allow it)",
    );
  }
  return cookieQuote22(encoded);
}
