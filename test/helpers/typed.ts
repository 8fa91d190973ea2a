/**
 * The TypeScript twin of scripts/pyvalues.py: "typed values" describe Python values in JSON
 * without losing their type. `fromTyped` builds the JavaScript value this library should produce
 * for a Python value; `expectTyped` checks a JavaScript value against a Python one, type for type.
 *
 * Shared with the edge-runtime run (test/edge/), where the `vitest` import is bundled as
 * test/edge/expect.ts: keep to the matchers that file implements.
 */
import { expect } from "vitest";
import { Markup, Tuple, UUID } from "../../src/index.js";
import { floatRepr, isPlainObject, pyKeys, setOwn, withKeyOrder } from "../../src/json.js";

export type Typed =
  | null
  | boolean
  | string
  | { int: string }
  | { float: string }
  | { list: Typed[] }
  | { tuple: Typed[] }
  | { dict: [string, Typed][] }
  | { bytes: string }
  | { markup: string }
  | { uuid: string }
  | { datetime: number; iso?: string };

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function pyFloat(text: string): number {
  if (text === "nan") return NaN;
  if (text === "inf") return Infinity;
  if (text === "-inf") return -Infinity;
  return Number(text);
}

function pyInt(text: string): number | bigint {
  const big = BigInt(text);
  return big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
}

/**
 * Whether a typed value holds a Python float with an integral value (`3.0`): JavaScript reads it as
 * the number 3 and writes it back as the int 3 (the documented difference on writing).
 */
export function hasIntegralFloat(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  if ("float" in value) {
    const n = Number((value as { float: string }).float);
    return Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER && !Object.is(n, -0);
  }
  return Object.values(value).some((v) => (Array.isArray(v) ? v.some(hasIntegralFloat) : hasIntegralFloat(v)));
}

/** The JavaScript value for a typed Python value. */
export function fromTyped(value: Typed): unknown {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if ("int" in value) return pyInt(value.int);
  if ("float" in value) return pyFloat(value.float);
  if ("list" in value) return value.list.map(fromTyped);
  if ("tuple" in value) return Tuple.from(value.tuple.map(fromTyped));
  if ("dict" in value) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value.dict) setOwn(out, k, fromTyped(v));
    return withKeyOrder(out, value.dict.map(([k]) => k));
  }
  if ("bytes" in value) return hexToBytes(value.bytes);
  if ("markup" in value) return new Markup(value.markup);
  if ("uuid" in value) return new UUID(value.uuid);
  if ("datetime" in value) return new Date(value.datetime * 1000);
  throw new Error(`not a typed value: ${JSON.stringify(value)}`);
}

/** A typed description of a JavaScript value (for messages and for sending values to Python). */
export function toTyped(value: unknown): Typed {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "bigint") return { int: value.toString() };
  if (typeof value === "number") {
    if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER && !Object.is(value, -0)) {
      return { int: String(value) };
    }
    return { float: floatRepr(value) };
  }
  if (value instanceof Tuple) return { tuple: Array.from(value, toTyped) };
  if (Array.isArray(value)) return { list: value.map(toTyped) };
  if (value instanceof Markup) return { markup: String(value) };
  if (value instanceof UUID) return { uuid: value.hex };
  if (value instanceof Uint8Array) return { bytes: bytesToHex(value) };
  if (value instanceof Date) return { datetime: Math.floor(value.getTime() / 1000) };
  if (value instanceof Map) return { dict: [...value].map(([k, v]) => [String(k), toTyped(v)] as [string, Typed]) };
  if (isPlainObject(value)) return { dict: pyKeys(value).map((k) => [k, toTyped(value[k])] as [string, Typed]) };
  throw new Error(`no typed form for ${String(value)}`);
}

/**
 * Checks that `actual` is what this library should give for the Python value `expected`: same
 * types (tuple vs list, bytes, Markup, UUID, big ints), same values, same key order. A Python
 * float with an integral value may come back as a JavaScript integer (the documented difference).
 */
export function expectTyped(actual: unknown, expected: Typed, path = "$", options: { ignoreKeyOrder?: boolean } = {}): void {
  if (expected === null || typeof expected === "boolean" || typeof expected === "string") {
    expect(actual, path).toBe(expected);
    return;
  }
  if ("int" in expected) {
    const want = pyInt(expected.int);
    expect(typeof actual, `${path} type`).toBe(typeof want);
    expect(actual, path).toBe(want);
    return;
  }
  if ("float" in expected) {
    expect(typeof actual, `${path} type`).toBe("number");
    expect(Object.is(actual, pyFloat(expected.float)) || actual === pyFloat(expected.float), `${path}: ${String(actual)} vs ${expected.float}`).toBe(true);
    return;
  }
  if ("list" in expected || "tuple" in expected) {
    const items = "list" in expected ? expected.list : expected.tuple;
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    expect(actual instanceof Tuple, `${path} is ${"tuple" in expected ? "a tuple" : "a list"}`).toBe("tuple" in expected);
    const arr = actual as unknown[];
    expect(arr.length, `${path} length`).toBe(items.length);
    items.forEach((item, i) => expectTyped(arr[i], item, `${path}[${i}]`, options));
    return;
  }
  if ("dict" in expected) {
    expect(isPlainObject(actual), `${path} is a plain object`).toBe(true);
    const obj = actual as Record<string, unknown>;
    const keys = expected.dict.map(([k]) => k);
    if (options.ignoreKeyOrder) expect(pyKeys(obj).sort(), `${path} keys`).toEqual(keys.sort());
    else expect(pyKeys(obj), `${path} keys`).toEqual(keys);
    for (const [k, v] of expected.dict) {
      expect(Object.prototype.hasOwnProperty.call(obj, k), `${path}.${k} own`).toBe(true);
      expectTyped(obj[k], v, `${path}.${k}`, options);
    }
    return;
  }
  if ("bytes" in expected) {
    expect(actual instanceof Uint8Array, `${path} is bytes`).toBe(true);
    expect(bytesToHex(actual as Uint8Array), path).toBe(expected.bytes);
    return;
  }
  if ("markup" in expected) {
    expect(actual instanceof Markup, `${path} is Markup`).toBe(true);
    expect(String(actual), path).toBe(expected.markup);
    return;
  }
  if ("uuid" in expected) {
    expect(actual instanceof UUID, `${path} is a UUID`).toBe(true);
    expect((actual as UUID).hex, path).toBe(expected.uuid);
    return;
  }
  if ("datetime" in expected) {
    expect(actual instanceof Date, `${path} is a Date`).toBe(true);
    expect((actual as Date).getTime(), path).toBe(expected.datetime * 1000);
    return;
  }
  throw new Error(`not a typed value: ${JSON.stringify(expected)}`);
}

