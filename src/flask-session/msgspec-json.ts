/**
 * JSON as msgspec writes and reads it (Flask-Session's `SESSION_SERIALIZATION_FORMAT = "json"`):
 * compact, keys in insertion order, raw UTF-8, floats in msgspec's own notation (`0.00001`,
 * `1e16`: not Python's `repr`), `NaN` and infinities as `null`, bytes as padded standard base64,
 * datetimes as RFC 3339 text. Reading is strict JSON (no `NaN`, no lone surrogates, no overflow
 * to infinity), lossless for big ints, with Python's key order.
 *
 * Everything comes back as JSON's own types: what msgspec wrote as a string (bytes, datetimes,
 * UUIDs, decimals) is read back as that string, as msgspec does.
 * @module
 */
import { b2aBase64 } from "../encoding.js";
import { isPlainObject, pyKeys } from "../json/dict.js";
import { loads } from "../json/read.js";
import { Markup } from "../flask/markup.js";
import { UUID } from "../flask/uuid.js";
import { Decimal, PlainDate, PlainDateTime } from "./python-types.js";
import { MsgpackExt } from "./msgpack.js";

/**
 * Why a JSON record cannot be read as msgspec reads it (msgspec: `DecodeError`).
 *
 * @example
 * ```ts
 * msgspecJSONDecode(new TextEncoder().encode("NaN")); // throws MsgspecJSONDecodeError
 * ```
 */
export class MsgspecJSONDecodeError extends SyntaxError {
  /** @param message - What is wrong. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MsgspecJSONDecodeError";
  }
}

/**
 * A float as msgspec's JSON encoder writes it: the shortest digits that round-trip, in plain
 * notation when the decimal exponent is within -5..15 (with `.0` for an integral value), else
 * `<digits>e<exponent>` with no `+` and no padding.
 *
 * @example
 * ```ts
 * msgspecFloat(1e-5); // "0.00001"  (Python's repr: "1e-05")
 * msgspecFloat(1e16); // "1e16"     (Python's repr: "1e+16")
 * msgspecFloat(2);    // "2.0"
 * ```
 */
export function msgspecFloat(value: number): string {
  if (!Number.isFinite(value)) return "null";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const sign = value < 0 ? "-" : "";
  // toExponential() without an argument gives the shortest digits that round-trip.
  const [mantissa, exp] = Math.abs(value).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const e = Number(exp);
  if (e < -5 || e > 15) return `${sign}${digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits}e${e}`;
  if (e < 0) return `${sign}0.${"0".repeat(-e - 1)}${digits}`;
  if (digits.length <= e + 1) return `${sign}${digits}${"0".repeat(e + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** An aware UTC datetime as msgspec writes it: `2024-01-02T03:04:05Z`, `...05.120000Z`. */
function rfc3339(date: Date): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("Invalid Date: it has no time to write");
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) throw new RangeError("The date is outside Python's datetime range (years 1 to 9999)");
  const fraction = date.getUTCMilliseconds();
  return (
    `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}T` +
    `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}` +
    `${fraction ? "." + pad(fraction * 1000, 6) : ""}Z`
  );
}

const MAX_ENCODE_DEPTH = 1000;
const utf8Encoder = new TextEncoder();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The text of a dict key, as msgspec allows them in JSON: strings and what it writes as strings or numbers. */
function keyText(key: unknown): string {
  if (typeof key === "string") return key;
  if (typeof key === "number") {
    return Number.isInteger(key) && Math.abs(key) <= Number.MAX_SAFE_INTEGER && !Object.is(key, -0)
      ? String(key)
      : msgspecFloat(key);
  }
  if (typeof key === "bigint") return key.toString();
  if (key instanceof Uint8Array) return b2aBase64(key, false, true);
  if (key instanceof Date) return rfc3339(key);
  if (key instanceof UUID || key instanceof PlainDate || key instanceof PlainDateTime || key instanceof Decimal)
    return key.toString();
  throw new TypeError("Only dicts with str-like or number-like keys are supported");
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * A JSON string literal: JSON.stringify escapes what msgspec escapes ('"', '\\', control
 * characters, with the same short forms and lowercase \u00xx); a lone surrogate, which
 * JSON.stringify would escape, msgspec refuses to encode as UTF-8.
 */
function quote(text: string): string {
  if (SURROGATE.test(text) && LONE_SURROGATE.test(text)) {
    throw new TypeError("'utf-8' codec can't encode a lone surrogate: the string is not valid Unicode");
  }
  return JSON.stringify(text);
}

function write(value: unknown, depth: number): string {
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
      if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER && !Object.is(value, -0)) return String(value);
      return msgspecFloat(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    case "object": {
      if (value === null) return "null";
      if (depth >= MAX_ENCODE_DEPTH) throw new RangeError("maximum recursion depth exceeded while serializing an object");
      const inner = depth + 1;
      if (Array.isArray(value)) return `[${value.map((item) => write(item, inner)).join(",")}]`;
      if (isPlainObject(value)) {
        return `{${pyKeys(value)
          .map((key) => `${quote(key)}:${write(value[key], inner)}`)
          .join(",")}}`;
      }
      if (value instanceof Map) {
        return `{${[...value].map(([key, item]) => `${quote(keyText(key))}:${write(item, inner)}`).join(",")}}`;
      }
      if (value instanceof Set) return `[${[...value].map((item) => write(item, inner)).join(",")}]`;
      if (value instanceof Uint8Array) return `"${b2aBase64(value, false, true)}"`;
      if (value instanceof Date) return `"${rfc3339(value)}"`;
      if (value instanceof Markup) throw new TypeError("Encoding objects of type Markup is unsupported");
      if (value instanceof MsgpackExt) throw new TypeError("Encoding objects of type Ext is unsupported");
      if (value instanceof UUID || value instanceof PlainDate || value instanceof PlainDateTime || value instanceof Decimal) {
        return quote(value.toString());
      }
      throw new TypeError(`Encoding objects of type ${value.constructor?.name ?? "Object"} is unsupported`);
    }
    default:
      throw new TypeError(`Encoding objects of type ${typeof value} is unsupported`);
  }
}

/**
 * `msgspec.json.Encoder().encode(value)`: the same UTF-8 bytes msgspec writes for the Python value
 * that `value` stands for.
 *
 * @throws TypeError for a value msgspec cannot write (a `Markup`, an `Ext`, a lone surrogate, a
 *   class instance, a `Map` key that is neither string- nor number-like); RangeError for nesting
 *   deeper than 1000 or a date beyond Python's range.
 * @example
 * ```ts
 * new TextDecoder().decode(msgspecJSONEncode({ a: 1e-5, b: new Uint8Array([1]) })); // '{"a":0.00001,"b":"AQ=="}'
 * ```
 */
export function msgspecJSONEncode(value: unknown): Uint8Array {
  return utf8Encoder.encode(write(value, 0));
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
// What msgspec refuses and Python's json (hence ../json.ts) accepts: NaN and infinities (as
// literals or by overflow) and lone surrogates. Only texts that may hold one are checked.
const MAYBE_UNLIKE_MSGSPEC = /NaN|Infinity|\\u[dD][89a-fA-F]|[eE][+]?\d{3}|\d{309}/;

function refuseUnlikeMsgspec(value: unknown): void {
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new MsgspecJSONDecodeError("Number out of range, or NaN/Infinity, which msgspec does not read");
  } else if (typeof value === "string") {
    if (LONE_SURROGATE.test(value)) throw new MsgspecJSONDecodeError("A lone surrogate escape, which msgspec does not read");
  } else if (Array.isArray(value)) {
    for (const item of value) refuseUnlikeMsgspec(item);
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      refuseUnlikeMsgspec(key);
      refuseUnlikeMsgspec(value[key]);
    }
  }
}

/**
 * What `msgspec.json.Decoder().decode(data)` returns, in JavaScript: big ints as `bigint`, keys in
 * Python's order (`"__proto__"` is data), duplicate keys keep the last value.
 *
 * @throws MsgspecJSONDecodeError for data msgspec refuses (invalid UTF-8, a BOM, invalid JSON,
 *   `NaN`, numbers out of range, lone surrogates), and for nesting or item counts beyond the limits.
 * @example
 * ```ts
 * msgspecJSONDecode(new TextEncoder().encode('{"id":12345678901234567890}')); // { id: 12345678901234567890n }
 * ```
 */
export function msgspecJSONDecode(data: Uint8Array, limits: { maxDepth?: number; maxItems?: number } = {}): unknown {
  let text: string;
  try {
    text = strictUtf8.decode(data);
  } catch (error) {
    throw new MsgspecJSONDecodeError("Invalid UTF-8 encoded string", { cause: error });
  }
  if (text.charCodeAt(0) === 0xfeff) throw new MsgspecJSONDecodeError("JSON is malformed: invalid character (byte 0)");
  let value: unknown;
  try {
    value = loads(text, limits);
  } catch (error) {
    throw new MsgspecJSONDecodeError(`JSON is malformed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  if (MAYBE_UNLIKE_MSGSPEC.test(text)) refuseUnlikeMsgspec(value);
  return value;
}
