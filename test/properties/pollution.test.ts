/**
 * No key of a decoded payload or session changes `Object.prototype`, any other built-in
 * prototype, the decoded objects' own prototypes or the session's: `__proto__`, `constructor`,
 * `prototype` and friends stay plain data, on both JSON paths and through Flask's tags.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { FlaskSession, base64Encode } from "../../src/index.js";
import { isPlainObject } from "../../src/json/dict.js";
import { SPECIAL_KEYS, jsonTextArb } from "../helpers/fuzz-arbitraries.js";
import { pollutionProblem } from "../helpers/fuzz-check.js";
import { SERIALIZERS, sessionInterface } from "../helpers/serializer-matrix.js";

const PROTO_KEYS = ["__proto__", "constructor", "prototype", "__defineGetter__", "toString", "valueOf", "hasOwnProperty"];

/** JSON objects whose keys are mostly the dangerous ones, nested, on either JSON path. */
const hostileJSONArb: fc.Arbitrary<string> = fc.letrec<{ v: string; obj: string }>((tie) => ({
  v: fc.oneof(
    { maxDepth: 4, withCrossShrink: true },
    fc.constantFrom("1", '"x"', "null", "[]", "{}", '{"polluted":true}', "12345678901234567890"),
    tie("obj"),
    fc.array(tie("v"), { maxLength: 3 }).map((xs) => `[${xs.join(",")}]`),
    jsonTextArb,
  ),
  obj: fc
    .array(
      fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PROTO_KEYS) }, fc.constantFrom(...SPECIAL_KEYS)), tie("v")),
      {
        minLength: 1,
        maxLength: 4,
      },
    )
    .map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`),
})).obj;

/** Walks a decoded value: every plain object keeps Object.prototype, every key is an own data property. */
function checkObjects(value: unknown, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    expect(Object.getPrototypeOf(value)).not.toBe(null);
    for (const item of value) checkObjects(item, seen);
    return;
  }
  if (!isPlainObject(value)) return; // Markup, UUID, Date, bytes: the library's own classes
  expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  for (const key of Object.keys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
    expect("value" in descriptor && descriptor.enumerable).toBe(true);
    checkObjects(descriptor.value, seen);
  }
}

describe.each(SERIALIZERS)("$name", ({ make }) => {
  test("decoding keeps every prototype as it was", () => {
    const s = make();
    fc.assert(
      fc.property(hostileJSONArb, (json) => {
        const token = s.makeSigner().sign(s.constructor.name.startsWith("URLSafe") ? base64Encode(json) : json);
        let value: unknown;
        try {
          value = s.loads(token);
        } catch {
          value = undefined; // refused (e.g. a tag that does not decode): nothing was built
        }
        expect(pollutionProblem()).toBeNull();
        checkObjects(value);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});

describe("sessions", () => {
  test("a session's keys are data: the session keeps its prototype and its methods", () => {
    const { sessions, app } = sessionInterface();
    const signer = sessions.getSigningSerializer(app).makeSigner();
    fc.assert(
      fc.property(hostileJSONArb, (json) => {
        const session = sessions.openSession(app, { cookieValue: signer.sign(base64Encode(json)) });
        expect(Object.getPrototypeOf(session)).toBe(FlaskSession.prototype);
        expect(typeof session.get).toBe("function");
        expect(typeof session.toDict).toBe("function");
        const dict = session.toDict();
        checkObjects(dict);
        for (const key of PROTO_KEYS) {
          // Present only when the cookie held it, and then as the cookie's value.
          expect(session.has(key)).toBe(Object.prototype.hasOwnProperty.call(dict, key));
          if (!session.has(key)) expect(session.get(key)).toBeUndefined();
        }
        expect(pollutionProblem()).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  test("a session holding __proto__ writes it back as data", () => {
    const { sessions, app } = sessionInterface();
    const signer = sessions.getSigningSerializer(app).makeSigner();
    const opened = sessions.openSession(app, {
      cookieValue: signer.sign(base64Encode('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}')),
    });
    expect(opened.get("__proto__")).toEqual({ polluted: 1 });
    opened.set("more", 1);
    const cookie = sessions.saveSession(app, opened).setCookie!.split(";")[0]!;
    const again = sessions.openSession(app, cookie).toDict();
    expect(Object.keys(again)).toEqual(["__proto__", "constructor", "more"]);
    expect(Object.getPrototypeOf(again)).toBe(Object.prototype);
    expect(pollutionProblem()).toBeNull();
  });
});
