/**
 * The conformance bundle's `expect` (test/conformance/expect.ts) gives vitest's verdict: on a table
 * of values that covers what the shared checks compare, each of its matchers passes exactly when
 * vitest's matcher of the same name passes. A run in a browser or an edge runtime is as strict as
 * the Node run.
 */
import { describe, expect, test } from "vitest";
import { expect as edgeExpect, AssertionError } from "./conformance/expect.js";

const VALUES: [string, unknown][] = [
  ["undefined", undefined],
  ["null", null],
  ["true", true],
  ["false", false],
  ["0", 0],
  ["-0", -0],
  ["1", 1],
  ["NaN", NaN],
  ["1n", 1n],
  ['""', ""],
  ['"1"', "1"],
  ['"a"', "a"],
  ["[]", []],
  ["[1]", [1]],
  ["[1, 2]", [1, 2]],
  ["[2, 1]", [2, 1]],
  ["[undefined]", [undefined]],
  ["[null]", [null]],
  ['["a"]', ["a"]],
  ["[[1]]", [[1]]],
  ["{}", {}],
  ["{a: 1}", { a: 1 }],
  ["{a: 1, b: undefined}", { a: 1, b: undefined }],
  ["{a: 2}", { a: 2 }],
  ["{b: 1}", { b: 1 }],
  ["{ok: true, value: false}", { ok: true, value: false }],
  ["{ok: true, value: 0}", { ok: true, value: 0 }],
  ["{ok: true, value: [false, null]}", { ok: true, value: [false, null] }],
  ["{ok: true, value: [false, undefined]}", { ok: true, value: [false, undefined] }],
  ["Uint8Array [1]", new Uint8Array([1])],
  ["Uint8Array [2]", new Uint8Array([2])],
  ["Date 0", new Date(0)],
  ["Date 1000", new Date(1000)],
  ["TypeError x", new TypeError("x")],
  ["Error x", new Error("x")],
  ["Error y", new Error("y")],
];

/** Whether a matcher call passes (does not throw). */
function passes(run: () => void): boolean {
  try {
    run();
    return true;
  } catch {
    return false;
  }
}

const PAIRS = VALUES.flatMap(([an, a]) => VALUES.map(([bn, b]) => [`${an} vs ${bn}`, a, b] as const));

describe("the edge expect agrees with vitest", () => {
  test.each(["toBe", "toEqual"] as const)("%s, on every pair of values", (matcher) => {
    const disagreements = PAIRS.filter(
      ([, a, b]) => passes(() => expect(a)[matcher](b)) !== passes(() => edgeExpect(a)[matcher](b)),
    ).map(([name]) => name);
    expect(disagreements).toEqual([]);
    // The table has both verdicts.
    expect(new Set(PAIRS.map(([, a, b]) => passes(() => edgeExpect(a)[matcher](b))))).toEqual(new Set([true, false]));
  });

  test.each(VALUES)("toBeUndefined, toBeNull, toBeInstanceOf on %s", (_name, value) => {
    expect(passes(() => edgeExpect(value).toBeUndefined())).toBe(passes(() => expect(value).toBeUndefined()));
    expect(passes(() => edgeExpect(value).toBeNull())).toBe(passes(() => expect(value).toBeNull()));
    for (const ctor of [Error, TypeError, Uint8Array, Date, Array, Object]) {
      expect(
        passes(() => edgeExpect(value).toBeInstanceOf(ctor)),
        ctor.name,
      ).toBe(passes(() => expect(value).toBeInstanceOf(ctor)));
    }
  });

  test("toThrow and not.toThrow", () => {
    const functions = [
      () => 1,
      () => undefined,
      () => {
        throw new TypeError("x");
      },
      () => {
        throw "a string";
      },
    ];
    for (const fn of functions) {
      expect(passes(() => edgeExpect(fn).toThrow())).toBe(passes(() => expect(fn).toThrow()));
      expect(passes(() => edgeExpect(fn).not.toThrow())).toBe(passes(() => expect(fn).not.toThrow()));
    }
  });

  test("toMatch and toHaveLength", () => {
    const strings = ["", "abc", "More than 11 items", "a\nb"];
    const patterns: (string | RegExp)[] = ["", "b", "items", /^abc$/, /More than \d+ items/, /a.b/, /A/i];
    for (const s of strings) {
      for (const p of patterns) {
        expect(
          passes(() => edgeExpect(s).toMatch(p)),
          `${JSON.stringify(s)} ${String(p)}`,
        ).toBe(passes(() => expect(s).toMatch(p)));
      }
    }
    const sized: unknown[] = ["", "ab", [], [1, 2], new Uint8Array(2), { length: 2 }];
    for (const value of sized) {
      for (const n of [0, 2, 3]) {
        expect(passes(() => edgeExpect(value).toHaveLength(n))).toBe(passes(() => expect(value).toHaveLength(n)));
      }
    }
    // Neither passes on what is not a string, or has no length.
    for (const value of [1, null, undefined, {}]) {
      expect(passes(() => edgeExpect(value).toMatch(""))).toBe(false);
      expect(passes(() => edgeExpect(value).toHaveLength(0))).toBe(false);
    }
  });

  test("toThrow(class | pattern | substring)", () => {
    class Special extends TypeError {}
    const functions = [
      () => 1,
      () => {
        throw new TypeError("bad x");
      },
      () => {
        throw new Special("odd y");
      },
      () => {
        throw new Error("bad y");
      },
    ];
    const matchers = [TypeError, Special, Error, RangeError, /bad/, /^y/, "bad x", "odd", "zzz"];
    for (const fn of functions) {
      for (const m of matchers) {
        expect(
          passes(() => edgeExpect(fn).toThrow(m)),
          `${String(m)}`,
        ).toBe(passes(() => expect(fn).toThrow(m)));
      }
    }
  });

  test("a failure says where, what it got and what it wanted", () => {
    const error = (() => {
      try {
        edgeExpect({ a: 1n }, "$.cart").toEqual({ a: 2 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AssertionError);
    expect((error as AssertionError).message).toBe('$.cart: expected {"a":"1n"} to deeply equal {"a":2}');
  });
});
