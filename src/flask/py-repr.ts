/**
 * Python's `repr()` and `str()` of the values a session holds, Flask's types included. A Markup
 * is known by its `__html__` method (as Flask's ` m` tag knows it), so that Markup's own
 * constructor can use `pyStr` without an import cycle.
 * @internal
 * @module
 */
import { floatRepr } from "../json/numbers.js";
import { isPlainObject, pyKeys } from "../json/dict.js";
import { bytesRepr } from "../lib/bytes.js";
import { strRepr } from "../lib/python.js";
import { Tuple } from "./tuple.js";
import { UUID } from "./uuid.js";

/** The HTML text of a Markup (or of anything with `__html__`), or `null`. */
function htmlText(value: object): string | null {
  const html = (value as { __html__?: unknown }).__html__;
  return typeof html === "function" ? String(html.call(value)) : null;
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
      const html = htmlText(value);
      if (html !== null) return `Markup(${strRepr(html)})`;
      if (value instanceof UUID) return `UUID('${value.toString()}')`;
      if (value instanceof Tuple) return value.length === 1 ? `(${pyRepr(value[0])},)` : `(${value.map(pyRepr).join(", ")})`;
      if (value instanceof Uint8Array) return bytesRepr(value, Infinity);
      if (value instanceof Date) return datetimeRepr(value);
      if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
      if (value instanceof Map) return `{${[...value].map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
      if (isPlainObject(value)) {
        return `{${pyKeys(value)
          .map((k) => `${strRepr(k)}: ${pyRepr(value[k])}`)
          .join(", ")}}`;
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
  if (typeof value === "object" && value !== null && htmlText(value) !== null) return htmlText(value)!;
  if (value instanceof UUID) return value.toString();
  if (value instanceof Date) return datetimeStr(value, " ");
  return pyRepr(value);
}
