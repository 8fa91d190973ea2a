/**
 * The value `sign` writes, from JSON. Python's types are written in Flask's own tagged form,
 * the same form `decode --json` prints, so a decoded session can be edited and signed again:
 *
 * | Python          | JSON                                        |
 * | --------------- | ------------------------------------------- |
 * | tuple           | `{" t": [1, 2]}`                            |
 * | bytes           | `{" b": "AAEC"}` (standard base64, padded)  |
 * | Markup          | `{" m": "<b>hi</b>"}`                       |
 * | UUID            | `{" u": "12345678123456781234567812345678"}`|
 * | datetime (UTC)  | `{" d": "Wed, 21 Oct 2015 07:28:00 GMT"}`   |
 * | int of any size | a JSON number: `1234567890123456789`        |
 * | float           | a JSON number with a `.` or an exponent: `3.0` stays a float |
 *
 * Flask reads tags leniently (bad base64 bytes are skipped, an unreadable date becomes `None`);
 * here they are checked strictly, so a typo is an error rather than a silently different value.
 * @module
 */
import { isPlainObject } from "../json/dict.js";
import { loads as jsonLoads } from "../json/read.js";
import { parseDate } from "../flask/http-date.js";
import { UUID } from "../flask/uuid.js";
import { UsageError } from "./args.js";
import { describeError } from "./inspect.js";
import { loadKeepingFloats } from "./py-float.js";
import type { TokenFormat } from "./token-format.js";

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function fail(path: string, message: string): never {
  throw new UsageError(`at ${path}: ${message}`);
}

/** Checks every tag in `value` (raw JSON) strictly, failing at the first bad one with its path. */
function checkTags(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkTags(item, childPath(path, i)));
    return;
  }
  if (!isPlainObject(value)) return;
  const keys = Object.keys(value);
  const only = keys.length === 1 ? keys[0]! : null;
  const inner = only === null ? undefined : value[only];
  const here = only === null ? path : childPath(path, only);
  switch (only) {
    case " t":
      if (!Array.isArray(inner)) fail(here, 'a " t" (tuple) tag holds a list: {" t": [1, 2]}');
      break;
    case " b":
      if (typeof inner !== "string" || !STRICT_BASE64.test(inner)) {
        fail(here, 'a " b" (bytes) tag holds standard base64 with padding: {" b": "AAEC"}');
      }
      return;
    case " m":
      if (typeof inner !== "string") fail(here, 'a " m" (Markup) tag holds a string: {" m": "<b>hi</b>"}');
      return;
    case " u":
      try {
        new UUID(inner as string);
      } catch {
        fail(here, 'a " u" (UUID) tag holds 32 hex digits: {" u": "12345678123456781234567812345678"}');
      }
      return;
    case " d":
      if (typeof inner !== "string" || parseDate(inner) === null) {
        fail(here, 'a " d" (datetime) tag holds an HTTP date: {" d": "Wed, 21 Oct 2015 07:28:00 GMT"}');
      }
      return;
    case " di": {
      const innerKeys = isPlainObject(inner) ? Object.keys(inner) : [];
      if (innerKeys.length !== 1 || !innerKeys[0]!.endsWith("__")) {
        fail(here, 'a " di" tag holds a dict with one key ending in "__": {" di": {" t__": 1}}');
      }
      break;
    }
  }
  for (const key of keys) checkTags(value[key], childPath(path, key));
}

/**
 * The value to sign from JSON text: Python's JSON (ints of any size stay exact); in Flask mode
 * with Flask's tags, checked strictly, and a JSON object at the top (a session is a dict).
 *
 * @throws UsageError for invalid JSON, a bad tag (with its path), or a Flask session that is
 *   not an object.
 * @example
 * ```ts
 * readValueToSign('{"cart": {" t": ["tea", 2]}}', format); // { cart: Tuple ["tea", 2] }
 * ```
 */
export function readValueToSign(text: string, format: TokenFormat): unknown {
  const json = text.replace(/^\uFEFF/, "");
  let raw: unknown;
  try {
    raw = jsonLoads(json);
  } catch (error) {
    throw new UsageError(`the value is not valid JSON: ${describeError(error)}`);
  }
  if (format.mode === "flask") {
    if (!isPlainObject(raw)) throw new UsageError("a Flask session is a JSON object: {...}");
    checkTags(raw, "$");
  }
  let value: unknown;
  try {
    value = loadKeepingFloats(json, format);
  } catch (error) {
    throw new UsageError(`the value cannot be read as Flask's tagged JSON: ${describeError(error)}`);
  }
  if (format.mode === "flask" && !isPlainObject(value)) {
    throw new UsageError("a Flask session is a JSON object: this one is a tagged value (a tuple, bytes, ...)");
  }
  return value;
}
