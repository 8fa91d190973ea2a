/**
 * Flask 2.2's session cookie domain from `SERVER_NAME` (`SessionInterface.get_cookie_domain`
 * when `SESSION_COOKIE_DOMAIN` is not set; Flask 2.3 removed it): the host without its port, with
 * a leading dot so that subdomains share the cookie, unless the app is not mounted at `/` or the
 * host is an IP address. A host without a dot (`localhost`) gives no domain, and a warning.
 * @module
 */
import { strRepr } from "../lib/python.js";

/** What Flask 2.2 derives from `SERVER_NAME`: the domain (or `null`) and the warning it gives, if any. */
export interface ServerNameDomain {
  domain: string | null;
  warning: string | null;
}

/**
 * Whether `value` is an IP address as Python's `socket.inet_pton` accepts one (Flask's `is_ip`):
 * a dotted quad without leading zeros, or an IPv6 address.
 *
 * @example
 * ```ts
 * isIpAddress("127.0.0.1"); // true
 * isIpAddress("01.2.3.4");  // false (inet_pton refuses leading zeros)
 * ```
 */
export function isIpAddress(value: string): boolean {
  if (/^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(value)) return true;
  if (!value.includes(":") || !/^[0-9A-Fa-f:.]+$/.test(value)) return false;
  try {
    new URL(`http://[${value}]/`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The cookie domain Flask 2.2 takes from `SERVER_NAME`.
 *
 * @param serverName - `SERVER_NAME` (`"example.com:5000"`), or nothing.
 * @param cookiePath - The session cookie's path (`SESSION_COOKIE_PATH` or `APPLICATION_ROOT`).
 * @example
 * ```ts
 * domainFromServerName("example.com:5000", "/").domain; // ".example.com"
 * domainFromServerName("localhost:5000", "/").domain;   // null, with a warning
 * ```
 */
export function domainFromServerName(serverName: string | null | undefined, cookiePath: string): ServerNameDomain {
  if (!serverName) return { domain: null, warning: null };
  const colon = serverName.lastIndexOf(":");
  const host = (colon === -1 ? serverName : serverName.slice(0, colon)).replace(/^\.+/, "");
  if (!host.includes(".")) {
    return {
      domain: null,
      warning:
        `${strRepr(host)} is not a valid cookie domain, it must contain a '.'. Add an entry to your hosts file, ` +
        `for example '${host}.localdomain', and use that instead.`,
    };
  }
  const ip = isIpAddress(host);
  const warning = ip
    ? "The session cookie domain is an IP address. This may not work as intended in some browsers. Add an entry to " +
      'your hosts file, for example "localhost.localdomain", and use that instead.'
    : null;
  return { domain: cookiePath === "/" && !ip ? `.${host}` : host, warning };
}
