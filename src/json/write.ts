/**
 * Python's `json.dumps`: the same text, character for character, in every dialect
 * (`ensure_ascii`, `sort_keys`, separators, `indent`, `allow_nan`, `default`).
 * @module
 */
import { describe } from "../lib/bytes.js";
import { isPlainObject, pyKeys } from "./dict.js";
import { bigintToJSON, numberToJSON } from "./numbers.js";
import { compareCodePoints, needsCodePointSort, sortKeysAsPython } from "./sort-keys.js";

const DEFAULT_MAX_DEPTH = 1000;

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
  /** The containers being written, outermost first (entries past the current depth are stale). */
  readonly path: object[];
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
      if (Array.isArray(value)) return writeArray(w, value, enter(w, value, depth));
      if (isPlainObject(value) && w.indent === null) return writeObject(w, value, enter(w, value, depth));
      if (isPlainObject(value) || value instanceof Map) return writeDict(w, value, enter(w, value, depth));
      break;
  }
  if (w.fallback) return writeValue(w, w.fallback(value), enter(w, value as object, depth));
  throw new TypeError(`Object of type ${describe(value)} is not JSON serializable`);
}

/**
 * The depth of the items of `value`, a container (or a value given to `default`) met at `depth`.
 * A circular structure is found where it reaches `maxDepth`: its path then holds a container
 * twice (Python finds it at the first repeat; the error is the same, without a set kept per call).
 */
function enter(w: Writer, value: object, depth: number): number {
  if (depth >= w.maxDepth) {
    if (new Set(w.path.slice(0, depth)).size < depth) throw new TypeError("Circular reference detected");
    throw new RangeError(`maximum JSON nesting depth (${w.maxDepth}) exceeded`);
  }
  w.path[depth] = value;
  return depth + 1;
}

function writeArray(w: Writer, value: readonly unknown[], depth: number): string {
  if (value.length === 0) return "[]";
  if (w.indent === null) {
    let out = "[" + writeValue(w, value[0], depth);
    for (let i = 1; i < value.length; i++) out += w.itemSep + writeValue(w, value[i], depth);
    return out + "]";
  }
  return indented(
    w,
    "[",
    Array.from(value, (item) => writeValue(w, item, depth)),
    "]",
    depth,
  );
}

/** Items on lines of their own, `depth` indents in (Python's `indent`). */
function indented(w: Writer, open: string, parts: string[], close: string, depth: number): string {
  const inner = "\n" + w.indent!.repeat(depth);
  return `${open}${inner}${parts.join(w.itemSep + inner)}\n${w.indent!.repeat(depth - 1)}${close}`;
}

function writeDict(w: Writer, value: Record<string, unknown> | Map<unknown, unknown>, depth: number): string {
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
  return w.indent === null ? `{${parts.join(w.itemSep)}}` : indented(w, "{", parts, "}", depth);
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
    path: [],
  };
  return writeValue(writer, value, 0);
}
