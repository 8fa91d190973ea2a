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
import { floatRepr } from "../../src/json/numbers.js";
import { isPlainObject, pyKeys, setOwn, withKeyOrder } from "../../src/json/dict.js";

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
    return withKeyOrder(
      out,
      value.dict.map(([k]) => k),
    );
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
  expect(compareTyped(actual, expected, path, options), path).toBeNull();
}

function show(value: unknown): string {
  try {
    return typeof value === "bigint" ? `${value}n` : (JSON.stringify(value) ?? String(value)).slice(0, 200);
  } catch {
    return String(value).slice(0, 200);
  }
}

/**
 * {@link expectTyped} without throwing: `null` when `actual` matches the Python value `expected`,
 * else what differs first, with its path (the differential fuzzer counts these).
 */
export function compareTyped(
  actual: unknown,
  expected: Typed,
  path = "$",
  options: { ignoreKeyOrder?: boolean; markupEquals?: (ours: string, python: string) => boolean } = {},
): string | null {
  const differ = (what: string): string => `${path}: ${what}`;
  if (expected === null || typeof expected === "boolean" || typeof expected === "string") {
    return actual === expected ? null : differ(`${show(actual)} instead of ${show(expected)}`);
  }
  if ("int" in expected) {
    const want = pyInt(expected.int);
    if (typeof actual !== typeof want) return differ(`${typeof actual} instead of ${typeof want} ${expected.int}`);
    return actual === want ? null : differ(`${show(actual)} instead of ${expected.int}`);
  }
  if ("float" in expected) {
    const want = pyFloat(expected.float);
    if (typeof actual !== "number") return differ(`${typeof actual} instead of the float ${expected.float}`);
    return Object.is(actual, want) || actual === want ? null : differ(`${String(actual)} instead of ${expected.float}`);
  }
  if ("list" in expected || "tuple" in expected) {
    const tuple = "tuple" in expected;
    const items = "list" in expected ? expected.list : expected.tuple;
    if (!Array.isArray(actual)) return differ(`${show(actual)} instead of a ${tuple ? "tuple" : "list"}`);
    if (actual instanceof Tuple !== tuple) return differ(tuple ? "a list instead of a tuple" : "a tuple instead of a list");
    if (actual.length !== items.length) return differ(`length ${actual.length} instead of ${items.length}`);
    for (let i = 0; i < items.length; i++) {
      const problem = compareTyped((actual as unknown[])[i], items[i]!, `${path}[${i}]`, options);
      if (problem) return problem;
    }
    return null;
  }
  if ("dict" in expected) {
    if (!isPlainObject(actual)) return differ(`${show(actual)} instead of a plain object`);
    const keys = expected.dict.map(([k]) => k);
    const ours = pyKeys(actual);
    const same = options.ignoreKeyOrder ? show([...ours].sort()) === show([...keys].sort()) : show(ours) === show(keys);
    if (!same) return differ(`keys ${show(ours)} instead of ${show(keys)}`);
    for (const [k, v] of expected.dict) {
      if (!Object.prototype.hasOwnProperty.call(actual, k)) return differ(`${show(k)} is not an own property`);
      const problem = compareTyped(actual[k], v, `${path}.${k}`, options);
      if (problem) return problem;
    }
    return null;
  }
  if ("bytes" in expected) {
    if (!(actual instanceof Uint8Array)) return differ(`${show(actual)} instead of bytes`);
    return bytesToHex(actual) === expected.bytes ? null : differ(`bytes ${bytesToHex(actual)} instead of ${expected.bytes}`);
  }
  if ("markup" in expected) {
    if (!(actual instanceof Markup)) return differ(`${show(actual)} instead of Markup`);
    const same = options.markupEquals
      ? options.markupEquals(String(actual), expected.markup)
      : String(actual) === expected.markup;
    return same ? null : differ(`Markup ${show(String(actual))} instead of ${show(expected.markup)}`);
  }
  if ("uuid" in expected) {
    if (!(actual instanceof UUID)) return differ(`${show(actual)} instead of a UUID`);
    return actual.hex === expected.uuid ? null : differ(`UUID ${actual.hex} instead of ${expected.uuid}`);
  }
  if ("datetime" in expected) {
    if (!(actual instanceof Date)) return differ(`${show(actual)} instead of a datetime`);
    return actual.getTime() === expected.datetime * 1000
      ? null
      : differ(`${String(actual.getTime() / 1000)} instead of ${expected.datetime} (${expected.iso ?? ""})`);
  }
  return differ(`not a typed value: ${show(expected)}`);
}
