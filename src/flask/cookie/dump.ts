/**
 * `Set-Cookie` as Werkzeug's `dump_cookie` writes it, for the Werkzeug the user names: value
 * quoting, `Path` percent-encoding, `Domain` IDNA, `Expires` and `Max-Age`, `SameSite`,
 * `Partitioned` (3.1+), in Werkzeug's attribute order, and its "cookie is too large" warning.
 *
 * Strict where Werkzeug trusts its caller: a CR, LF or ";" in the key or in any attribute is a
 * `TypeError` (even where Werkzeug would percent-encode it), and so is a header that would hold
 * a control character (which no HTTP stack sends).
 * @module
 */
import { encodeUtf8 } from "../../lib/bytes.js";
import { strRepr } from "../../lib/python.js";
import { floatRepr } from "../../json/numbers.js";
import { httpDate } from "../http-date.js";
import { cookieDomain } from "./domain.js";
import { cookiePath } from "./path.js";
import { quoteValue } from "./quote.js";
import { werkzeugCookieRules, type WerkzeugVersion } from "./version.js";

/**
 * Werkzeug's default `max_size` (and Flask's `MAX_COOKIE_SIZE`): `dumpCookie` returns a warning
 * for a header longer than this many bytes (browsers may drop it silently).
 *
 * @example
 * ```ts
 * dumpCookie("session", "a".repeat(5000)).warning; // "The 'session' cookie is too large: ..."
 * MAX_COOKIE_SIZE; // 4093
 * ```
 */
export const MAX_COOKIE_SIZE = 4093;

/** Options of {@link dumpCookie} (Werkzeug's `dump_cookie` keywords in camelCase). */
export interface DumpCookieOptions {
  /** `Max-Age` in seconds (a fraction is written as Python writes a float: `1.5`). */
  maxAge?: number | null;
  /** `Expires`: a `Date`, seconds since the epoch, or a ready string (written as it is). */
  expires?: Date | number | string | null;
  /** `Path`; default `"/"`. `null` leaves it out. Percent-encoded as Werkzeug does it. */
  path?: string | null;
  /** `Domain`, IDNA-encoded as Python does it; see docs/compatibility.md for what each Werkzeug does with it. */
  domain?: string | null;
  /** `Secure`. */
  secure?: boolean;
  /** `HttpOnly`. */
  httponly?: boolean;
  /** `SameSite`: `"Strict"`, `"Lax"` or `"None"`, in any case (Python's `str.title()` of it must be one of these). */
  samesite?: string | null;
  /** `Partitioned` (CHIPS; Werkzeug 3.1+, which then also sets `Secure`). */
  partitioned?: boolean;
  /** Warn when the header is longer than this many bytes (default {@link MAX_COOKIE_SIZE}; 0 disables the check). */
  maxSize?: number;
  /** Write `Expires` from `maxAge` when `expires` is not given (Werkzeug's `sync_expires`); default `true`. */
  syncExpires?: boolean;
  /** The Werkzeug whose `dump_cookie` to reproduce; default the newest ({@link LATEST_WERKZEUG}). */
  werkzeugVersion?: WerkzeugVersion;
  /** The clock, in seconds since the epoch, for `Expires` from `maxAge`; default `Date.now() / 1000`. */
  now?: () => number;
}

/** A `Set-Cookie` value and the warning Werkzeug would give about it, if any. */
export interface DumpedCookie {
  /** The `Set-Cookie` header value (latin-1 characters standing for its bytes, as Node sends them). */
  header: string;
  /** Werkzeug's "cookie is too large" warning, when the header is over `maxSize`; never printed. */
  warning: string | null;
}

const HEADER_BREAKER = /[\r\n;]/;
// What no HTTP stack sends in a header value (Node's setHeader and fetch's Headers refuse it).

const INVALID_HEADER_CHAR = /[^\t\x20-\x7e\x80-\xff]/;

function refuseBreakers(what: string, text: string): void {
  if (HEADER_BREAKER.test(text)) {
    throw new TypeError(
      `cookie ${what} ${JSON.stringify(text)} contains a CR, LF or ';', which would break the Set-Cookie header`,
    );
  }
}

/** `round()` of C, half away from zero, then Python's `_PyTime_RoundHalfEven`. */
function roundHalfEven(x: number): number {
  const rounded = Math.sign(x) * Math.round(Math.abs(x));
  return Math.abs(x - rounded) === 0.5 ? 2 * Math.round(x / 2) : rounded;
}

/**
 * The whole second of `datetime.fromtimestamp(seconds, timezone.utc)`: Python rounds the fraction
 * to microseconds, half to even (so 1.9999999 is 2), then the date drops them.
 */
function timestampSecond(seconds: number): number {
  if (!Number.isFinite(seconds)) throw new RangeError(`cannot make a date of the timestamp ${seconds}`);
  let whole = Math.trunc(seconds);
  const micros = roundHalfEven((seconds - whole) * 1e6);
  if (micros >= 1e6) whole += 1;
  else if (micros < 0) whole -= 1;
  return whole;
}

/** Werkzeug's `http_date` of a timestamp (seconds) or a `Date`. */
function httpDateOf(value: Date | number, format: (date: Date) => string): string {
  if (typeof value === "number") return format(new Date(timestampSecond(value) * 1000));
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw new TypeError("cookie expires must be a valid Date, a number or a string");
  return format(value);
}

/** Python's `str(max_age)`: an integer as it is, a fraction as Python writes a float. */
function maxAgeText(maxAge: number): string {
  if (typeof maxAge !== "number" || !Number.isFinite(maxAge))
    throw new TypeError(`cookie maxAge must be a finite number of seconds, not ${String(maxAge)}`);
  return Number.isInteger(maxAge) ? BigInt(maxAge).toString() : floatRepr(maxAge);
}

const SAMESITE: [RegExp, string][] = [
  // `str.title()`: the first letter title-cased, the others lower-cased; "ſ" (long s) title-cases
  // to "S", the ligatures "ﬅ" and "ﬆ" to "St". No other character gives these three words.
  [/^(?:[sSſ][tT]|[\ufb05\ufb06])[rR][iI][cC][tT]$/, "Strict"],
  [/^[lL][aA][xX]$/, "Lax"],
  [/^[nN][oO][nN][eE]$/, "None"],
];

/** Werkzeug's `samesite.title()`, which must be one of `Strict`, `Lax`, `None`. */
function sameSiteText(samesite: string): string {
  const found = typeof samesite === "string" ? SAMESITE.find(([pattern]) => pattern.test(samesite)) : undefined;
  if (!found) throw new TypeError(`SameSite must be 'Strict', 'Lax', or 'None', not ${JSON.stringify(samesite)}`);
  return found[1];
}

/** UTF-8 bytes as latin-1 characters: how Werkzeug puts a non-ASCII key into the header. */
function latin1OfUtf8(text: string): string {
  let out = "";
  for (const byte of encodeUtf8(text)) out += String.fromCharCode(byte);
  return out;
}

/**
 * A `Set-Cookie` header value exactly as the given Werkzeug's `dump_cookie` writes it, with the
 * attributes in its order: Domain, Expires, Max-Age, Secure, HttpOnly, Path, SameSite,
 * Partitioned. `warning` holds the "cookie is too large" warning Werkzeug would give (it is
 * returned, never printed).
 *
 * @param formatDate - how a `Date` becomes `Expires` (default: Werkzeug's `http_date`).
 * @throws TypeError for a CR, LF or ";" in the key, path, domain or an `expires` string; a control
 *   character that would reach the header unescaped; an invalid `samesite`; a domain, path or text
 *   Werkzeug refuses (IDNA errors, lone surrogates, a 2.2 domain without a dot); `partitioned`
 *   before Werkzeug 3.1; a `maxAge` that is not a finite number.
 * @throws RangeError for an `expires` or `now + maxAge` outside the years 1-9999.
 * @example
 * ```ts
 * dumpCookie("session", "eyJ...", { httponly: true }).header; // "session=eyJ...; HttpOnly; Path=/"
 * dumpCookie("theme", "dark mode", { domain: ".example.com", werkzeugVersion: "2.2" }).header;
 * // 'theme="dark mode"; Domain=.example.com; Path=/'
 * ```
 */
export function dumpCookie(
  key: string,
  value: string,
  options: DumpCookieOptions = {},
  formatDate: (date: Date) => string = httpDate,
): DumpedCookie {
  const { writer } = werkzeugCookieRules(options.werkzeugVersion);
  if (typeof key !== "string" || typeof value !== "string") throw new TypeError("cookie key and value must be strings");
  refuseBreakers("key", key);
  const path = options.path === undefined ? "/" : options.path;
  if (path !== null) refuseBreakers("path", path);
  const domainOption = options.domain ?? null;
  if (domainOption !== null) refuseBreakers("domain", domainOption);
  if (typeof options.expires === "string") refuseBreakers("expires", options.expires);
  if (options.partitioned && writer !== "3.1") {
    throw new TypeError(`Werkzeug ${options.werkzeugVersion} has no Partitioned cookies (added in 3.1)`);
  }

  const keyText = latin1OfUtf8(key);
  const pathText = path === null ? null : cookiePath(path, writer);
  const domain = domainOption === null ? null : cookieDomain(domainOption, writer);
  const maxAge = options.maxAge ?? null;
  const maxAgeValue = maxAge === null ? null : maxAgeText(maxAge);
  let expires: string | null = null;
  if (options.expires != null) {
    expires = typeof options.expires === "string" ? options.expires : httpDateOf(options.expires, formatDate);
  } else if (maxAge !== null && options.syncExpires !== false) {
    const now = options.now ? options.now() : Date.now() / 1000;
    expires = httpDateOf(now + maxAge, formatDate);
  }
  const samesite = options.samesite == null ? null : sameSiteText(options.samesite);
  const partitioned = writer === "3.1" && options.partitioned === true;
  const quoted = quoteValue(value, writer);

  const parts = [`${keyText}=${quoted}`];
  if (domain !== null) parts.push(`Domain=${domain}`);
  if (expires !== null) parts.push(`Expires=${expires}`);
  if (maxAgeValue !== null) parts.push(`Max-Age=${maxAgeValue}`);
  if (options.secure || partitioned) parts.push("Secure");
  if (options.httponly) parts.push("HttpOnly");
  if (pathText !== null) parts.push(`Path=${pathText}`);
  if (samesite !== null) parts.push(`SameSite=${samesite}`);
  if (partitioned) parts.push("Partitioned");
  const header = parts.join("; ");

  const bad = INVALID_HEADER_CHAR.exec(header);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    throw new TypeError(`the Set-Cookie header for ${JSON.stringify(key)} would hold U+${code}, which no HTTP stack sends`);
  }

  const maxSize = options.maxSize ?? MAX_COOKIE_SIZE;
  let warning: string | null = null;
  if (maxSize && header.length > maxSize) {
    // 2.2 counts the value's UTF-8 bytes and shows the key's repr; 2.3+ count the quoted value.
    const valueSize = writer === "2.2" ? encodeUtf8(value).length : quoted.length;
    const name = writer === "2.2" ? strRepr(key) : `'${key}'`;
    warning =
      `The ${name} cookie is too large: the value was ${valueSize} bytes but the header required ` +
      `${header.length - valueSize} extra bytes. The final size was ${header.length} bytes but the limit is ` +
      `${maxSize} bytes. Browsers may silently ignore cookies larger than this.`;
  }
  return { header, warning };
}
