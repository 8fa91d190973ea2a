/**
 * Python dicts as JavaScript objects: which objects are dicts, and their keys in Python's order
 * (JavaScript enumerates integer-like keys such as `"10"` first; Python keeps insertion order).
 * @internal
 * @module
 */

/**
 * The symbol under which an object read by `loads` keeps its keys in Python's order, when
 * JavaScript's own property order differs. It is non-enumerable; `dumps` and {@link pyKeys} read it.
 */
export const pyKeyOrder: unique symbol = Symbol.for("flask-session-cookie.pyKeyOrder");

/** Whether `value` is a plain object (a Python dict): `{}` or `Object.create(null)`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The keys of a plain object in Python's order: the order `json.loads` read them in, when it
 * recorded one, then any keys added since.
 *
 * @example
 * ```ts
 * const value = json.loads('{"b": 1, "10": 2}') as object;
 * Object.keys(value);     // ["10", "b"]: JavaScript puts integer-like keys first
 * json.pyKeys(value);     // ["b", "10"]: the order Python has
 * ```
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

/** Whether JavaScript may enumerate `key` out of insertion order (an integer-like key, `"0"` to `"9999999999"`). */
export function isIndexKey(key: string): boolean {
  // Starts with a digit ("9" < ":"): a comparison, cheaper than a regular expression per key.
  return key >= "0" && key < ":" && INDEX_KEY.test(key);
}

const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;

/**
 * Remembers `order` as the Python key order of `obj` when JavaScript would enumerate the keys
 * differently. Returns `obj`.
 */
export function withKeyOrder<T extends object>(obj: T, order: readonly string[]): T {
  if (!order.some(isIndexKey)) return obj;
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
