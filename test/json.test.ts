/**
 * json.loads reads ordinary texts with JSON.parse and, when what JSON.parse built may differ from
 * what Python reads (big or overflowing numbers, -0, integer-like keys), the text again with the
 * exact parser. Whatever the text, the result must be the exact parser's: values, types, -0 and
 * key order (the fixtures compare the exact parser with Python).
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { pyKeys } from "../src/json/dict.js";
import { loads, readExact, readJSON } from "../src/json/read.js";

const loadsExact = (text: string): unknown => readExact(text, { maxDepth: 1000, maxItems: 100_000, hookDropped: true });

/** A typed rendering: tells 1 from 1n, 0 from -0, and shows keys in Python's order. */
function typed(value: unknown): string {
  if (typeof value === "number") return Object.is(value, -0) ? "n:-0" : `n:${value}`;
  if (typeof value === "bigint") return `b:${value}`;
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(typed).join(",")}]`;
  const obj = value as Record<string, unknown>;
  return `{${pyKeys(obj)
    .map((k) => `${JSON.stringify(k)}:${typed(obj[k])}`)
    .join(",")}}`;
}

function same(text: string): void {
  let exact: string;
  try {
    exact = typed(loadsExact(text));
  } catch (error) {
    exact = `error ${(error as Error).name}`;
  }
  let fast: string;
  try {
    fast = typed(loads(text));
  } catch (error) {
    fast = `error ${(error as Error).name}`;
  }
  expect(fast, text).toBe(exact);
}

const number = fc.oneof(
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.constantFrom(
    "-0",
    "0",
    "-0.0",
    "1e300",
    "-1e400",
    "1e400",
    "9007199254740993",
    "-9007199254740991",
    "1.5",
    "1e-400",
    "-1e-400",
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
);
const key = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.nat({ max: 5000 }).map(String),
  fc.constantFrom("0", "01", "4294967295", "42", "-1", "__proto__"),
);
const jsonText: fc.Arbitrary<string> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    number,
    fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
    fc.constantFrom("true", "false", "null"),
    fc.array(tie("value") as fc.Arbitrary<string>, { maxLength: 4 }).map((items) => `[${items.join(",")}]`),
    fc
      .array(fc.tuple(key, tie("value") as fc.Arbitrary<string>), { maxLength: 4 })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(", ")}}`),
  ),
})).value;

describe("json.loads", () => {
  test("reads every text as the exact parser does", () => {
    fc.assert(
      fc.property(jsonText, (text) => same(text)),
      { numRuns: 3000 },
    );
  });

  test("the cases the fast path must hand over", () => {
    for (const text of [
      "12345678901234567890",
      '{"a": [1, {"b": 99999999999999999999}]}',
      "-0",
      "[-0, 0, -0.0]",
      '{"b": 1, "10": 2, "a": 3, "2": 4}',
      '{"x": 1e400}',
      "1" + "0".repeat(400),
      '{"__proto__": 1, "9": 2}',
      // What JSON.parse drops for a duplicate key, Python still reads: its limits and errors count.
      `{"a": ${"1".repeat(5000)}, "a": 1}`,
      `{"a": ${"[".repeat(1001)}${"]".repeat(1001)}, "a": 1}`,
      `{"a": [${"0,".repeat(2000)}0], "a": 1}`,
      `[${" ".repeat(6000)}1, {"a": 1, "a": 2}]`,
    ]) {
      same(text);
    }
  });

  test("an enumerable property someone put on Object.prototype is not read as a key of every object", () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.injected = { deep: [1] };
    try {
      for (const text of ['{"a": {"b": 1}}', '[{"x": 12345678901234567890}]', `{"a": [${"0,".repeat(50)}0], "a": 1}`]) same(text);
      const seen: unknown[] = [];
      loads('{"a": {"b": 1}}', { objectHook: (obj) => (seen.push(Object.keys(obj)), obj) });
      expect(seen).toEqual([["b"], ["a"]]);
    } finally {
      delete proto.injected;
    }
  });

  test("a dropped duplicate counts against maxItems as Python's reader counts it", () => {
    const text = `{"a": [${"0,".repeat(50)}0], "a": 1}`;
    const options = { maxDepth: 1000, maxItems: 40, hookDropped: true };
    expect(() => readExact(text, options)).toThrow(/More than 40 items/);
    expect(() => readJSON(text, options)).toThrow(/More than 40 items/);
  });

  test.each([true, false])(
    "the hook sees the objects the exact reader gives it, in its order (hookDropped %s)",
    (hookDropped) => {
      const run = (read: typeof readJSON, text: string): string => {
        const seen: string[] = [];
        const hook = (obj: Record<string, unknown>): unknown => {
          seen.push(typed(obj));
          return pyKeys(obj).length === 1 ? { wrapped: obj } : obj;
        };
        let result: string;
        try {
          result = typed(read(text, { maxDepth: 1000, maxItems: 100_000, hook, hookDropped }));
        } catch (error) {
          result = `error ${(error as Error).name}`;
        }
        return [...seen, result].join(" | ");
      };
      fc.assert(
        fc.property(jsonText, (text) => {
          expect(run(readJSON, text), text).toBe(run(readExact, text));
        }),
        { numRuns: 1500 },
      );
      for (const text of ['{"a": {"x": 1}, "a": {"y": 2}}', '[{"a": {"b": 1}, "a": 2}]', '{"s": "{", "a": 1}']) {
        expect(run(readJSON, text), text).toBe(run(readExact, text));
      }
    },
  );
});
