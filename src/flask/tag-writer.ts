/**
 * The compact JSON of a session tagged by Flask's own tags, written in one walk: what
 * `jsonDumps(serializer.tag(value), ...)` writes, without building the tagged copy first (on a
 * login session, tagging and writing separately cost about twice as much).
 *
 * It covers what sessions hold: plain objects, arrays, {@link Tuple}s, strings, numbers, booleans
 * and null, with no object whose only key is a tag's. On anything else (bytes, Markup, UUIDs,
 * dates, `Map`s, bigints, class instances, `undefined`, deep or circular nesting) it gives up
 * and returns `null`, and the caller takes the general path, which also gives the errors.
 * @internal
 * @module
 */
import { encodeJSONString } from "../json/write.js";
import { isPlainObject, pyKeys } from "../json/dict.js";
import { numberToJSON } from "../json/numbers.js";
import { sortKeysAsPython } from "../json/sort-keys.js";
import { Tuple } from "./tuple.js";

/** Deeper than this, the general path decides (it also detects circular structures). */
const MAX_FAST_DEPTH = 64;

/** Where the walk gave up. */
class GiveUp {}
const GIVE_UP = new GiveUp();

interface Walk {
  readonly sortKeys: boolean;
  readonly ensureAscii: boolean;
  /** The tag keys: an object whose only key is one of these is tagged ` di` (given up here). */
  readonly tagKeys: ReadonlyMap<string, unknown>;
}

/**
 * `value` tagged by Flask's tags in Flask's order and written as compact JSON (`","`, `":"`), or
 * `null` when it holds something this walk does not cover.
 * @internal
 *
 * @example
 * ```ts
 * writeTaggedJSON({ b: new Tuple(1), a: "x" }, true, true, serializer.tags); // '{"a":"x","b":{" t":[1]}}'
 * ```
 */
export function writeTaggedJSON(
  value: unknown,
  sortKeys: boolean,
  ensureAscii: boolean,
  tagKeys: ReadonlyMap<string, unknown>,
): string | null {
  try {
    return writeValue({ sortKeys, ensureAscii, tagKeys }, value, 0);
  } catch (error) {
    if (error === GIVE_UP) return null;
    throw error;
  }
}

function writeValue(w: Walk, value: unknown, depth: number): string {
  switch (typeof value) {
    case "string":
      return encodeJSONString(value, w.ensureAscii);
    case "number":
      return numberToJSON(value, true);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      if (depth >= MAX_FAST_DEPTH) throw GIVE_UP;
      // Flask's check order: TagDict and PassDict (plain objects), TagTuple, PassList.
      if (isPlainObject(value)) return writeObject(w, value, depth + 1);
      if (value instanceof Tuple) return `{" t":${writeArray(w, value, depth + 1)}}`;
      if (Object.getPrototypeOf(value) === Array.prototype) return writeArray(w, value as unknown[], depth + 1);
  }
  throw GIVE_UP;
}

function writeArray(w: Walk, value: readonly unknown[], depth: number): string {
  const n = value.length;
  if (n === 0) return "[]";
  let out = "[" + writeValue(w, value[0], depth);
  for (let i = 1; i < n; i++) out += "," + writeValue(w, value[i], depth);
  return out + "]";
}

function writeObject(w: Walk, value: Record<string, unknown>, depth: number): string {
  const keys = pyKeys(value);
  if (keys.length === 0) return "{}";
  if (keys.length === 1 && w.tagKeys.has(keys[0]!)) throw GIVE_UP; // TagDict's ` di`
  if (w.sortKeys) sortKeysAsPython(keys);
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (i > 0) out += ",";
    out += encodeJSONString(key, w.ensureAscii) + ":" + writeValue(w, value[key], depth);
  }
  return out + "}";
}
