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

/*
 * Reading a `Cookie` header exactly as Werkzeug 2.2 does (`_cookie_parse_impl`, then UTF-8 with
 * replacement). Werkzeug works on bytes: the header's latin-1 characters (what Node and WSGI hand
 * over) are its bytes, and its pattern is a bytes pattern, so:
 * - white space is ASCII only (space, \t, \n, \r, \v, \f): a "\xa0" is part of a name or value;
 * - `.` does not match "\n": an unquoted value cannot hold one, and a pair that would needs
 *   ends the parse (`_cookie_re.match` fails and Werkzeug stops, dropping the rest of the header);
 * - names and values are decoded as UTF-8 after unquoting, malformed bytes becoming U+FFFD (and a
 *   character beyond latin-1, which cannot come from HTTP, is `?`, as `encode("latin1", "replace")`
 *   makes it).
 * The scan below is that pattern, `([^=;]*)(?:\s*=\s*("(?:[^\\"]|\\.)*"|.*?))?\s*;` matched at
 * each position, written out: no backtracking can change its result (the comments say why).
 */

/** Whether the character at `index` is white space for a bytes pattern: space or \t \n \v \f \r. */
function isSpace(text: string, index: number): boolean {
  const code = text.charCodeAt(index); // NaN past the end: not white space
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

// What scanPair found (kept in module variables: it runs for every cookie of every request).
let keyEnd = 0;
let valueStart = 0;
let valueEnd = 0;
let pairEnd = 0;

/** The code of `text[i]`, with the ";" Werkzeug appends to the header at `text.length`. */
function codeAt(text: string, i: number): number {
  return i < text.length ? text.charCodeAt(i) : 0x3b;
}

/**
 * Matches Werkzeug's pattern at `i` in the header `text` (followed by the ";" Werkzeug appends,
 * without building that string): the raw name is `text.slice(i, keyEnd)`, the raw value
 * `text.slice(valueStart, valueEnd)`, and the next pair starts at `pairEnd`. Returns false where
 * the pattern does not match, which ends Werkzeug's parse.
 */
function scanPair(text: string, i: number): boolean {
  const end = text.length + 1; // with the appended ";"
  // The name: everything up to the first "=" or ";". (Giving back its trailing white space would
  // only let `\s*` take it instead: the same match.)
  let k = i;
  while (codeAt(text, k) !== 0x3d && codeAt(text, k) !== 0x3b) k++;
  keyEnd = k;
  if (codeAt(text, k) === 0x3b) {
    valueStart = valueEnd = k;
    pairEnd = k + 1;
    return true;
  }
  let start = k + 1;
  while (isSpace(text, start)) start++;
  valueStart = start;
  if (codeAt(text, start) === 0x22) {
    // A quoted value: up to the first unescaped quote; `\\.` takes any character but "\n" after a
    // backslash, and the decomposition is unique, so there is no other closing quote to try.
    let q = start + 1;
    while (q < end && codeAt(text, q) !== 0x22) {
      if (codeAt(text, q) === 0x5c) {
        if (q + 1 >= end || codeAt(text, q + 1) === 0x0a) break;
        q += 2;
      } else q++;
    }
    if (q < end && codeAt(text, q) === 0x22) {
      let r = q + 1;
      while (isSpace(text, r)) r++;
      if (codeAt(text, r) === 0x3b) {
        valueEnd = q + 1;
        pairEnd = r + 1;
        return true;
      }
    }
  }
  // `.*?`: the shortest value after which only white space comes before a ";", i.e. up to the
  // first ";" less trailing white space; it fails if that stretch holds a "\n". (Starting it
  // earlier, inside the white space, cannot avoid that "\n".)
  let semicolon = text.indexOf(";", start);
  if (semicolon === -1) semicolon = text.length;
  let stop = semicolon;
  while (stop > start && isSpace(text, stop - 1)) stop--;
  const newline = text.indexOf("\n", start);
  if (newline !== -1 && newline < stop) return false;
  valueEnd = stop;
  pairEnd = semicolon + 1;
  return true;
}

/** `bytes.strip()`: ASCII white space off both ends. */
function stripAscii(text: string): string {
  let a = 0;
  let b = text.length;
  while (a < b && isSpace(text, a)) a++;
  while (b > a && isSpace(text, b - 1)) b--;
  return a === 0 && b === text.length ? text : text.slice(a, b);
}

const latin1Decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** Werkzeug's `_to_str(bytes, "utf-8", "replace")` of latin-1 characters standing for bytes. */
function decodeLatin1Bytes(text: string): string {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes[i] = code > 0xff ? 0x3f : code;
  }
  return latin1Decoder.decode(bytes);
}

/**
 * Werkzeug's `_cookie_unquote`, then UTF-8: a value in double quotes loses them, and inside,
 * `\ooo` (octal, first digit 0-3) is that byte and a backslash before any other character but
 * "\n" is dropped.
 */
function cookieValue(raw: string): string {
  if (raw.length < 2 || raw.charCodeAt(0) !== 0x22 || raw.charCodeAt(raw.length - 1) !== 0x22) {
    return decodeLatin1Bytes(raw);
  }
  const inner = raw.slice(1, -1);
  if (!inner.includes("\\")) return decodeLatin1Bytes(inner);
  let out = "";
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (ch === "\\" && /^[0-3][0-7][0-7]$/.test(inner.slice(i + 1, i + 4))) {
      out += String.fromCharCode(parseInt(inner.slice(i + 1, i + 4), 8));
      i += 3;
    } else if (ch === "\\" && i + 1 < inner.length && inner[i + 1] !== "\n") {
      out += inner[i + 1]!;
      i += 1;
    } else {
      out += ch;
    }
  }
  return decodeLatin1Bytes(out);
}

/**
 * The cookies of a `Cookie` request header, as Werkzeug parses them; when a name repeats, the
 * first value wins (what `request.cookies.get(name)` returns). The header is a string of latin-1
 * characters standing for its bytes, as Node gives it; names and values are decoded as UTF-8.
 *
 * @example
 * ```ts
 * parseCookie("session=abc; theme=dark").get("session"); // "abc"
 * ```
 */
export function parseCookie(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (let i = 0; i < header.length; i = pairEnd) {
    if (!scanPair(header, i)) break;
    const key = stripAscii(header.slice(i, keyEnd));
    if (!key) continue;
    const name = decodeLatin1Bytes(key);
    if (!cookies.has(name)) cookies.set(name, cookieValue(header.slice(valueStart, valueEnd)));
  }
  return cookies;
}

/**
 * The value of the cookie called `name` in a `Cookie` header, as `parseCookie(header).get(name)`
 * gives it, without building the map: what opening a session needs on every request.
 *
 * @example
 * ```ts
 * findCookie("theme=dark; session=abc", "session"); // "abc"
 * findCookie("theme=dark", "session");              // undefined
 * ```
 * @internal
 */
export function findCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header || !name) return undefined;
  // An ASCII name is the decoded name of a key only if it is that key as it stands in the header
  // (decoding changes no ASCII byte and turns no other byte into ASCII).
  const ascii = !/[^\x00-\x7f]/.test(name);
  if (ascii && !header.includes(name)) return undefined;
  for (let i = 0; i < header.length; i = pairEnd) {
    if (!scanPair(header, i)) return undefined;
    const key = stripAscii(header.slice(i, keyEnd));
    if (key && (ascii ? key === name : decodeLatin1Bytes(key) === name)) {
      return cookieValue(header.slice(valueStart, valueEnd));
    }
  }
  return undefined;
}
