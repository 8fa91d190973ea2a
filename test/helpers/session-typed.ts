/**
 * The TypeScript twin of scripts/flask_session_values.py: typed values for every Python type a
 * Flask-Session record holds (sets, dates, naive datetimes, decimals, dicts with other keys...),
 * to build the JavaScript value this library gives for a Python value and to compare with one.
 */
import { expect } from "vitest";
import { Decimal, MsgpackExt, PlainDate, PlainDateTime, Tuple, UUID } from "../../src/index.js";
import { floatRepr } from "../../src/json/numbers.js";
import { isPlainObject, pyKeys, setOwn, withKeyOrder } from "../../src/json/dict.js";
import { bytesToHex, hexToBytes } from "./typed.js";

export type SessionTyped =
  | null
  | boolean
  | string
  | { int: string }
  | { float: string }
  | { list: SessionTyped[] }
  | { tuple: SessionTyped[] }
  | { set: SessionTyped[] }
  | { frozenset: SessionTyped[] }
  | { dict: [string, SessionTyped][] }
  | { map: [SessionTyped, SessionTyped][] }
  | { bytes: string }
  | { uuid: string }
  | { decimal: string }
  | { datetime_us: string }
  | { naive: string }
  | { date: string }
  | { ext: [number, string] };

function pyInt(text: string): number | bigint {
  const big = BigInt(text);
  return big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
}

function pyFloat(text: string): number {
  return text === "nan" ? NaN : text === "inf" ? Infinity : text === "-inf" ? -Infinity : Number(text);
}

function naive(text: string): PlainDateTime {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{6}))?$/.exec(text)!;
  return new PlainDateTime(...(m.slice(1, 7).map(Number) as [number, number, number, number, number, number]), Number(m[7] ?? 0));
}

/** The JavaScript value this library should give for a typed Python value. */
export function fromSessionTyped(value: SessionTyped): unknown {
  if (value === null || typeof value !== "object") return value;
  if ("int" in value) return pyInt(value.int);
  if ("float" in value) return pyFloat(value.float);
  if ("list" in value) return value.list.map(fromSessionTyped);
  if ("tuple" in value) return Tuple.from(value.tuple.map(fromSessionTyped));
  if ("set" in value) return new Set(value.set.map(fromSessionTyped));
  if ("frozenset" in value) return Object.freeze(new Set(value.frozenset.map(fromSessionTyped)));
  if ("dict" in value) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value.dict) setOwn(out, k, fromSessionTyped(v));
    return withKeyOrder(
      out,
      value.dict.map(([k]) => k),
    );
  }
  if ("map" in value) return new Map(value.map.map(([k, v]) => [fromSessionTyped(k), fromSessionTyped(v)]));
  if ("bytes" in value) return hexToBytes(value.bytes);
  if ("uuid" in value) return new UUID(value.uuid);
  if ("decimal" in value) return new Decimal(value.decimal);
  if ("datetime_us" in value)
    return new Date(Number(BigInt(value.datetime_us) / 1000n - (BigInt(value.datetime_us) % 1000n < 0n ? 1n : 0n)));
  if ("naive" in value) return naive(value.naive);
  if ("date" in value) {
    const [y, m, d] = value.date.split("-").map(Number) as [number, number, number];
    return new PlainDate(y, m, d);
  }
  if ("ext" in value) return new MsgpackExt(value.ext[0], hexToBytes(value.ext[1]));
  throw new Error(`not a typed value: ${JSON.stringify(value)}`);
}

/** A typed description of a JavaScript value (for sending values to Python). */
export function toSessionTyped(value: unknown): SessionTyped {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "bigint") return { int: value.toString() };
  if (typeof value === "number") {
    if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER && !Object.is(value, -0))
      return { int: String(value) };
    return { float: floatRepr(value) };
  }
  if (value instanceof Tuple) return { tuple: Array.from(value, toSessionTyped) };
  if (Array.isArray(value)) return { list: value.map(toSessionTyped) };
  if (value instanceof Set)
    return Object.isFrozen(value) ? { frozenset: [...value].map(toSessionTyped) } : { set: [...value].map(toSessionTyped) };
  if (value instanceof Uint8Array) return { bytes: bytesToHex(value) };
  if (value instanceof UUID) return { uuid: value.hex };
  if (value instanceof Decimal) return { decimal: value.value };
  if (value instanceof PlainDateTime) return { naive: value.toString().padEnd(19 + (value.microsecond ? 7 : 0), "0") };
  if (value instanceof PlainDate) return { date: value.toString() };
  if (value instanceof Date) return { datetime_us: String(BigInt(value.getTime()) * 1000n) };
  if (value instanceof MsgpackExt) return { ext: [value.type, bytesToHex(value.data)] };
  if (value instanceof Map)
    return { map: [...value].map(([k, v]) => [toSessionTyped(k), toSessionTyped(v)] as [SessionTyped, SessionTyped]) };
  if (isPlainObject(value)) return { dict: pyKeys(value).map((k) => [k, toSessionTyped(value[k])] as [string, SessionTyped]) };
  throw new Error(`no typed form for ${String(value)}`);
}

/**
 * Whether `actual` is what this library should give for the Python value `expected`, type for
 * type and in key order: `null`, or what differs first with its path. Datetimes compare to the
 * millisecond (a JavaScript Date has no microseconds); a float with an integral value may be a
 * JavaScript integer.
 */
export function compareSessionTyped(actual: unknown, expected: SessionTyped, path = "$"): string | null {
  const want = fromSessionTyped(expected);
  return compareValues(actual, want, path);
}

function show(value: unknown): string {
  try {
    return typeof value === "bigint" ? `${value}n` : String(JSON.stringify(value) ?? value).slice(0, 120);
  } catch {
    return String(value);
  }
}

function compareValues(actual: unknown, want: unknown, path: string): string | null {
  const differ = (what: string) => `${path}: ${what}`;
  if (want === null || typeof want !== "object") {
    if (typeof want === "number" && typeof actual === "number")
      return Object.is(actual, want) || actual === want ? null : differ(`${actual} instead of ${want}`);
    return actual === want ? null : differ(`${show(actual)} (${typeof actual}) instead of ${show(want)} (${typeof want})`);
  }
  const sameClass = (cls: abstract new (...args: never[]) => unknown) =>
    actual instanceof cls ? null : differ(`${show(actual)} instead of a ${cls.name}`);
  if (want instanceof Tuple || Array.isArray(want)) {
    if (!Array.isArray(actual)) return differ(`${show(actual)} instead of an array`);
    if (actual instanceof Tuple !== want instanceof Tuple)
      return differ(want instanceof Tuple ? "a list instead of a tuple" : "a tuple instead of a list");
    if (actual.length !== want.length) return differ(`length ${actual.length} instead of ${want.length}`);
    for (let i = 0; i < want.length; i++) {
      const problem = compareValues(actual[i], want[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (want instanceof Set) {
    if (!(actual instanceof Set)) return differ(`${show(actual)} instead of a Set`);
    if (Object.isFrozen(actual) !== Object.isFrozen(want)) return differ("frozen-ness differs");
    return compareValues([...actual], [...want], `${path}{}`);
  }
  if (want instanceof Map) {
    if (!(actual instanceof Map)) return differ(`${show(actual)} instead of a Map`);
    return compareValues([...actual].flat(), [...want].flat(), `${path}<map>`);
  }
  if (want instanceof Uint8Array) {
    if (!(actual instanceof Uint8Array)) return differ(`${show(actual)} instead of bytes`);
    return bytesToHex(actual) === bytesToHex(want) ? null : differ(`bytes ${bytesToHex(actual)} instead of ${bytesToHex(want)}`);
  }
  if (want instanceof Date) {
    if (!(actual instanceof Date)) return differ(`${show(actual)} instead of a Date`);
    return actual.getTime() === want.getTime() ? null : differ(`${actual.toISOString()} instead of ${want.toISOString()}`);
  }
  for (const cls of [UUID, Decimal, PlainDate, PlainDateTime]) {
    if (want instanceof cls)
      return sameClass(cls) ?? (String(actual) === String(want) ? null : differ(`${String(actual)} instead of ${String(want)}`));
  }
  if (want instanceof MsgpackExt) {
    if (!(actual instanceof MsgpackExt)) return differ(`${show(actual)} instead of an Ext`);
    return actual.type === want.type && bytesToHex(actual.data) === bytesToHex(want.data) ? null : differ("another Ext");
  }
  if (isPlainObject(want)) {
    if (!isPlainObject(actual)) return differ(`${show(actual)} instead of a plain object`);
    const keys = pyKeys(want);
    if (show(pyKeys(actual)) !== show(keys)) return differ(`keys ${show(pyKeys(actual))} instead of ${show(keys)}`);
    for (const key of keys) {
      if (!Object.prototype.hasOwnProperty.call(actual, key)) return differ(`${key} is not an own property`);
      const problem = compareValues(actual[key], want[key], `${path}.${key}`);
      if (problem) return problem;
    }
    return null;
  }
  return differ(`cannot compare ${show(want)}`);
}

/** Asserts {@link compareSessionTyped} finds nothing. */
export function expectSessionTyped(actual: unknown, expected: SessionTyped, path = "$"): void {
  expect(compareSessionTyped(actual, expected, path), path).toBeNull();
}
