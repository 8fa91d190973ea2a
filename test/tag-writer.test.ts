/**
 * TaggedJSONSerializer.dumps writes a session tagged by Flask's own tags in one walk
 * (src/flask/tag-writer.ts). It must write exactly what tagging and then writing JSON writes, and
 * give anything else it meets to that general path, which also gives the errors.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Markup, TagTuple, TaggedJSONSerializer, Tuple, UUID, json } from "../src/index.js";
import { writeTaggedJSON } from "../src/flask/tag-writer.js";
import { compareCodePoints, sortKeysAsPython } from "../src/json/sort-keys.js";
import { sessionValueArb, valueArb } from "./helpers/fuzz-arbitraries.js";
import { fromTyped } from "./helpers/typed.js";

const OPTIONS = [
  { sortKeys: true, ensureAscii: true },
  { sortKeys: false, ensureAscii: true },
  { sortKeys: true, ensureAscii: false },
  { sortKeys: false, ensureAscii: false },
];

/** What the general path writes: tag, then Python's json.dumps with compact separators. */
function general(s: TaggedJSONSerializer, value: unknown): string {
  return json.dumps(s.tag(value), { separators: [",", ":"], sortKeys: s.sortKeys, ensureAscii: s.ensureAscii });
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

  test("writes what tagging then writing JSON writes, on every generated value", () => {
    fc.assert(
      fc.property(fc.oneof(valueArb("tagged"), sessionValueArb()), (typed) => {
        const value = fromTyped(typed);
        expect(outcome(() => s.dumps(value))).toBe(outcome(() => general(s, value)));
      }),
      { numRuns: 300 },
    );
  });

  test("gives up on what it does not cover, and the general path writes it", () => {
    const uncovered: unknown[] = [
      { raw: new Uint8Array([1, 2, 255]) },
      [new Markup("<b>x</b>")],
      { id: new UUID("12345678-1234-5678-1234-567812345678") },
      { at: new Date(Date.UTC(2015, 9, 21, 7, 28)) },
      { m: new Map([["a", 1]]) },
      { " t": [1, 2] }, // a dict whose only key is a tag's: ` di`
      { big: 2n ** 64n },
      { f: [1.5, undefined] },
      { deep: JSON.parse("[".repeat(100) + "]".repeat(100)) as unknown },
      // eslint-disable-next-line no-sparse-arrays -- a hole is the case under test
      [1, , 3],
      { x: new (class Point {})() },
    ];
    for (const value of uncovered) {
      expect(writeTaggedJSON(value, s.sortKeys, s.ensureAscii, s.tags)).toBeNull();
      expect(outcome(() => s.dumps(value))).toBe(outcome(() => general(s, value)));
    }
  });

  test("a circular structure is refused as the general path refuses it", () => {
    const value: Record<string, unknown> = { a: [1] };
    (value.a as unknown[]).push(value);
    expect(outcome(() => s.dumps(value))).toMatch(/^RangeError: maximum nesting depth/);
  });

  test("covers what a login session holds", () => {
    const value = {
      _user_id: "42",
      _fresh: true,
      _id: "f".repeat(128),
      csrf_token: "0123456789abcdef0123456789abcdef01234567",
      _flashes: [new Tuple("success", "You are logged in."), new Tuple("message", "Caf\u00e9 \u2713")],
      n: [1, -0, 1.5, 1e-7, 2 ** 60, NaN, Infinity],
      ["10"]: null,
    };
    const text = writeTaggedJSON(value, s.sortKeys, s.ensureAscii, s.tags);
    expect(text).not.toBeNull();
    expect(text).toBe(general(s, value));
  });
});

test("a serializer with other tags, or its own tag method, takes the general path", () => {
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
