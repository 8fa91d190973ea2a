/**
 * Flask-WTF's Referer rule for HTTPS requests (`WTF_CSRF_SSL_STRICT`): `same_origin(referrer,
 * f"https://{request.host}/")`, with Python's `urlparse` deciding scheme, host and port, and
 * Werkzeug's `request.host` (the `Host` header without a default port; from Werkzeug 3.1.7 an
 * invalid one counts as empty).
 * @module
 */
import { UrlSplitError, urlHostname, urlPort, urlsplit } from "../../lib/urlsplit.js";

/**
 * Flask-WTF's `same_origin(current_uri, compare_uri)` as a verdict: `true`, `false`, or
 * `"error"` where Python raises `ValueError` (a bad port, bad brackets), which Flask answers with
 * a 500. Python compares scheme, then hostname, then port, and stops at the first difference,
 * so a bad port after a different host is no error.
 *
 * @example
 * ```ts
 * sameOriginVerdict("https://shop.example/cart", "https://shop.example/"); // true
 * sameOriginVerdict("https://shop.example:99999/", "https://shop.example/"); // "error"
 * ```
 */
export function sameOriginVerdict(currentUri: string, compareUri: string): boolean | "error" {
  try {
    const current = urlsplit(currentUri);
    const compare = urlsplit(compareUri);
    return (
      current.scheme === compare.scheme && urlHostname(current) === urlHostname(compare) && urlPort(current) === urlPort(compare)
    );
  } catch (error) {
    if (error instanceof UrlSplitError) return "error";
    throw error;
  }
}

/**
 * Flask-WTF's `same_origin`: whether two URLs have the same scheme, host and port, as Python's
 * `urlparse` reads them. A URL Python cannot read is not the same origin here.
 *
 * @example
 * ```ts
 * sameOrigin("https://shop.example/cart", "https://shop.example/"); // true
 * sameOrigin("https://evil.example/", "https://shop.example/");     // false
 * ```
 */
export function sameOrigin(currentUri: string, compareUri: string): boolean {
  return sameOriginVerdict(currentUri, compareUri) === true;
}

// Werkzeug 3.1.7+'s _host_re (ASCII, any case): a domain or IPv4, or a bracketed IPv6, and a port.
const HOST = /^(?:[a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::([1-9][0-9]{0,4}))?$/i;

/** Whether a Werkzeug version (`"3.1.7"`) is at least `[major, minor, patch]`. */
export function werkzeugAtLeast(version: string | undefined, wanted: readonly [number, number, number]): boolean {
  if (version === undefined) return true; // the newest
  const parts = version.split(".").map((p) => parseInt(p, 10));
  for (let i = 0; i < 3; i++) {
    const have = Number.isFinite(parts[i]) ? parts[i]! : 0;
    if (have !== wanted[i]) return have > wanted[i]!;
  }
  return true;
}

/**
 * Werkzeug's `request.host` for a `Host` header: without the scheme's default port (`:443` for
 * https, `:80` for http); from Werkzeug 3.1.7 an invalid host (characters beyond a host name, a
 * port outside 1-65535) is `""`.
 *
 * @param werkzeugVersion - The Werkzeug the Flask app runs (default: the newest).
 * @example
 * ```ts
 * requestHost("shop.example:443", "https"); // "shop.example"
 * requestHost("shop.example:8443", "https"); // "shop.example:8443"
 * ```
 */
export function requestHost(hostHeader: string | null, scheme: "http" | "https", werkzeugVersion?: string): string {
  let host = hostHeader ?? "";
  const port = scheme === "https" ? ":443" : ":80";
  if (host.endsWith(port)) host = host.slice(0, -port.length);
  if (werkzeugAtLeast(werkzeugVersion, [3, 1, 7])) {
    const match = HOST.exec(host);
    if (match === null || (match[1] !== undefined && Number(match[1]) > 65535)) return "";
  }
  return host;
}
