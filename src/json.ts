/**
 * Python's `json` module, as the serializers need it: `dumps` writes exactly the text Python's
 * `json.dumps` writes for the same value and options, `loads` reads what Python's `json.loads`
 * reads, without losing what JavaScript numbers cannot hold.
 *
 * Python ⇄ JavaScript:
 * - `int` ⇄ `number` when it fits in ±(2^53−1), `bigint` beyond (both ways, exact).
 * - `float` ⇄ `number`, written with Python's `repr` (`1e-05`, `1e+16`); `NaN`, `Infinity` and
 *   `-Infinity` both ways. A JavaScript number is written as an int when it is an integer within
 *   the safe range, as a float otherwise; so a Python `3.0` comes back as `3` (the one known
 *   difference).
 * - `str` ⇄ `string`, `bool` ⇄ `boolean`, `None` ⇄ `null`, `list`/`tuple` ⇄ `Array`,
 *   `dict` ⇄ plain object (a `Map` is also written as a dict).
 * - Key order is Python's: objects read by `loads` remember the order of keys that JavaScript
 *   would reorder (integer-like keys such as `"10"`), and `dumps` writes them back in that order.
 *
 * @module
 */
import { describe } from "./lib/bytes.js";

/** Options of {@link dumps}, Python's `json.dumps` keywords in camelCase. */
export interface JSONDumpsOptions {
  /** Escape every character outside ASCII space..`~` as `\uXXXX` (Python: `ensure_ascii`, default `true`). */
  ensureAscii?: boolean;
  /** Write dict keys sorted by code point (Python: `sort_keys`, default `false`). */
  sortKeys?: boolean;
  /** `[itemSeparator, keySeparator]`, default `[", ", ": "]` (`[",", ": "]` with `indent`). */
  separators?: readonly [string, string];
  /** Pretty-print with this many spaces (or this string) per level (Python: `indent`). */
  indent?: number | string | null;
  /** Write `NaN`, `Infinity`, `-Infinity` (Python: `allow_nan`, default `true`); else throw. */
  allowNan?: boolean;
  /** Called for a value with no JSON form; returns a serializable replacement or throws (Python: `default`). */
  default?: (value: unknown) => unknown;
  /** Nesting depth that `dumps` refuses to go beyond (default 1000, Python's recursion limit). */
  maxDepth?: number;
}

/** Options of {@link loads}. */
export interface JSONLoadsOptions {
  /**
   * Called with every decoded object, innermost first; its return value replaces the object
   * (Python: `object_hook`).
   */
  objectHook?: (value: Record<string, unknown>) => unknown;
  /**
   * Deepest nesting of arrays and objects accepted (default 1000). Python stops near the same
   * depth with a `RecursionError`; beyond it this throws a `SyntaxError` instead of exhausting the
   * stack.
   */
  maxDepth?: number;
  /**
   * Most array elements plus object members in the whole text (default 100,000); beyond it this
   * throws a `JSONDecodeError`. Python has no such limit.
   */
  maxItems?: number;
}

/**
 * The symbol under which an object read by {@link loads} keeps its keys in Python's order, when
 * JavaScript's own property order differs (integer-like keys come first in JavaScript). It is
 * non-enumerable; {@link dumps} uses it, and so can code that rebuilds an object.
 */
export const pyKeyOrder: unique symbol = Symbol.for("flask-session-cookie.pyKeyOrder");

/** Python's limit on the digits of an int read from or written to text (`sys.int_info`). */
export const INT_MAX_STR_DIGITS = 4300;

const DEFAULT_MAX_DEPTH = 1000;
const DEFAULT_MAX_ITEMS = 100_000;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * Python's `repr(float)` for a finite number: shortest round-trip digits, scientific notation
 * when the exponent is below -4 or at least 16, and always a `.` or an exponent.
 *
 * @example
 * ```ts
 * floatRepr(1e-5); // "1e-05"
 * floatRepr(1e16); // "1e+16"
 * floatRepr(2);    // "2.0"
 * ```
 */
export function floatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  // A fraction with its exponent in -4..15: Python writes it in plain notation, and so does
  // JavaScript's own number to string, with the same shortest digits (a price, a ratio).
  const abs = value < 0 ? -value : value;
  if (abs >= 1e-4 && abs < 1e16 && !Number.isInteger(value)) return String(value);
  const sign = value < 0 ? "-" : "";
  // toExponential() without an argument gives the shortest digits that round-trip.
  const [mantissa, exp] = Math.abs(value).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const e = Number(exp);
  if (e < -4 || e >= 16) {
    const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const absExp = Math.abs(e);
    return `${sign}${head}e${e < 0 ? "-" : "+"}${absExp < 10 ? "0" : ""}${absExp}`;
  }
  if (e < 0) return `${sign}0.${"0".repeat(-e - 1)}${digits}`;
  if (digits.length <= e + 1) return `${sign}${digits}${"0".repeat(e + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
}

/**
 * The JSON text Python writes for a number (int when integral and safe, float otherwise).
 * @internal
 */
export function numberToJSON(value: number, allowNan: boolean): string {
  if (Number.isInteger(value) && Math.abs(value) <= MAX_SAFE && !Object.is(value, -0)) return String(value);
  if (!Number.isFinite(value)) {
    if (!allowNan) throw new RangeError(`Out of range float values are not JSON compliant: ${value}`);
    return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  }
  return floatRepr(value);
}

function bigintToJSON(value: bigint): string {
  const text = value.toString();
  if (text.length - (value < 0n ? 1 : 0) > INT_MAX_STR_DIGITS) {
    throw new RangeError(
      `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion, as in Python`,
    );
  }
  return text;
}

const NON_ASCII = /[\u007f-\uffff]/g;
const PLAIN_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const LONE_SURROGATE_ESCAPE = /\\ud[89a-f][0-9a-f]{2}/;

function asciiEscape(ch: string): string {
  return "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0");
}

/**
 * A JSON string literal as Python writes it. `JSON.stringify` already escapes exactly what
 * Python escapes with `ensure_ascii=False`, except lone surrogates, which Python leaves raw.
 */
export function encodeJSONString(value: string, ensureAscii: boolean): string {
  // Printable ASCII but '"' and '\\': written as it is by both dialects (most keys and values).
  if (PLAIN_STRING.test(value)) return '"' + value + '"';
  const quoted = JSON.stringify(value);
  if (ensureAscii) {
    NON_ASCII.lastIndex = 0;
    return NON_ASCII.test(quoted) ? quoted.replace(NON_ASCII, asciiEscape) : quoted;
  }
  if (quoted.indexOf("\\ud") === -1 || !LONE_SURROGATE_ESCAPE.test(quoted)) return quoted;
  // Python keeps a lone surrogate as the character itself (encoding it to UTF-8 fails later).
  return quoted.replace(/(\\+)u(d[89a-f][0-9a-f]{2})/g, (match, slashes: string, hex: string) =>
    slashes.length % 2 === 1 ? slashes.slice(1) + String.fromCharCode(parseInt(hex, 16)) : match,
  );
}

/** Compares strings by code point, as Python sorts `str`, not by UTF-16 code unit. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  const ca = a.charCodeAt(i);
  const cb = b.charCodeAt(i);
  if (ca < 0xd800 && cb < 0xd800) return ca - cb;
  // Step back into a surrogate pair that started before the difference.
  if (i > 0) {
    const prev = a.charCodeAt(i - 1);
    if (prev >= 0xd800 && prev <= 0xdbff) i--;
  }
  return (a.codePointAt(i) ?? 0) - (b.codePointAt(i) ?? 0);
}

// Where UTF-16 code unit order and code point order may part: a surrogate (or anything above).
const HIGH_UNIT = /[\ud800-\uffff]/;

function needsCodePointSort(keys: string[]): boolean {
  for (const key of keys) if (HIGH_UNIT.test(key)) return true;
  return false;
}

/**
 * Sorts dict keys in place as Python's `sort_keys` does, by code point. The default sort compares
 * UTF-16 code units, which is the same order unless a key holds a surrogate (or anything above).
 * @internal
 */
export function sortKeysAsPython(keys: string[]): string[] {
  if (needsCodePointSort(keys)) return keys.sort(compareCodePoints);
  if (keys.length > 12) return keys.sort();
  // The few keys of a session: an insertion sort with `>` (code units, as the default sort
  // compares) costs less than a call into the built-in sort.
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
}

/** Whether `value` is a plain object (a Python dict): `{}` or `Object.create(null)`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The keys of a plain object in Python's order: the order {@link loads} read them in, when it
 * recorded one, then any keys added since.
 */
export function pyKeys(obj: object): string[] {
  const keys = Object.keys(obj);
  const recorded = (obj as { [pyKeyOrder]?: readonly string[] })[pyKeyOrder];
  if (!recorded) return keys;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const key of recorded) {
    if (!seen.has(key) && Object.prototype.propertyIsEnumerable.call(obj, key)) {
      seen.add(key);
      out.push(key);
    }
  }
  for (const key of keys) if (!seen.has(key)) out.push(key);
  return out;
}

// Integer-like keys: JavaScript enumerates these first, in numeric order.
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;

/**
 * Remembers `order` as the Python key order of `obj` when JavaScript would enumerate the keys
 * differently. Returns `obj`.
 */
export function withKeyOrder<T extends object>(obj: T, order: readonly string[]): T {
  let hasIndexKey = false;
  for (const key of order) {
    if (INDEX_KEY.test(key)) {
      hasIndexKey = true;
      break;
    }
  }
  if (!hasIndexKey) return obj;
  const actual = Object.keys(obj);
  if (actual.length === order.length && actual.every((key, i) => key === order[i])) return obj;
  Object.defineProperty(obj, pyKeyOrder, { value: [...order], enumerable: false, configurable: true, writable: true });
  return obj;
}

/** Sets `obj[key] = value` as data, even for keys like `"__proto__"`. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(obj, key, { value, enumerable: true, configurable: true, writable: true });
  } else {
    obj[key] = value;
  }
}

function keyToJSON(key: unknown): string {
  // Python converts these dict keys to strings; anything else is a TypeError.
  if (typeof key === "string") return key;
  if (typeof key === "number") return numberToJSON(key, true);
  if (typeof key === "bigint") return bigintToJSON(key);
  if (typeof key === "boolean") return key ? "true" : "false";
  if (key === null) return "null";
  throw new TypeError(`keys must be str, int, float, bool or None, not ${describe(key)}`);
}

interface Writer {
  readonly ensureAscii: boolean;
  readonly sortKeys: boolean;
  readonly itemSep: string;
  readonly keySep: string;
  readonly indent: string | null;
  readonly allowNan: boolean;
  readonly fallback: ((value: unknown) => unknown) | undefined;
  readonly maxDepth: number;
  readonly stack: Set<object>;
}

function writeValue(w: Writer, value: unknown, depth: number): string {
  switch (typeof value) {
    case "string":
      return encodeJSONString(value, w.ensureAscii);
    case "number":
      return numberToJSON(value, w.allowNan);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return bigintToJSON(value);
    case "object":
      if (value === null) return "null";
      if (Array.isArray(value)) return writeContainer(w, value, depth, writeArray);
      if (isPlainObject(value) || value instanceof Map) return writeContainer(w, value, depth, writeDict);
      break;
  }
  if (w.fallback) {
    if (w.stack.has(value as object)) throw new TypeError("Circular reference detected");
    return writeContainer(w, value as object, depth, (wr, v, d) => writeValue(wr, wr.fallback!(v), d));
  }
  throw new TypeError(`Object of type ${describe(value)} is not JSON serializable`);
}

function writeContainer<T extends object>(
  w: Writer,
  value: T,
  depth: number,
  write: (w: Writer, value: T, depth: number) => string,
): string {
  if (depth >= w.maxDepth) throw new RangeError(`maximum JSON nesting depth (${w.maxDepth}) exceeded`);
  if (w.stack.has(value)) throw new TypeError("Circular reference detected");
  w.stack.add(value);
  // No try/finally: when writing throws, the whole writer is dropped with its stack.
  const out = write(w, value, depth + 1);
  w.stack.delete(value);
  return out;
}

function writeArray(w: Writer, value: readonly unknown[], depth: number): string {
  if (value.length === 0) return "[]";
  if (w.indent === null) {
    let out = "[" + writeValue(w, value[0], depth);
    for (let i = 1; i < value.length; i++) out += w.itemSep + writeValue(w, value[i], depth);
    return out + "]";
  }
  const parts: string[] = new Array<string>(value.length);
  for (let i = 0; i < value.length; i++) parts[i] = writeValue(w, value[i], depth);
  if (w.indent === null) return `[${parts.join(w.itemSep)}]`;
  const inner = "\n" + w.indent.repeat(depth);
  const outer = "\n" + w.indent.repeat(depth - 1);
  return `[${inner}${parts.join(w.itemSep + inner)}${outer}]`;
}

function writeDict(w: Writer, value: Record<string, unknown> | Map<unknown, unknown>, depth: number): string {
  if (!(value instanceof Map) && w.indent === null) return writeObject(w, value, depth);
  let entries: [string, unknown][];
  if (value instanceof Map) {
    entries = [];
    for (const [k, v] of value) entries.push([keyToJSON(k), v]);
  } else {
    const keys = pyKeys(value);
    entries = new Array<[string, unknown]>(keys.length);
    for (let i = 0; i < keys.length; i++) entries[i] = [keys[i]!, value[keys[i]!]];
  }
  if (entries.length === 0) return "{}";
  if (w.sortKeys) {
    const keys = entries.map((e) => e[0]);
    if (needsCodePointSort(keys)) entries.sort((a, b) => compareCodePoints(a[0], b[0]));
    else entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
  const parts: string[] = new Array<string>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    parts[i] = encodeJSONString(k, w.ensureAscii) + w.keySep + writeValue(w, v, depth);
  }
  if (w.indent === null) return `{${parts.join(w.itemSep)}}`;
  const inner = "\n" + w.indent.repeat(depth);
  const outer = "\n" + w.indent.repeat(depth - 1);
  return `{${inner}${parts.join(w.itemSep + inner)}${outer}}`;
}

/** {@link writeDict} for the usual case, a plain object written compactly: no entry pairs, no joins. */
function writeObject(w: Writer, value: Record<string, unknown>, depth: number): string {
  const keys = pyKeys(value);
  if (keys.length === 0) return "{}";
  if (w.sortKeys) sortKeysAsPython(keys);
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (i > 0) out += w.itemSep;
    out += encodeJSONString(key, w.ensureAscii) + w.keySep + writeValue(w, value[key], depth);
  }
  return out + "}";
}

const DUMPS_OPTIONS = new Set(["ensureAscii", "sortKeys", "separators", "indent", "allowNan", "default", "maxDepth"]);

/**
 * Python's `json.dumps(value, **options)`: the same text, character for character.
 *
 * @throws TypeError for a value with no JSON form (`undefined`, a function, a class instance
 *   without `default`), a circular reference or an unknown option; RangeError for `NaN` with
 *   `allowNan: false`, a `bigint` over 4300 digits, or nesting beyond `maxDepth`.
 * @example
 * ```ts
 * dumps({ b: 1, a: [1.5, 2n ** 64n] });                            // '{"b": 1, "a": [1.5, 18446744073709551616]}'
 * dumps({ é: "ü" }, { ensureAscii: false, separators: [",", ":"] }); // '{"é":"ü"}'
 * ```
 */
export function dumps(value: unknown, options: JSONDumpsOptions = {}): string {
  for (const key of Object.keys(options)) {
    if (!DUMPS_OPTIONS.has(key)) throw new TypeError(`dumps() got an unexpected option '${key}'`);
  }
  const indentOption = options.indent ?? null;
  const indent = typeof indentOption === "number" ? " ".repeat(indentOption) : indentOption;
  const [itemSep, keySep] = options.separators ?? (indent === null ? [", ", ": "] : [",", ": "]);
  const writer: Writer = {
    ensureAscii: options.ensureAscii ?? true,
    sortKeys: options.sortKeys ?? false,
    itemSep,
    keySep,
    indent,
    allowNan: options.allowNan ?? true,
    fallback: options.default,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    stack: new Set(),
  };
  return writeValue(writer, value, 0);
}

// ---------------------------------------------------------------------------------------------
// Reading

/** A JSON syntax error, with Python's message and position. */
export class JSONDecodeError extends SyntaxError {
  /** Offset in the text (UTF-16 code units) where the error was found. */
  readonly pos: number;
  /**
   * @param message - Python's message, e.g. `Expecting value`.
   * @param pos - Where in the text.
   */
  constructor(message: string, pos: number) {
    super(`${message}: char ${pos}`);
    this.name = "JSONDecodeError";
    this.pos = pos;
  }
}

/**
 * Whether JSON.parse may have read `value` differently from Python, judged from what it built
 * (one pass over the values, cheaper than a regex over every character of the text): a number
 * beyond ±(2^53−1) (an integer that lost digits, or overflowed to Infinity), a -0 (from the
 * integer "-0", which Python reads as 0), an integer-like key (JavaScript reorders those). Then
 * the exact parser reads the text again; it also reads the rare texts where this is a false alarm
 * (a float such as 1e300 or -0.0) the way Python does.
 */
function parsedDiffers(value: unknown): boolean {
  if (typeof value === "number") return Math.abs(value) > MAX_SAFE || Object.is(value, -0);
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (parsedDiffers(value[i])) return true;
    return false;
  }
  for (const key in value) {
    if (INDEX_KEY.test(key) || parsedDiffers((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/**
 * Python's `json.loads(text)`, lossless: big integers become `bigint`, `NaN` and `±Infinity` are
 * accepted, duplicate keys keep the last value, keys like `"__proto__"` are plain data.
 *
 * Ordinary texts go through the engine's `JSON.parse`; only texts that need it take the exact path.
 *
 * @throws JSONDecodeError (a SyntaxError) for invalid JSON, nesting beyond `maxDepth` or more than `maxItems` items;
 *   RangeError for an integer over 4300 digits (as Python's `ValueError`).
 * @example
 * ```ts
 * loads('{"id": 1234567890123456789, "x": NaN}'); // { id: 1234567890123456789n, x: NaN }
 * ```
 */
export function loads(text: string, options: JSONLoadsOptions = {}): unknown {
  if (typeof text !== "string") throw new TypeError(`the JSON object must be str, not ${describe(text)}`);
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  const hook = options.objectHook;
  if (text.charCodeAt(0) === 0xfeff) throw new JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
  // Each level of nesting takes 2 characters and each item at least 2 (itself and a bracket or
  // comma), so only longer texts need the scan before the engine's parser may see them.
  const small = text.length <= 2 * maxDepth && text.length <= 2 * maxItems;
  if (small || withinShape(text, maxDepth, maxItems)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return new Parser(text, maxDepth, maxItems, hook).parseDocument();
    }
    if (!parsedDiffers(parsed)) {
      if (!hook || typeof parsed !== "object" || parsed === null) return parsed;
      // JSON.parse drops the earlier values of a duplicate key before any hook can see them, but
      // Python's hook sees every object (and may refuse one). When an object went missing (fewer
      // objects than "{" in the text, braces inside strings included), the exact reader decides.
      if (countObjects(parsed) === countBraces(text)) return applyHook(parsed, hook);
    }
  }
  return new Parser(text, maxDepth, maxItems, hook).parseDocument();
}

/** {@link loads} on the exact path always (the reference its fast path must match). @internal */
export function loadsExact(text: string, options: JSONLoadsOptions = {}): unknown {
  return new Parser(
    text,
    options.maxDepth ?? DEFAULT_MAX_DEPTH,
    options.maxItems ?? DEFAULT_MAX_ITEMS,
    options.objectHook,
  ).parseDocument();
}

/** The number of objects (not arrays) in a tree that `JSON.parse` built. */
function countObjects(value: object): number {
  let n = Array.isArray(value) ? 0 : 1;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    if (typeof item === "object" && item !== null) n += countObjects(item as object);
  }
  return n;
}

/** The number of "{" in `text`, counted natively. */
function countBraces(text: string): number {
  let n = 0;
  for (let i = text.indexOf("{"); i !== -1; i = text.indexOf("{", i + 1)) n++;
  return n;
}

/**
 * Whether `text` nests at most `maxDepth` deep and holds at most `maxItems` items, ignoring
 * brackets and commas inside strings. Items are over-counted by one per empty container, which
 * only sends a few more texts to the exact reader (which counts exactly).
 */
function withinShape(text: string, maxDepth: number, maxItems: number): boolean {
  let depth = 0;
  let items = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth || ++items > maxItems) return false;
    } else if (c === 0x2c) {
      if (++items > maxItems) return false;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return true;
}

/** Applies an object hook innermost-first to a tree that `JSON.parse` built. */
function applyHook(value: object, hook: (value: Record<string, unknown>) => unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "object" && item !== null) value[i] = applyHook(item, hook);
    }
    return value;
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const item = obj[key];
    if (typeof item === "object" && item !== null) obj[key] = applyHook(item, hook);
  }
  return hook(obj);
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** The exact reader: Python's `json.scanner` semantics, with a depth limit. */
class Parser {
  private pos = 0;
  private depth = 0;
  private items = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    private readonly maxItems: number,
    private readonly hook: ((value: Record<string, unknown>) => unknown) | undefined,
  ) {}

  parseDocument(): unknown {
    this.skipWhitespace();
    const value = this.parseValue();
    this.skipWhitespace();
    if (this.pos !== this.text.length) throw new JSONDecodeError("Extra data", this.pos);
    return value;
  }

  private skipWhitespace(): void {
    const text = this.text;
    while (this.pos < text.length && WS.has(text.charCodeAt(this.pos))) this.pos++;
  }

  private parseValue(): unknown {
    const text = this.text;
    const start = this.pos;
    const c = text[start];
    switch (c) {
      case '"':
        return this.parseString();
      case "{":
        return this.parseObject();
      case "[":
        return this.parseArray();
      case "n":
        return this.literal("null", null);
      case "t":
        return this.literal("true", true);
      case "f":
        return this.literal("false", false);
      case "N":
        return this.literal("NaN", NaN);
      case "I":
        return this.literal("Infinity", Infinity);
      case "-":
        if (text.startsWith("-Infinity", start)) {
          this.pos += 9;
          return -Infinity;
        }
    }
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(text);
    if (!match) throw new JSONDecodeError("Expecting value", start);
    this.pos = start + match[0].length;
    if (match[1] !== undefined || match[2] !== undefined) return Number(match[0]);
    const digits = match[0].length - (c === "-" ? 1 : 0);
    if (digits > INT_MAX_STR_DIGITS) {
      throw new RangeError(
        `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits} digits`,
      );
    }
    if (digits < 16) return Number(match[0]) || 0; // `|| 0` turns -0 into Python's int 0
    const big = BigInt(match[0]);
    return big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
  }

  private literal(word: string, value: unknown): unknown {
    if (!this.text.startsWith(word, this.pos)) throw new JSONDecodeError("Expecting value", this.pos);
    this.pos += word.length;
    return value;
  }

  private enter(): void {
    if (++this.depth > this.maxDepth) {
      throw new JSONDecodeError(`Nesting deeper than ${this.maxDepth} levels`, this.pos);
    }
  }

  /** Counts one array element or object member. */
  private item(): void {
    if (++this.items > this.maxItems) {
      throw new JSONDecodeError(`More than ${this.maxItems} items (array elements and object members)`, this.pos);
    }
  }

  private parseString(): string {
    const text = this.text;
    const begin = this.pos;
    let i = begin + 1;
    let out = "";
    let chunk = i;
    for (;;) {
      if (i >= text.length) throw new JSONDecodeError("Unterminated string starting at", begin);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(chunk, i);
        this.pos = i + 1;
        return out;
      }
      if (c < 0x20) throw new JSONDecodeError("Invalid control character at", i);
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(chunk, i);
      const e = text[i + 1];
      if (e === undefined) throw new JSONDecodeError("Unterminated string starting at", begin);
      if (e === "u") {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JSONDecodeError("Invalid \\uXXXX escape", i + 1);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else {
        const decoded = ESCAPES[e];
        if (decoded === undefined) throw new JSONDecodeError("Invalid \\escape", i);
        out += decoded;
        i += 2;
      }
      chunk = i;
    }
  }

  private parseArray(): unknown[] {
    this.enter();
    this.pos++;
    const out: unknown[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      this.depth--;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      this.item();
      out.push(this.parseValue());
      this.skipWhitespace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === "]") break;
      if (c !== ",") throw new JSONDecodeError("Expecting ',' delimiter", this.pos - 1);
    }
    this.depth--;
    return out;
  }

  private parseObject(): unknown {
    this.enter();
    this.pos++;
    const obj: Record<string, unknown> = {};
    const order: string[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === "}") {
      this.pos++;
    } else {
      for (;;) {
        this.skipWhitespace();
        this.item();
        if (this.text[this.pos] !== '"') {
          throw new JSONDecodeError("Expecting property name enclosed in double quotes", this.pos);
        }
        const key = this.parseString();
        this.skipWhitespace();
        if (this.text[this.pos] !== ":") throw new JSONDecodeError("Expecting ':' delimiter", this.pos);
        this.pos++;
        this.skipWhitespace();
        const value = this.parseValue();
        if (!Object.prototype.hasOwnProperty.call(obj, key)) order.push(key);
        setOwn(obj, key, value);
        this.skipWhitespace();
        const c = this.text[this.pos];
        this.pos++;
        if (c === "}") break;
        if (c !== ",") throw new JSONDecodeError("Expecting ',' delimiter", this.pos - 1);
      }
    }
    this.depth--;
    withKeyOrder(obj, order);
    return this.hook ? this.hook(obj) : obj;
  }
}
