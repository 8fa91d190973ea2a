/**
 * Values and times for people: a session as Python would print it (tuples, bytes, Markup, UUID,
 * datetime and big ints all visible as such), laid out over several lines when long, and
 * signing times with their age.
 * @module
 */
import { isPlainObject, pyKeys } from "../json/dict.js";
import { pyRepr } from "../flask/py-repr.js";
import { strRepr } from "../lib/python.js";
import { Tuple } from "../flask/tuple.js";

const WIDTH = 100;

/**
 * Python's `repr` of a value, one item per line for containers that do not fit on one line, as
 * `pprint` does. Strings are escaped as Python escapes them, so nothing in a cookie can play
 * tricks on a terminal.
 *
 * @example
 * ```ts
 * pythonPretty({ cart: new Tuple("tea", 2) }); // "{'cart': ('tea', 2)}"
 * ```
 */
export function pythonPretty(value: unknown, indent = 0): string {
  const flat = pyRepr(value);
  if (indent + flat.length <= WIDTH) return flat;
  const inner = " ".repeat(indent + 2);
  const close = " ".repeat(indent);
  if (isPlainObject(value)) {
    const keys = pyKeys(value);
    if (keys.length === 0) return flat;
    const items = keys.map((key) => `${inner}${strRepr(key)}: ${pythonPretty(value[key], indent + 2)}`);
    return `{\n${items.join(",\n")},\n${close}}`;
  }
  if (Array.isArray(value) && value.length > 0) {
    const items = (value as unknown[]).map((item) => `${inner}${pythonPretty(item, indent + 2)}`);
    const [open, end] = value instanceof Tuple ? ["(", ")"] : ["[", "]"];
    return `${open}\n${items.join(",\n")},\n${close}${end}`;
  }
  return flat;
}

/**
 * A Unix time as `2023-11-14 22:13:20 UTC`.
 *
 * @example
 * ```ts
 * utcTime(1700000000); // "2023-11-14 22:13:20 UTC"
 * ```
 */
export function utcTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return `${seconds} s after 1970`;
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/**
 * A Unix time as ISO 8601 (`2023-11-14T22:13:20Z`), for JSON.
 *
 * @example
 * ```ts
 * isoTime(1700000000); // "2023-11-14T22:13:20Z"
 * ```
 */
export function isoTime(seconds: number): string | null {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * A count with its unit, singular for 1 (and -1): `1 second`, `2 seconds`, `0 bytes`. Every
 * number with a unit that the tool prints goes through here.
 *
 * @example
 * ```ts
 * plural(1, "second"); // "1 second"
 * plural(4067200, "second"); // "4067200 seconds"
 * ```
 */
export function plural(n: number | bigint, unit: string): string {
  return `${n} ${unit}${n === 1 || n === -1 || n === 1n || n === -1n ? "" : "s"}`;
}

/**
 * A number of seconds for people: `45 seconds`, `12 minutes 5 seconds`, `3 hours 12 minutes`,
 * `31 days`, `432 days 3 hours`.
 *
 * @example
 * ```ts
 * duration(2678400); // "31 days"
 * ```
 */
export function duration(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 60) return plural(s, "second");
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (s < 3600) return plural(minutes, "minute") + (s % 60 ? ` ${plural(s % 60, "second")}` : "");
  if (s < 86400) return plural(hours, "hour") + (minutes ? ` ${plural(minutes, "minute")}` : "");
  return plural(days, "day") + (hours ? ` ${plural(hours, "hour")}` : "");
}

/**
 * How long ago (or ahead) a time is: `3 hours 12 minutes ago`, `in 5 minutes`, `just now`.
 *
 * @example
 * ```ts
 * age(1700000000, 1700000060); // "1 minute ago"
 * ```
 */
export function age(signed: number, now: number): string {
  const delta = now - signed;
  if (delta === 0) return "just now";
  return delta > 0 ? `${duration(delta)} ago` : `in ${duration(delta)}, in the future`;
}
