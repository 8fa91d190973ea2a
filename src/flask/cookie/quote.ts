/**
 * How Werkzeug quotes a cookie value (and, in 2.2, the `Domain`) in `Set-Cookie`.
 * @internal
 * @module
 */
import { encodeUtf8 } from "../../lib/bytes.js";
import type { CookieWriter } from "./version.js";

// Werkzeug 2.2's _legal_cookie_chars: the bytes a value may hold without quoting.
const LEGAL_22 = /^[A-Za-z0-9/=!#$%&'*+\-.^_`|~:]*$/;
// Werkzeug 2.3.1+'s _cookie_no_quote_re (ASCII \w): the values written as they are.
const NO_QUOTE_23 = /^[A-Za-z0-9_!#$%&'()*+\-./:<=>?@[\]^`{|}~]*$/;

/**
 * `value` as it is when it matches `plain`, else its UTF-8 bytes in double quotes with `\"`, `\\`
 * and `\ooo` for the bytes `octal` picks (the other bytes stand as they are).
 */
function slashQuote(value: string, plain: RegExp, octal: (byte: number) => boolean): string {
  if (plain.test(value)) return value;
  let out = "";
  for (const byte of encodeUtf8(value)) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += "\\\\";
    else if (octal(byte)) out += "\\" + byte.toString(8).padStart(3, "0");
    else out += String.fromCharCode(byte);
  }
  return `"${out}"`;
}

/**
 * Werkzeug 2.2's `_cookie_quote` of the UTF-8 bytes of `value`: as it is when every byte is
 * legal, else quoted with `\ooo` for control bytes, bytes 127-255, "," and ";" (other bytes,
 * space included, stand as they are).
 */
export function cookieQuote22(value: string): string {
  return slashQuote(value, LEGAL_22, (byte) => byte < 0x20 || byte >= 0x7f || byte === 0x2c || byte === 0x3b);
}

/**
 * Werkzeug 2.3+'s quoting: as it is when the value passes `_cookie_no_quote_re`, else quoted with
 * `\ooo` for the bytes of `_cookie_slash_re`: 0x00-0x19 (not 0x1a-0x1f: Werkzeug's class stops at
 * \x19, so those stay raw), ",", ";", 0x7f-0xff.
 */
export function cookieQuote23(value: string): string {
  return slashQuote(value, NO_QUOTE_23, (byte) => byte <= 0x19 || byte >= 0x7f || byte === 0x2c || byte === 0x3b);
}

/** The value as `writer` quotes it. */
export function quoteValue(value: string, writer: CookieWriter): string {
  return writer === "2.2" ? cookieQuote22(value) : cookieQuote23(value);
}
