/**
 * Reading a `Cookie` request header as the Werkzeug the user names does: what Flask's
 * `request.cookies` holds (`werkzeug.sansio.http.parse_cookie` of the WSGI header, a string of
 * latin-1 characters standing for its bytes, which is also what Node and `fetch` hand over).
 *
 * After ./scan.ts has split the pairs, each Werkzeug makes names and values differently:
 * - 2.2 works on bytes: a name is stripped of ASCII white space, a value is not; a quoted value
 *   (`_cookie_unquote`) loses its quotes and `\ooo` / `\c` escapes; both are then decoded as
 *   UTF-8 with replacement (a character beyond latin-1, which HTTP cannot carry, is `?` first,
 *   as `encode("latin1", "replace")` makes it).
 * - 2.3 to 3.1.8 work on the string: names and values are stripped of all of Python's white space
 *   (`str.strip()`: also `\x1c`-`\x1f`, `\x85`, `\xa0`); a quoted value is unescaped on its UTF-8
 *   bytes and decoded with replacement; everything else stays as it came, latin-1 characters and
 *   all (so a UTF-8 name or value reads as mojibake, exactly as in Flask).
 * - 3.1.9 strips nothing (its scanner skips only space and tab) and unquotes as 2.3 does.
 * Empty names are dropped (3.1.9 cannot produce one). Where a name repeats, the first value wins:
 * `request.cookies.get(name)` is the first value of a `MultiDict`.
 * @module
 */
import { isAsciiSpace, RegexPairScanner, TokenPairScanner, type PairScanner, type ReadWork } from "./scan.js";
import { werkzeugCookieRules, type CookieReader, type WerkzeugVersion } from "./version.js";

/** Options of {@link parseCookie} and {@link findCookie}. */
export interface CookieReadOptions {
  /** The Werkzeug whose `request.cookies` to reproduce; default the newest ({@link LATEST_WERKZEUG}). */
  werkzeugVersion?: WerkzeugVersion;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Python's `str.isspace()` (what `str.strip()` removes), for one UTF-16 code unit. */
function isPythonSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code >= 0x1c;
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

function stripStart(text: string, a: number, b: number, space: (code: number) => boolean, work: ReadWork): number {
  const from = a;
  while (a < b && space(text.charCodeAt(a))) a++;
  work.steps += a - from + 1;
  return a;
}

function stripEnd(text: string, a: number, b: number, space: (code: number) => boolean, work: ReadWork): number {
  const from = b;
  while (b > a && space(text.charCodeAt(b - 1))) b--;
  work.steps += from - b + 1;
  return b;
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
const encoder = new TextEncoder();

const NON_ASCII = /[^\x00-\x7f]/;

/** Werkzeug 2.2's `_to_str(bytes, "utf-8", "replace")` of latin-1 characters standing for bytes. */
function decodeLatin1Bytes(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    bytes.push(code > 0xff ? 0x3f : code); // one "?" per code point, as encode("latin1", "replace")
  }
  return utf8.decode(new Uint8Array(bytes));
}

function isOctalEscape(text: string, at: number): boolean {
  const a = text.charCodeAt(at);
  const b = text.charCodeAt(at + 1);
  const c = text.charCodeAt(at + 2);
  return a >= 0x30 && a <= 0x33 && b >= 0x30 && b <= 0x37 && c >= 0x30 && c <= 0x37;
}

/**
 * The backslash escapes of a quoted value, as bytes: `\ooo` (first digit 0-3) is that byte, a
 * backslash before any other character but "\n" gives that character, any other backslash stays.
 * `bytesOf` turns the other characters into bytes: latin-1 (2.2, `_cookie_unquote`) or UTF-8
 * (2.3+, `_cookie_unslash_re.sub` on `cv.encode()`).
 */
function unescape(inner: string, work: ReadWork, utf8Bytes: boolean): Uint8Array {
  const out: number[] = [];
  const push = (text: string) => {
    if (utf8Bytes) for (const byte of encoder.encode(text)) out.push(byte);
    else for (const ch of text) out.push(ch.codePointAt(0)! > 0xff ? 0x3f : ch.codePointAt(0)!);
  };
  let plain = 0;
  for (let i = 0; i < inner.length; i++) {
    if (inner.charCodeAt(i) !== BACKSLASH) continue;
    if (isOctalEscape(inner, i + 1)) {
      push(inner.slice(plain, i));
      out.push(parseInt(inner.slice(i + 1, i + 4), 8));
      plain = i + 4;
      i += 3;
    } else if (i + 1 < inner.length && inner.charCodeAt(i + 1) !== 0x0a) {
      push(inner.slice(plain, i));
      plain = i + 1; // the escaped character is pushed with what follows it
      i += 1;
    }
  }
  push(inner.slice(plain));
  work.steps += inner.length;
  return new Uint8Array(out);
}

function isQuoted(raw: string): boolean {
  return raw.length >= 2 && raw.charCodeAt(0) === QUOTE && raw.charCodeAt(raw.length - 1) === QUOTE;
}

/** A pair's value as `reader` makes it from `text.slice(start, end)` (`start` -1: no value). */
function readValue(text: string, start: number, end: number, reader: CookieReader, work: ReadWork): string {
  if (start === -1) return "";
  if (reader === "2.3") {
    const a = stripStart(text, start, end, isPythonSpace, work);
    end = stripEnd(text, a, end, isPythonSpace, work);
    start = a;
  }
  const raw = text.slice(start, end);
  work.steps += raw.length;
  if (!isQuoted(raw)) return reader === "2.2" ? decodeLatin1Bytes(raw) : raw;
  const inner = raw.slice(1, -1);
  if (!inner.includes("\\")) return reader === "2.2" ? decodeLatin1Bytes(inner) : inner;
  return utf8.decode(unescape(inner, work, reader !== "2.2"));
}

function scannerFor(header: string, reader: CookieReader, work: ReadWork): PairScanner {
  return reader === "3.1.9" ? new TokenPairScanner(header, work) : new RegexPairScanner(header, reader === "2.3", work);
}

/**
 * Reads the pairs of `header`, calling `visit` with each name's stripped bounds (empty names
 * skipped); `visit` returns true to stop.
 */
function eachPair(
  header: string,
  reader: CookieReader,
  work: ReadWork,
  visit: (scanner: PairScanner, keyStart: number, keyEnd: number) => boolean,
): void {
  const scanner = scannerFor(header, reader, work);
  const space = reader === "2.2" ? isAsciiSpace : isPythonSpace;
  while (scanner.next()) {
    let a = scanner.keyStart;
    let b = scanner.keyEnd;
    if (reader !== "3.1.9") {
      a = stripStart(header, a, b, space, work);
      b = stripEnd(header, a, b, space, work);
      if (a === b) continue;
    }
    if (visit(scanner, a, b)) return;
  }
}

/** {@link parseCookie}, counting the work in `work`. @internal */
export function parseCookieCounted(
  header: string | null | undefined,
  options: CookieReadOptions,
  work: ReadWork,
): Map<string, string> {
  const { reader } = werkzeugCookieRules(options.werkzeugVersion);
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  eachPair(header, reader, work, (scanner, a, b) => {
    const raw = header.slice(a, b);
    work.steps += raw.length;
    const name = reader === "2.2" ? decodeLatin1Bytes(raw) : raw;
    if (!cookies.has(name)) cookies.set(name, readValue(header, scanner.valueStart, scanner.valueEnd, reader, work));
    return false;
  });
  return cookies;
}

/** {@link findCookie}, counting the work in `work`. @internal */
export function findCookieCounted(
  header: string | null | undefined,
  name: string,
  options: CookieReadOptions,
  work: ReadWork,
): string | undefined {
  const { reader } = werkzeugCookieRules(options.werkzeugVersion);
  if (!header || !name) return undefined;
  // A name that is its own bytes in the header: every name from 2.3 on (kept as it came), and for
  // 2.2 an ASCII one without "?" (UTF-8 decoding changes no ASCII byte and makes no other byte
  // ASCII, but a character beyond latin-1 reads as "?"). Such a name can only match where the
  // header holds it.
  const literal = reader !== "2.2" || !(NON_ASCII.test(name) || name.includes("?"));
  work.steps += header.length;
  if (literal && !header.includes(name)) return undefined;
  let found: string | undefined;
  eachPair(header, reader, work, (scanner, a, b) => {
    let match: boolean;
    if (literal) {
      match = b - a === name.length && header.startsWith(name, a);
      work.steps += name.length;
    } else {
      const raw = header.slice(a, b);
      work.steps += raw.length;
      match = decodeLatin1Bytes(raw) === name;
    }
    if (match) found = readValue(header, scanner.valueStart, scanner.valueEnd, reader, work);
    return match;
  });
  return found;
}

/**
 * The cookies of a `Cookie` request header, as Flask's `request.cookies` holds them under the
 * given Werkzeug; when a name repeats, the first value wins (what `request.cookies.get(name)`
 * returns). The header is a string of latin-1 characters standing for its bytes, as Node and
 * `fetch` give it. The work is linear in the header's length, wherever the cookies sit.
 *
 * @throws TypeError for an unknown `werkzeugVersion`.
 * @example
 * ```ts
 * parseCookie("session=abc; theme=dark").get("session"); // "abc"
 * parseCookie('a="x y"; b=1', { werkzeugVersion: "2.2" }); // Map { "a" => "x y", "b" => "1" }
 * ```
 */
export function parseCookie(header: string | null | undefined, options: CookieReadOptions = {}): Map<string, string> {
  return parseCookieCounted(header, options, { steps: 0 });
}

/**
 * The value of the cookie called `name` in a `Cookie` header, as `parseCookie(header,
 * options).get(name)` gives it, without building the map: what opening a session does on every
 * request.
 *
 * @throws TypeError for an unknown `werkzeugVersion`.
 * @example
 * ```ts
 * findCookie("theme=dark; session=abc", "session"); // "abc"
 * findCookie("theme=dark", "session");              // undefined
 * ```
 */
export function findCookie(header: string | null | undefined, name: string, options: CookieReadOptions = {}): string | undefined {
  return findCookieCounted(header, name, options, { steps: 0 });
}
