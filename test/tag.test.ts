/**
 * The tagged JSON serializer beyond the fixtures: custom tags the way Flask's documentation adds
 * one (checked against Python's output for the same tag), `register` semantics, and keys that
 * must stay data.
 */
import { describe, expect, test } from "vitest";
import { JSONTag, TaggedJSONSerializer, Tuple } from "../src/index.js";
import { fixtureFor } from "./helpers/fixtures.js";
import { expectTyped, type Typed } from "./helpers/typed.js";

const python = fixtureFor<{
  customTag: { dumps: string; loads: Typed; order: (string | null)[]; registerDuplicate: { error?: string } };
}>("python-semantics.json").table.customTag;
// The tags that only transform (PassDict, PassList) have the key None up to Flask 3.0.0 and ""
// from 3.0.1 on; here they have null in every version.
const pythonOrder = python.order.map((key) => (key === "" ? null : key));

/** Flask's documented OrderedDict example, with a Map (JavaScript's ordered dict). */
class TagOrderedDict extends JSONTag {
  override readonly key = " od";
  check(value: unknown): boolean {
    return value instanceof Map;
  }
  toJson(value: Map<string, unknown>): unknown {
    return [...value].map(([k, v]) => [k, this.serializer.tag(v)]);
  }
  toPython(value: [string, unknown][]): Map<string, unknown> {
    return new Map(value);
  }
}

describe("a custom tag, as in Flask's documentation", () => {
  // Outside a request Flask neither sorts keys nor allows raw non-ASCII.
  const serializer = new TaggedJSONSerializer({ sortKeys: false });
  serializer.register(TagOrderedDict, { index: 0 });
  const value = {
    plain: { z: 1, a: 2 },
    ordered: new Map<string, unknown>([
      ["z", 1],
      ["a", new Tuple(1, new Uint8Array([0]))],
      ["m", []],
    ]),
  };

  test("writes what Python writes with the same tag", () => {
    expect(serializer.dumps(value)).toBe(python.dumps);
  });

  test("reads Python's text back to a Map, in order, with the inner types", () => {
    const loaded = serializer.loads(python.dumps) as { plain: unknown; ordered: Map<string, unknown> };
    expect(loaded.ordered).toBeInstanceOf(Map);
    expectTyped({ plain: loaded.plain, ordered: Object.fromEntries(loaded.ordered) }, python.loads);
  });

  test("sits in the check order where Python puts it", () => {
    expect(serializer.order.map((tag) => tag.key)).toEqual(pythonOrder.slice(0, serializer.order.length));
  });

  test("a duplicate key is refused unless forced (Python: KeyError)", () => {
    expect(python.registerDuplicate.error).toBe("KeyError");
    expect(() => serializer.register(TagOrderedDict)).toThrow(/already registered/);
    const before = serializer.order.length;
    serializer.register(TagOrderedDict, { force: true });
    expect(serializer.order.length).toBe(before + 1);
    expect(serializer.order.map((tag) => tag.key)).toEqual(pythonOrder);
  });
});

describe("keys stay data", () => {
  const serializer = new TaggedJSONSerializer();

  test.each(["__proto__", "constructor", "prototype", "toString", "hasOwnProperty"])("%s", (key) => {
    const text = `{${JSON.stringify(key)}:{"polluted":true},"nested":{" di":{${JSON.stringify(key + "__")}:{"x":1}}}}`;
    const loaded = serializer.loads(text) as Record<string, unknown>;
    expect(Object.getPrototypeOf(loaded)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(loaded, key)).toBe(true);
    expect(loaded[key]).toEqual({ polluted: true });
    const nested = loaded.nested as Record<string, unknown>;
    expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(nested, key)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(serializer.loads(serializer.dumps(loaded))).toEqual(loaded);
  });
});

describe("writing is strict", () => {
  const serializer = new TaggedJSONSerializer();

  test.each([
    ["undefined", { a: undefined }],
    ["a function", { a: () => 1 }],
    ["a class instance", { a: new (class Thing {})() }],
    ["a symbol", { a: Symbol("s") }],
    ["an invalid Date", { a: new Date(NaN) }],
    ["a Date past year 9999", { a: new Date("+010000-01-01T00:00:00Z") }],
  ])("refuses %s with a TypeError or RangeError", (_what, value) => {
    expect(() => serializer.dumps(value)).toThrow(/serializable|date|year|range/i);
  });

  test("a circular structure is an error, not a stack overflow", () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => serializer.dumps(a)).toThrow(RangeError);
  });
});
