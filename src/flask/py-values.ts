/**
 * Python's truth value and `list()` of the values a session holds, Flask's types included.
 * @internal
 * @module
 */
import { isPlainObject, pyKeys } from "../json/dict.js";
import { Markup } from "./markup.js";

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
