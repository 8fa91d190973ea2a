/**
 * Bytes helpers that behave like Python's `str.encode("utf-8")`, `bytes.decode("utf-8")`,
 * `bytes.rsplit` and friends, on plain `Uint8Array`s (no `Buffer`: the core runs everywhere).
 * @internal
 * @module
 */

/** A Python `str | bytes` argument. */
export type StrOrBytes = string | Uint8Array;

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// A UTF-16 surrogate without its partner: Python refuses to encode these as UTF-8.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `text` holds only ASCII characters (so UTF-8 bytes = char codes). */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * `text.encode("utf-8")` with Python's strict error handling: a lone surrogate is a `TypeError`
 * (Python: `UnicodeEncodeError`), never silently replaced by U+FFFD.
 */
export function encodeUtf8(text: string): Uint8Array {
  const bytes = encoder.encode(text);
  // As many bytes as UTF-16 code units only when every character is ASCII: nothing to check then.
  if (bytes.length !== text.length && LONE_SURROGATE.test(text)) {
    throw new TypeError("'utf-8' codec can't encode a lone surrogate: the string is not valid Unicode");
  }
  return bytes;
}

/**
 * itsdangerous' `want_bytes`: text becomes UTF-8 (strictly: a lone surrogate is a `TypeError`),
 * bytes are taken as they are.
 *
 * @example
 * ```ts
 * wantBytes("é");                     // Uint8Array [195, 169]
 * wantBytes(new Uint8Array([1, 2]));  // the same array
 * ```
 */
export function wantBytes(value: StrOrBytes): Uint8Array {
  if (typeof value === "string") return encodeUtf8(value);
  if (value instanceof Uint8Array) return value;
  throw new TypeError(`expected a string or a Uint8Array, got ${describe(value)}`);
}

/**
 * `data.decode("utf-8")` (strict): throws a `TypeError` on malformed UTF-8, keeps a leading BOM
 * as U+FEFF as Python does.
 */
export function decodeUtf8(data: Uint8Array): string {
  return strictDecoder.decode(data);
}

/** ASCII bytes to a string, one char per byte (the caller knows the bytes are ASCII). */
export function asciiToString(data: Uint8Array): string {
  let out = "";
  for (let i = 0; i < data.length; i += 4096) {
    out += String.fromCharCode.apply(null, data.subarray(i, i + 4096) as unknown as number[]);
  }
  return out;
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The index of the last occurrence of `needle` in `haystack` (Python `bytes.rfind`), or -1. */
export function lastIndexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  const n = needle.length;
  if (n === 0) return haystack.length;
  outer: for (let i = haystack.length - n; i >= 0; i--) {
    for (let j = 0; j < n; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Whether `needle` occurs in `haystack` (Python `needle in haystack` for bytes). */
export function includesBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  return lastIndexOfBytes(haystack, needle) !== -1;
}

/**
 * Python's `value.rsplit(sep, 1)`: `[head, tail]`, or `null` when `sep` does not occur.
 */
export function rsplitOnce(value: Uint8Array, sep: Uint8Array): [Uint8Array, Uint8Array] | null {
  const at = lastIndexOfBytes(value, sep);
  if (at === -1) return null;
  return [value.subarray(0, at), value.subarray(at + sep.length)];
}

/** Byte-wise equality (not constant time: for non-secret data). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Python's `repr()` of a bytes value, for messages: `b'abc\xff'`. */
export function bytesRepr(data: Uint8Array, max = 128): string {
  let out = "";
  const hasSingle = data.includes(0x27);
  const hasDouble = data.includes(0x22);
  const quote = hasSingle && !hasDouble ? '"' : "'";
  const shown = data.length > max ? data.subarray(0, max) : data;
  for (const byte of shown) {
    if (byte === 0x5c) out += "\\\\";
    else if (byte === quote.charCodeAt(0)) out += "\\" + quote;
    else if (byte === 0x09) out += "\\t";
    else if (byte === 0x0a) out += "\\n";
    else if (byte === 0x0d) out += "\\r";
    else if (byte < 0x20 || byte >= 0x7f) out += "\\x" + byte.toString(16).padStart(2, "0");
    else out += String.fromCharCode(byte);
  }
  return `b${quote}${out}${quote}${data.length > max ? "..." : ""}`;
}

/** A short description of a value's type for error messages (never its content). */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name ? name : "object";
}
