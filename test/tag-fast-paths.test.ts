/**
 * Flask's own tags never claim a string, number, boolean or null, but TaggedJSONSerializer.tag
 * asks every tag about every value all the same: a tag of any other class, a subclass of a
 * built-in one included, registered or put into `order` by hand, must see every value.
 */
import { describe, expect, test } from "vitest";
import { JSONTag, TagTuple, TaggedJSONSerializer, Tuple } from "../src/index.js";

/** Claims strings that start with "secret:" (a tag for a primitive, as an app may register). */
class TagSecret extends JSONTag {
  override readonly key = " s";
  check(value: unknown): boolean {
    return typeof value === "string" && value.startsWith("secret:");
  }
  toJson(value: string): unknown {
    return value.slice("secret:".length);
  }
  toPython(value: string): unknown {
    return `secret:${value}`;
  }
}

/** A subclass of a built-in tag that also claims numbers, as pairs. */
class TagTupleAndNumbers extends TagTuple {
  override check(value: unknown): boolean {
    return super.check(value) || typeof value === "number";
  }
  override toJson(value: Tuple | number): unknown {
    return typeof value === "number" ? [value, value] : super.toJson(value);
  }
}

describe("tagging primitive values", () => {
  test("Flask's own tags leave them as they are", () => {
    const s = new TaggedJSONSerializer();
    expect(s.dumps({ a: "secret:x", b: 1, c: true, d: null, t: new Tuple(1, "x") })).toBe(
      '{"a":"secret:x","b":1,"c":true,"d":null,"t":{" t":[1,"x"]}}',
    );
  });

  test("a registered tag that claims a primitive gets it, at any depth", () => {
    const s = new TaggedJSONSerializer();
    s.register(TagSecret, { index: 0 });
    const text = s.dumps({ a: "secret:x", list: ["plain", "secret:y"], t: new Tuple("secret:z") });
    expect(text).toBe('{"a":{" s":"x"},"list":["plain",{" s":"y"}],"t":{" t":[{" s":"z"}]}}');
    expect(s.loads(text)).toEqual({ a: "secret:x", list: ["plain", "secret:y"], t: new Tuple("secret:z") });
  });

  test("so does a tag put into the public check order by hand", () => {
    const s = new TaggedJSONSerializer();
    expect(s.dumps({ a: "secret:x" })).toBe('{"a":"secret:x"}');
    s.order.unshift(new TagSecret(s));
    s.tags.set(" s", s.order[0]!);
    expect(s.dumps({ a: "secret:x" })).toBe('{"a":{" s":"x"}}');
  });

  test("so does a tag whose check is replaced on the instance, from the next call on", () => {
    const s = new TaggedJSONSerializer();
    expect(s.dumps({ n: 2 })).toBe('{"n":2}');
    const tuples = s.order.find((tag) => tag.key === " t")!;
    tuples.check = (value: unknown) => typeof value === "number";
    tuples.toJson = (value: never) => [value, value];
    expect(s.dumps({ n: 2 })).toBe('{"n":{" t":[2,2]}}');
  });

  test("so does a subclass of a built-in tag registered in its place", () => {
    const s = new TaggedJSONSerializer();
    s.register(TagTupleAndNumbers, { force: true, index: 0 });
    expect(s.dumps({ n: 2, t: new Tuple("a") })).toBe('{"n":{" t":[2,2]},"t":{" t":["a"]}}');
  });
});

describe("untagging tuples", () => {
  test.each([
    ["[]", []],
    ["[3]", [3]],
    ['["a"]', ["a"]],
    ["[1,2]", [1, 2]],
    ['[0,"x",null,[1]]', [0, "x", null, [1]]],
  ])("%s is a Tuple of exactly those items", (items, expected) => {
    const value = new TaggedJSONSerializer().loads(`{" t":${items}}`) as Tuple;
    expect(value).toBeInstanceOf(Tuple);
    expect(Array.isArray(value)).toBe(true);
    expect(value.length).toBe(expected.length);
    expect([...value]).toEqual(expected);
    expect(Object.keys(value)).toEqual(expected.map((_, i) => String(i)));
    // It behaves as one made by the constructor: mapping gives a plain array.
    expect(Object.getPrototypeOf(value.map((x) => x))).toBe(Array.prototype);
  });
});
