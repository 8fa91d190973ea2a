/**
 * Small pieces of Python's built-in string behaviour: `str.split()`, `str.strip()`,
 * `str.isdigit()`, `int(text)`, `int(text, 16)` and `repr(str)`. (`repr()` and `str()` of the
 * values a session holds, which know Flask's types, are in flask/py-repr.ts.)
 * @internal
 * @module
 */

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
const PY_DIGIT =
  /^[\p{Nd}\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792\u{10a40}-\u{10a43}\u{1f100}-\u{1f10a}]/u;

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
