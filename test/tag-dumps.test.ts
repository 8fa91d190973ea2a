/**
 * TaggedJSONSerializer.dumps is Flask's one pipeline, `json.dumps(self.tag(value))`, for every
 * serializer. Its speed comes from PassDict and PassList returning a dict or list whose values
 * are their own tagged form as it is, instead of a copy: that must write exactly what Flask's
 * copying tags write, never change the value given, and still call the overridable `tag` (and
 * every tag's `check`) on every value inside.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { JSONTag, Markup, PassDict, PassList, TagTuple, TaggedJSONSerializer, Tuple, UUID, json } from "../src/index.js";
import { pyKeys, setOwn, withKeyOrder } from "../src/json/dict.js";
import { compareCodePoints, sortKeysAsPython } from "../src/json/sort-keys.js";
import { sessionValueArb, valueArb } from "./helpers/fuzz-arbitraries.js";
import { fromTyped } from "./helpers/typed.js";

const OPTIONS = [
  { sortKeys: true, ensureAscii: true },
  { sortKeys: false, ensureAscii: true },
  { sortKeys: true, ensureAscii: false },
  { sortKeys: false, ensureAscii: false },
];

/**
 * Flask's `tag` as written in Python: PassDict and PassList always build a new dict or list
 * (`{k: self.serializer.tag(v) ...}`, `[self.serializer.tag(item) ...]`).
 */
function copyingTag(s: TaggedJSONSerializer, value: unknown): unknown {
  for (const tag of s.order) {
    if (!tag.check(value)) continue;
    if (tag instanceof PassList) return (value as unknown[]).map((item) => copyingTag(s, item));
    if (tag instanceof PassDict && !(value instanceof Map)) {
      const dict = value as Record<string, unknown>;
      const keys = pyKeys(dict);
      const out: Record<string, unknown> = {};
      for (const key of keys) setOwn(out, key, copyingTag(s, dict[key]));
      return withKeyOrder(out, keys); // Python's key order, where JavaScript's differs
    }
    return tag.tag(value);
  }
  return value;
}

/** What Flask writes: its copying tags, then Python's json.dumps with compact separators. */
function flaskWrites(s: TaggedJSONSerializer, value: unknown): string {
  return json.dumps(copyingTag(s, value), { separators: [",", ":"], sortKeys: s.sortKeys, ensureAscii: s.ensureAscii });
}

/** The outcome of a call: its text, or its error's class and message. */
function outcome(fn: () => string): string {
  try {
    return fn();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe.each(OPTIONS)("sortKeys %s, ensureAscii %s", (options) => {
  const s = new TaggedJSONSerializer(options);

  test("writes what Flask's copying tags write, and leaves the value as it was, on every generated value", () => {
    fc.assert(
      fc.property(fc.oneof(valueArb("tagged"), sessionValueArb()), (typed) => {
        const value = fromTyped(typed);
        const before = outcome(() => flaskWrites(s, value));
        expect(outcome(() => s.dumps(value))).toBe(before);
        expect(outcome(() => flaskWrites(s, value))).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  test("values with no JSON form, tagged or not, are written or refused as Flask's tags write or refuse them", () => {
    const values: unknown[] = [
      { raw: new Uint8Array([1, 2, 255]) },
      [new Markup("<b>x</b>")],
      { id: new UUID("12345678-1234-5678-1234-567812345678") },
      { at: new Date(Date.UTC(2015, 9, 21, 7, 28)) },
      { m: new Map([["a", 1]]) },
      { m: new Map([["a", new Tuple(1)]]) },
      { " t": [1, 2] }, // a dict whose only key is a tag's: ` di`
      { big: 2n ** 64n },
      { f: [1.5, undefined] },
      { deep: JSON.parse("[".repeat(100) + "]".repeat(100)) as unknown },
      // eslint-disable-next-line no-sparse-arrays -- a hole is the case under test
      [1, , 3],
      { x: new (class Point {})() },
      { a: 1, b: [2, new Tuple(3)], c: "d" }, // a copy begins in the middle
    ];
    for (const value of values) expect(outcome(() => s.dumps(value))).toBe(outcome(() => flaskWrites(s, value)));
  });

  test("a circular structure is refused", () => {
    const value: Record<string, unknown> = { a: [1] };
    (value.a as unknown[]).push(value);
    expect(outcome(() => s.dumps(value))).toMatch(/^RangeError: maximum nesting depth/);
  });

  test("a login session: written as Flask writes it; its plain parts are their own tagged form", () => {
    const plain = {
      _user_id: "42",
      _fresh: true,
      _id: "f".repeat(128),
      csrf_token: "0123456789abcdef0123456789abcdef01234567",
      n: [1, -0, 1.5, 1e-7, 2 ** 60, NaN, Infinity],
      ["10"]: null,
    };
    const value = { ...plain, _flashes: [new Tuple("success", "You are logged in."), new Tuple("message", "Caf\u00e9 \u2713")] };
    expect(s.dumps(value)).toBe(flaskWrites(s, value));
    expect(s.tag(plain)).toBe(plain);
    expect(s.tag(plain.n)).toBe(plain.n);
    const tagged = s.tag(value) as Record<string, unknown>;
    expect(tagged).not.toBe(value);
    expect(tagged.n).toBe(plain.n);
    expect(tagged._flashes).toEqual([{ " t": ["success", "You are logged in."] }, { " t": ["message", "Caf\u00e9 \u2713"] }]);
  });
});

test("a serializer with other tags, or its own tag method, is honoured", () => {
  class Pairs extends TagTuple {
    override toJson(value: Tuple): unknown {
      return { pair: super.toJson(value) };
    }
  }
  const value = { t: new Tuple(1, 2) };
  const registered = new TaggedJSONSerializer();
  registered.register(Pairs, { force: true, index: 0 });
  expect(registered.dumps(value)).toBe('{"t":{" t":{"pair":[1,2]}}}');
  class OwnTag extends TaggedJSONSerializer {
    override tag(v: unknown): unknown {
      return v instanceof Tuple ? [...v].reverse() : super.tag(v);
    }
  }
  expect(new OwnTag().dumps(value)).toBe('{"t":[2,1]}');
  // `tag` is called on every value inside, plain ones included.
  class Upper extends TaggedJSONSerializer {
    override tag(v: unknown): unknown {
      return typeof v === "string" ? v.toUpperCase() : super.tag(v);
    }
  }
  expect(new Upper().dumps({ a: ["x", { b: "y" }] })).toBe('{"a":["X",{"b":"Y"}]}');
});

test("a tag that claims plain values sees every one, inside lists and dicts that are otherwise plain", () => {
  const seen: unknown[] = [];
  class Spy extends JSONTag {
    override readonly key = " spy";
    check(value: unknown): boolean {
      seen.push(value);
      return false;
    }
    toJson(value: unknown): unknown {
      return value;
    }
    toPython(value: unknown): unknown {
      return value;
    }
  }
  const s = new TaggedJSONSerializer();
  s.register(Spy);
  expect(s.dumps({ a: [1, "x"], b: null })).toBe('{"a":[1,"x"],"b":null}');
  // Flask's PassDict and PassList claim the containers first; the plain values reach the last tag.
  expect(seen).toEqual([1, "x", null]);
});

test("keys are sorted by code point, few or many, as Python's sort_keys sorts them", () => {
  const keyArb = fc.string({ maxLength: 6, unit: fc.constantFrom("a", "b", "B", "_", "1", "é", "\u{1f600}", "\uff01", "") });
  fc.assert(
    fc.property(fc.uniqueArray(keyArb, { maxLength: 20 }), (keys) => {
      expect(sortKeysAsPython([...keys])).toEqual([...keys].sort(compareCodePoints));
    }),
    { numRuns: 500 },
  );
});
