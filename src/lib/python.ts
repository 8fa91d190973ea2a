/**
 * Small pieces of Python's built-in behaviour that the Flask tags depend on: `str.split()`,
 * `str.isdigit()`, `int(text)`, and `str()` / `repr()` of the values a session can hold.
 * @internal
 * @module
 */
import { floatRepr, isPlainObject, pyKeys } from "../json.js";
import { bytesRepr } from "./bytes.js";
// Used only inside functions, so the import cycle with these modules is harmless.
import { Markup } from "../flask/markup.js";
import { Tuple } from "../flask/tuple.js";
import { UUID } from "../flask/uuid.js";

// Python's str.isspace() characters (what str.split() with no argument splits on).
const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;
const PY_SPACE_EDGES =
  /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/gu;

/** Python's `text.split()`: runs of whitespace separate, no empty strings. */
export function pySplit(text: string): string[] {
  return text.split(PY_SPACE).filter((part) => part !== "");
}

/** Python's `text.strip()` with no argument. */
export function pyStrip(text: string): string {
  return text.replace(PY_SPACE_EDGES, "");
}

// Decimal digits plus the other characters Python's str.isdigit() accepts (superscripts,
// subscripts, circled and parenthesized digits, ...).
const PY_DIGIT = /^[\p{Nd}\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792\u{10a40}-\u{10a43}\u{1f100}-\u{1f10a}]/u;

/** Python's `text[0].isdigit()` for the first character of `text`. */
export function pyIsDigitStart(text: string): boolean {
  return PY_DIGIT.test(text);
}

/** The value of a Unicode decimal digit (any script), or -1. */
function digitValue(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  if (!/^\p{Nd}$/u.test(ch)) return -1;
  // Decimal digits come in contiguous runs starting at zero.
  let start = cp;
  while (start > 0 && /^\p{Nd}$/u.test(String.fromCodePoint(start - 1)) && cp - start < 60) start--;
  return (cp - start) % 10;
}

/**
 * Python's `int(text)` (base 10): surrounding whitespace, a sign, digits of any script, single
 * underscores between digits. Returns `null` where Python raises `ValueError`.
 */
export function pyInt(text: string): bigint | null {
  const s = pyStrip(text);
  let i = 0;
  let negative = false;
  if (s[0] === "+" || s[0] === "-") {
    negative = s[0] === "-";
    i = 1;
  }
  const chars = Array.from(s.slice(i));
  if (chars.length === 0) return null;
  let value = 0n;
  let previousUnderscore = true; // no leading underscore
  let digits = 0;
  for (const ch of chars) {
    if (ch === "_") {
      if (previousUnderscore) return null;
      previousUnderscore = true;
      continue;
    }
    const d = digitValue(ch);
    // Python refuses more than 4300 digits (sys.int_info): stop there, before the quadratic work.
    if (d < 0 || ++digits > 4300) return null;
    value = value * 10n + BigInt(d);
    previousUnderscore = false;
  }
  if (previousUnderscore) return null;
  return negative ? -value : value;
}

/**
 * Python's `int(text, 16)`: whitespace, a sign, an optional `0x`, hex digits with single
 * underscores between them. Returns `null` where Python raises `ValueError`.
 */
export function pyHexInt(text: string): bigint | null {
  let s = pyStrip(text);
  let negative = false;
  if (s[0] === "+" || s[0] === "-") {
    negative = s[0] === "-";
    s = s.slice(1);
  }
  let underscoreAllowed = false;
  if (/^0[xX]/.test(s)) {
    s = s.slice(2);
    underscoreAllowed = true; // "0x_1f" is valid
  }
  if (s === "" || !/^[0-9a-fA-F_]+$/.test(s) || s.endsWith("_") || s.includes("__")) return null;
  if (s.startsWith("_") && !underscoreAllowed) return null;
  const value = BigInt("0x" + s.replace(/_/g, ""));
  return negative ? -value : value;
}

/** Python's `str.isprintable()` for one character (what `repr` shows as is). */
function isPrintable(ch: string): boolean {
  return ch === " " || !/^[\p{C}\p{Z}]$/u.test(ch);
}

/** Python's `repr(text)`. */
export function strRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of text) {
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (isPrintable(ch)) out += ch;
    else {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x100) out += "\\x" + cp.toString(16).padStart(2, "0");
      else if (cp < 0x10000) out += "\\u" + cp.toString(16).padStart(4, "0");
      else out += "\\U" + cp.toString(16).padStart(8, "0");
    }
  }
  return quote + out + quote;
}

function datetimeStr(date: Date, sep: string): string {
  const pad = (n: number, w = 2): string => String(n).padStart(w, "0");
  const ms = date.getUTCMilliseconds();
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `${sep}${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}` +
    (ms ? `.${pad(ms * 1000, 6)}` : "") +
    "+00:00"
  );
}

function datetimeRepr(date: Date): string {
  const fields = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()];
  const s = date.getUTCSeconds();
  const us = date.getUTCMilliseconds() * 1000;
  if (us) fields.push(s, us);
  else if (s) fields.push(s);
  return `datetime.datetime(${fields.join(", ")}, tzinfo=datetime.timezone.utc)`;
}

/** Python's `not value` for the values a session can hold. */
export function pyFalsy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === 0n || value === "") return true;
  if (value instanceof Markup || Array.isArray(value) || value instanceof Uint8Array) return value.length === 0;
  if (value instanceof Map) return value.size === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

/**
 * Python's `list(value)` for the values a session can hold: a string gives its characters, bytes
 * their ints, a dict its keys; `null` for what is not iterable (numbers, UUIDs, datetimes...).
 */
export function pyIterate(value: unknown): unknown[] | null {
  if (typeof value === "string" || value instanceof Markup) return Array.from(String(value));
  if (Array.isArray(value)) return [...(value as unknown[])];
  if (value instanceof Uint8Array) return Array.from(value);
  if (value instanceof Map) return [...value.keys()];
  if (isPlainObject(value)) return pyKeys(value);
  return null;
}

/** Python's `repr()` of a session value. */
export function pyRepr(value: unknown): string {
  switch (typeof value) {
    case "string":
      return strRepr(value);
    case "boolean":
      return value ? "True" : "False";
    case "bigint":
      return value.toString();
    case "number":
      return Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER && !Object.is(value, -0)
        ? String(value)
        : floatRepr(value);
    case "undefined":
      return "None";
    case "object": {
      if (value === null) return "None";
      if (value instanceof Markup) return `Markup(${strRepr(String(value))})`;
      if (value instanceof UUID) return `UUID('${value.toString()}')`;
      if (value instanceof Tuple) return value.length === 1 ? `(${pyRepr(value[0])},)` : `(${value.map(pyRepr).join(", ")})`;
      if (value instanceof Uint8Array) return bytesRepr(value, Infinity);
      if (value instanceof Date) return datetimeRepr(value);
      if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
      if (value instanceof Map) return `{${[...value].map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
      if (isPlainObject(value)) {
        return `{${pyKeys(value).map((k) => `${strRepr(k)}: ${pyRepr(value[k])}`).join(", ")}}`;
      }
      return String(value);
    }
    default:
      return String(value);
  }
}

/** Python's `str()` of a session value. */
export function pyStr(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Markup) return String(value);
  if (value instanceof UUID) return value.toString();
  if (value instanceof Date) return datetimeStr(value, " ");
  return pyRepr(value);
}
