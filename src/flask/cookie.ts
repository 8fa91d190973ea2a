/**
 * Cookies the way Werkzeug writes and reads them: `dump_cookie` for `Set-Cookie` and
 * `parse_cookie` for the request's `Cookie` header.
 * @module
 */

/** Options of {@link dumpCookie} (Werkzeug's `dump_cookie` keywords in camelCase). */
export interface DumpCookieOptions {
  /** `Max-Age` in seconds. */
  maxAge?: number | null;
  /** `Expires`: a `Date`, seconds since the epoch, or a ready HTTP date string. */
  expires?: Date | number | string | null;
  /** `Path`; default `"/"`. `null` leaves it out. */
  path?: string | null;
  /** `Domain`; must contain a dot (ports are cut off). */
  domain?: string | null;
  /** `Secure`. */
  secure?: boolean;
  /** `HttpOnly`. */
  httponly?: boolean;
  /** `SameSite`: `"Strict"`, `"Lax"` or `"None"` (any case). */
  samesite?: string | null;
  /** `Partitioned` (CHIPS; Werkzeug 3.1+), which also forces `Secure`. */
  partitioned?: boolean;
  /** Warn when the header is longer than this (default 4093; 0 disables the check). */
  maxSize?: number;
}

/** A `Set-Cookie` value and the warning Werkzeug would give about it, if any. */
export interface DumpedCookie {
  /** The `Set-Cookie` header value. */
  header: string;
  /** Werkzeug's "cookie is too large" warning, when the header is over `maxSize`. */
  warning: string | null;
}

// Werkzeug 2.2's _legal_cookie_chars: what a value may hold without quoting.
const LEGAL_COOKIE_CHAR = /^[A-Za-z0-9/=!#$%&'*+\-.^_`|~:]*$/;
const encoder = new TextEncoder();

/** Werkzeug 2.2's `_cookie_quote`: quoted, with octal escapes, when anything is not legal. */
function cookieQuote(value: string): string {
  if (LEGAL_COOKIE_CHAR.test(value)) return value;
  let out = "";
  for (const byte of encoder.encode(value)) {
    const ch = String.fromCharCode(byte);
    if (byte < 32 || byte >= 127) out += "\\" + byte.toString(8).padStart(3, "0");
    else if (ch === ",") out += "\\054";
    else if (ch === ";") out += "\\073";
    else if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else out += ch;
  }
  return `"${out}"`;
}

/** HTTP date for `Expires` (Werkzeug's `http_date`), also for a number of seconds. */
function expiresText(expires: Date | number | string, format: (date: Date) => string): string {
  if (typeof expires === "string") return expires;
  return format(typeof expires === "number" ? new Date(Math.floor(expires) * 1000) : expires);
}

/**
 * A `Set-Cookie` header value exactly as Werkzeug writes it: attributes in the order Domain,
 * Expires, Max-Age, Secure, HttpOnly, Path, SameSite, Partitioned.
 *
 * @throws TypeError for an invalid `samesite`.
 * @example
 * ```ts
 * dumpCookie("session", "eyJ...", { httponly: true }).header; // "session=eyJ...; HttpOnly; Path=/"
 * ```
 */
export function dumpCookie(
  key: string,
  value: string,
  options: DumpCookieOptions = {},
  formatDate: (date: Date) => string = defaultHttpDate,
): DumpedCookie {
  const path = options.path === undefined ? "/" : options.path;
  let domain = options.domain ?? null;
  if (domain !== null) domain = domain.split(":", 1)[0]!;
  let expires: string | null = null;
  if (options.expires != null) expires = expiresText(options.expires, formatDate);
  else if (options.maxAge != null) expires = formatDate(new Date((Math.floor(Date.now() / 1000) + options.maxAge) * 1000));
  let samesite: string | null = null;
  if (options.samesite != null) {
    samesite = options.samesite.charAt(0).toUpperCase() + options.samesite.slice(1).toLowerCase();
    if (!["Strict", "Lax", "None"].includes(samesite)) throw new TypeError("SameSite must be 'Strict', 'Lax', or 'None'.");
  }
  const secure = options.secure === true || options.partitioned === true;
  const quoted = cookieQuote(value);
  const parts = [`${key}=${quoted}`];
  if (domain !== null) parts.push(`Domain=${cookieQuote(domain)}`);
  if (expires !== null) parts.push(`Expires=${expires}`);
  if (options.maxAge != null) parts.push(`Max-Age=${Math.trunc(options.maxAge)}`);
  if (secure) parts.push("Secure");
  if (options.httponly) parts.push("HttpOnly");
  if (path !== null) parts.push(`Path=${path}`);
  if (samesite !== null) parts.push(`SameSite=${samesite}`);
  if (options.partitioned) parts.push("Partitioned");
  const header = parts.join("; ");
  const maxSize = options.maxSize ?? 4093;
  let warning: string | null = null;
  if (maxSize && header.length > maxSize) {
    const valueSize = encoder.encode(value).length;
    warning =
      `The '${key}' cookie is too large: the value was ${valueSize} bytes but the header required ` +
      `${header.length - valueSize} extra bytes. The final size was ${header.length} bytes but the limit is ` +
      `${maxSize} bytes. Browsers may silently ignore cookies larger than this.`;
  }
  return { header, warning };
}

let defaultHttpDate: (date: Date) => string = (date) => date.toUTCString();

/** Sets the HTTP date formatter (the session layer passes Werkzeug's). @internal */
export function setCookieDateFormat(format: (date: Date) => string): void {
  defaultHttpDate = format;
}

// Werkzeug 2.2's _cookie_re: key, optional "=" value (quoted or up to ";"), then ";".
const COOKIE_PAIR = /([^=;]*)(?:\s*=\s*("(?:[^\\"]|\\.)*"|.*?))?\s*;/gs;

/** Werkzeug's `_cookie_unquote`: strips quotes and undoes `\ooo` and `\x` escapes. */
function cookieUnquote(value: string): string {
  if (value.length < 2 || value[0] !== '"' || value[value.length - 1] !== '"') return value;
  const inner = value.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (ch === "\\" && /^[0-3][0-7][0-7]$/.test(inner.slice(i + 1, i + 4))) {
      bytes.push(parseInt(inner.slice(i + 1, i + 4), 8));
      i += 3;
    } else if (ch === "\\" && i + 1 < inner.length) {
      bytes.push(...encoder.encode(inner[i + 1]!));
      i += 1;
    } else {
      bytes.push(...encoder.encode(ch));
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

/**
 * The cookies of a `Cookie` request header, as Werkzeug parses them; when a name repeats, the
 * first value wins (what `request.cookies.get(name)` returns).
 *
 * @example
 * ```ts
 * parseCookie("session=abc; theme=dark").get("session"); // "abc"
 * ```
 */
export function parseCookie(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  COOKIE_PAIR.lastIndex = 0;
  const text = header + ";";
  for (let match = COOKIE_PAIR.exec(text); match !== null; match = COOKIE_PAIR.exec(text)) {
    if (match[0] === "") {
      COOKIE_PAIR.lastIndex++;
      continue;
    }
    const key = match[1]!.trim();
    if (!key || cookies.has(key)) continue;
    cookies.set(key, cookieUnquote(match[2] ?? ""));
  }
  return cookies;
}

/** Whether `code` is a character JavaScript's `\s` (and `trim`) treats as white space. */
function isSpace(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) return true;
  if (code < 0xa0) return false;
  return /\s/.test(text.charAt(index));
}

/**
 * The value of the cookie called `name` in a `Cookie` header, as `parseCookie(header).get(name)`
 * gives it (Werkzeug's parse, first value wins), without building the map: what opening a session
 * needs on every request. The scan follows {@link parseCookie}'s pattern step by step; a test
 * checks the two agree on random headers.
 *
 * @example
 * ```ts
 * findCookie("theme=dark; session=abc", "session"); // "abc"
 * findCookie("theme=dark", "session");              // undefined
 * ```
 * @internal
 */
export function findCookie(header: string | null | undefined, name: string): string | undefined {
  // The cookie's name is in the header as it is (keys are only trimmed), or it is not there.
  if (!header || !name || !header.includes(name)) return undefined;
  const end = header.length;
  let i = 0;
  while (i <= end) {
    // The key: up to the first "=" or ";" (the pattern's `[^=;]*`); the header ends with a ";".
    let k = i;
    while (k < end && header.charCodeAt(k) !== 0x3d && header.charCodeAt(k) !== 0x3b) k++;
    const key = header.slice(i, k).trim();
    if (k >= end || header.charCodeAt(k) === 0x3b) {
      if (key === name) return "";
      i = k + 1;
      continue;
    }
    // "=", white space, then a quoted string followed by white space and ";", else everything
    // up to the first ";" less trailing white space.
    let start = k + 1;
    while (start < end && isSpace(header, start)) start++;
    let valueEnd = -1;
    let next = -1;
    if (header.charCodeAt(start) === 0x22) {
      let q = start + 1;
      // In `"(?:[^\\"]|\\.)*"` a backslash always takes the next character (the final ";" too).
      while (q < end + 1 && header.charCodeAt(q) !== 0x22) q += header.charCodeAt(q) === 0x5c ? 2 : 1;
      if (q < end) {
        let r = q + 1;
        while (r < end && isSpace(header, r)) r++;
        if (r >= end || header.charCodeAt(r) === 0x3b) {
          valueEnd = q + 1;
          next = r + 1;
        }
      }
    }
    if (valueEnd === -1) {
      const semicolon = header.indexOf(";", start);
      next = semicolon === -1 ? end + 1 : semicolon + 1;
      valueEnd = next - 1;
      while (valueEnd > start && isSpace(header, valueEnd - 1)) valueEnd--;
    }
    if (key === name) return cookieUnquote(header.slice(start, valueEnd));
    i = next;
  }
  return undefined;
}
