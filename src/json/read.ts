/**
 * Python's `json.loads`, fast: the engine's `JSON.parse` reads the text, then one walk over what
 * it built proves that Python reads the same (or hands the text to the exact reader, which reads
 * it as Python does), counts what the limits count, and collects the objects for the hook.
 * @module
 */
import { describe } from "../lib/bytes.js";
import { JSONDecodeError } from "./decode-error.js";
import { isIndexKey, pyKeys } from "./dict.js";
import { ExactReader } from "./exact-reader.js";
import { INT_MAX_STR_DIGITS, MAX_SAFE } from "./numbers.js";

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

/** How {@link readJSON} reads a text. @internal */
export interface ReadOptions {
  readonly maxDepth: number;
  readonly maxItems: number;
  /** Called on every object, innermost first; its result replaces the object. */
  readonly hook?: ((value: Record<string, unknown>) => unknown) | undefined;
  /**
   * Whether the hook also sees the objects of a duplicate key's earlier, dropped values, as
   * Python's `object_hook` does while parsing (Flask 3.0.1's untag scan, after parsing, does not).
   */
  readonly hookDropped: boolean;
}

/**
 * Python's `json.loads(text)`, lossless: big integers become `bigint`, `NaN` and `±Infinity` are
 * accepted, duplicate keys keep the last value, keys like `"__proto__"` are plain data, and
 * objects remember Python's key order (read it with {@link pyKeys}).
 *
 * @throws JSONDecodeError (a SyntaxError) for invalid JSON, nesting beyond `maxDepth` or more than `maxItems` items;
 *   RangeError for an integer over 4300 digits (as Python's `ValueError`).
 * @example
 * ```ts
 * json.loads('{"id": 1234567890123456789, "x": NaN}'); // { id: 1234567890123456789n, x: NaN }
 * ```
 */
export function loads(text: string, options: JSONLoadsOptions = {}): unknown {
  return readJSON(text, {
    maxDepth: options.maxDepth ?? 1000,
    maxItems: options.maxItems ?? 100_000,
    hook: options.objectHook,
    hookDropped: true,
  });
}

/** Reads `text` as Python's `json.loads` does, with `JSON.parse` whenever that provably agrees. @internal */
export function readJSON(text: string, options: ReadOptions): unknown {
  if (typeof text !== "string") throw new TypeError(`the JSON object must be str, not ${describe(text)}`);
  if (text[0] === "\ufeff") throw new JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return readExact(text, options);
  }
  if (typeof parsed !== "object" || parsed === null)
    return typeof parsed === "number" && unsafe(parsed) ? readExact(text, options) : parsed;
  if (inheritsEnumerable()) return readExact(text, options); // the walk's for-in would see inherited keys
  const walk = new Walk(options.maxDepth, options.hook !== undefined);
  visit(walk, parsed, 1, null, 0);
  if (
    walk.differs ||
    !walk.accountsFor(text, options) ||
    (options.hook && options.hookDropped && walk.objects !== count(text, "{"))
  ) {
    return readExact(text, options);
  }
  return options.hook ? walk.applyHook(parsed, options.hook) : parsed;
}

/** {@link loads} on the exact reader always: the reference its fast path must match. @internal */
export function readExact(text: string, options: ReadOptions): unknown {
  const { maxDepth, maxItems, hook, hookDropped } = options;
  if (!hook || hookDropped) return new ExactReader(text, maxDepth, maxItems, hook).parseDocument();
  return hookAfter(new ExactReader(text, maxDepth, maxItems, undefined).parseDocument(), hook);
}

const EMPTY: object = Object.freeze({});

/** Whether a plain object inherits an enumerable property (someone assigned one to `Object.prototype`). */
function inheritsEnumerable(): boolean {
  for (const _ in EMPTY) return true;
  return false;
}

/** A number that JSON.parse may have read differently: beyond ±(2^53−1) (an int that lost digits, or 1e400), or -0 (Python's int 0). */
function unsafe(value: number): boolean {
  return !(value <= MAX_SAFE && value >= -MAX_SAFE) || (value === 0 && 1 / value < 0);
}

/**
 * What one walk over JSON.parse's result found. `chars` is a lower bound on the characters of
 * the text it accounts for: what is left over (whitespace, escapes, digits, and the members of a
 * duplicate key that JSON.parse dropped) bounds what a dropped value could hide from the limits.
 */
class Walk {
  items = 0;
  chars = 0;
  deepest = 0;
  objects = 0;
  differs = false;
  /** With a hook: (parent, key, object) for every object, innermost first. */
  readonly found: unknown[] | null;

  constructor(
    readonly maxDepth: number,
    hooked: boolean,
  ) {
    this.found = hooked ? [] : null;
  }

  /**
   * Whether Python's reader would stop on nothing JSON.parse dropped: values dropped for a
   * duplicate key take characters the walk did not account for, at least 2 per level of nesting,
   * 2 per item and one per digit. When the slack allows more, the text itself is scanned.
   */
  accountsFor(text: string, options: ReadOptions): boolean {
    const slack = text.length - this.chars;
    if (this.items > options.maxItems) return false;
    if (
      slack <= INT_MAX_STR_DIGITS &&
      this.deepest + slack / 2 <= options.maxDepth &&
      this.items + slack / 2 <= options.maxItems
    ) {
      return true;
    }
    return withinShape(text, options.maxDepth, options.maxItems);
  }

  /** Replaces each object found, innermost first, with what `hook` makes of it. */
  applyHook(root: object, hook: (value: Record<string, unknown>) => unknown): unknown {
    const found = this.found!;
    let out: unknown = root;
    for (let i = 0; i < found.length; i += 3) {
      const value = hook(found[i + 2] as Record<string, unknown>);
      const parent = found[i] as Record<string | number, unknown> | null;
      // An own "__proto__" (JSON.parse makes it a data property) is assigned as data.
      if (parent === null) out = value;
      else parent[found[i + 1] as string | number] = value;
    }
    return out;
  }
}

function visit(walk: Walk, value: object, depth: number, parent: object | null, at: string | number): void {
  if (depth > walk.deepest) {
    walk.deepest = depth;
    if (depth > walk.maxDepth) {
      walk.differs = true;
      return;
    }
  }
  if (Array.isArray(value)) {
    const n = value.length;
    walk.items += n;
    walk.chars += n + 1; // brackets and commas
    for (let i = 0; i < n; i++) {
      const item: unknown = value[i];
      if (typeof item === "object" && item !== null) visit(walk, item, depth + 1, value, i);
      else scalar(walk, item);
    }
    return;
  }
  const obj = value as Record<string, unknown>;
  let n = 0;
  for (const key in obj) {
    n++;
    // JavaScript enumerates integer-like keys first: the exact reader records Python's order.
    if (isIndexKey(key)) walk.differs = true;
    walk.chars += key.length + 3; // quotes and colon
    const item = obj[key];
    if (typeof item === "object" && item !== null) visit(walk, item, depth + 1, obj, key);
    else scalar(walk, item);
  }
  walk.items += n;
  walk.objects++;
  walk.chars += n + 1;
  walk.found?.push(parent, at, obj);
}

function scalar(walk: Walk, value: unknown): void {
  if (typeof value === "string") {
    walk.chars += value.length + 2;
  } else if (typeof value === "number") {
    walk.chars += 1;
    if (unsafe(value)) walk.differs = true;
  } else {
    walk.chars += 4; // true, false, null
  }
}

/** The number of times `char` occurs in `text`, counted natively. */
function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/**
 * Whether `text` nests at most `maxDepth` deep, holds at most `maxItems` items and no run of
 * digits longer than Python reads as an int, ignoring what is inside strings. Items are
 * over-counted by one per empty container: a few more texts go to the exact reader.
 */
function withinShape(text: string, maxDepth: number, maxItems: number): boolean {
  let depth = 0;
  let items = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (++digits > INT_MAX_STR_DIGITS) return false;
      continue;
    }
    digits = 0;
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

/** Applies `hook` to every object of a parsed tree, innermost first, keys in Python's order (Flask 3.0.1's `_untag_scan`). */
function hookAfter(value: unknown, hook: (value: Record<string, unknown>) => unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = hookAfter(value[i], hook);
    return value;
  }
  const obj = value as Record<string, unknown>;
  for (const key of pyKeys(obj)) obj[key] = hookAfter(obj[key], hook);
  return hook(obj);
}
