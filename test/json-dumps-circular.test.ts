/**
 * json.dumps finds a circular structure where it reaches `maxDepth` (its path then holds one
 * container twice), not by keeping a set of the containers being written: the errors must be
 * what they were, and a value met twice but not inside itself is no cycle.
 */
import { expect, test } from "vitest";
import { json } from "../src/index.js";

test.each([
  [
    "a dict inside itself",
    () => {
      const d: Record<string, unknown> = { a: 1 };
      d.b = [d];
      return d;
    },
  ],
  [
    "a list inside itself",
    () => {
      const l: unknown[] = [1];
      l.push({ x: l });
      return l;
    },
  ],
  [
    "a Map inside itself",
    () => {
      const m = new Map<string, unknown>();
      m.set("m", m);
      return m;
    },
  ],
])("%s is refused as circular", (_name, make) => {
  expect(() => json.dumps(make())).toThrow(new TypeError("Circular reference detected"));
  expect(() => json.dumps(make(), { indent: 2 })).toThrow(new TypeError("Circular reference detected"));
});

test("a default that gives back its argument is circular too", () => {
  class Point {}
  expect(() => json.dumps(new Point(), { default: (v) => v })).toThrow(new TypeError("Circular reference detected"));
});

test("nesting beyond maxDepth without a cycle is a RangeError; a value met twice is written twice", () => {
  const deep = JSON.parse("[".repeat(20) + "]".repeat(20)) as unknown;
  expect(() => json.dumps(deep, { maxDepth: 10 })).toThrow(new RangeError("maximum JSON nesting depth (10) exceeded"));
  expect(json.dumps(deep, { maxDepth: 20 })).toBe("[".repeat(20) + "]".repeat(20));
  const shared = { k: [1] };
  expect(json.dumps({ a: shared, b: [shared, shared] }, { separators: [",", ":"] })).toBe(
    '{"a":{"k":[1]},"b":[{"k":[1]},{"k":[1]}]}',
  );
});
