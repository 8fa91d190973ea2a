/**
 * Round trip: `loads(dumps(value))` gives the value back, type for type, for every supported type
 * (str, int of any size, float with NaN and ±Infinity, bool, None, list, tuple, dict, and with
 * Flask's tags bytes, Markup, UUID, datetime), nested, through every serializer class and the
 * Flask session layer. The exceptions are exactly Python's:
 * - plain JSON has no tuples: a tuple comes back as a list;
 * - Flask reads a datetime in years 1-99 as a two-digit year (2001-2068, 1969-1999);
 * - dict keys come back sorted where the dialect sorts them;
 * - what Python cannot write (a lone surrogate as raw UTF-8, an int over 4300 digits) is refused.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { FlaskSession } from "../../src/index.js";
import { sessionValueArb, valueArb } from "../helpers/fuzz-arbitraries.js";
import { SERIALIZERS, sessionInterface } from "../helpers/serializer-matrix.js";
import { compareTyped, fromTyped, type Typed } from "../helpers/typed.js";

/** What the value is after a round trip through the dialect, as Python reads it back. */
function afterRoundTrip(value: Typed, dialect: "json" | "tagged"): Typed {
  if (value === null || typeof value !== "object") return value;
  if ("list" in value) return { list: value.list.map((v) => afterRoundTrip(v, dialect)) };
  if ("tuple" in value) {
    const items = value.tuple.map((v) => afterRoundTrip(v, dialect));
    return dialect === "json" ? { list: items } : { tuple: items };
  }
  if ("dict" in value) return { dict: value.dict.map(([k, v]) => [k, afterRoundTrip(v, dialect)] as [string, Typed]) };
  if ("datetime" in value) {
    const date = new Date(value.datetime * 1000);
    const year = date.getUTCFullYear();
    if (year >= 100) return value;
    date.setUTCFullYear(year + (year > 68 ? 1900 : 2000));
    return { datetime: date.getTime() / 1000 };
  }
  return value;
}

/** Whether Python refuses to write the value: a lone surrogate as raw UTF-8, an int over 4300 digits. */
function unwritable(value: Typed, rawUtf8: boolean): boolean {
  const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  if (typeof value === "string") return rawUtf8 && lone.test(value);
  if (value === null || typeof value !== "object") return false;
  if ("int" in value) return value.int.replace("-", "").length > 4300;
  if ("markup" in value) return rawUtf8 && lone.test(value.markup);
  if ("list" in value) return value.list.some((v) => unwritable(v, rawUtf8));
  if ("tuple" in value) return value.tuple.some((v) => unwritable(v, rawUtf8));
  if ("dict" in value) return value.dict.some(([k, v]) => unwritable(k, rawUtf8) || unwritable(v, rawUtf8));
  return false;
}

describe.each(SERIALIZERS)("$name", ({ dialect, rawUtf8, sortedKeys, make }) => {
  test("loads(dumps(value)) is the value, type for type", () => {
    const s = make();
    fc.assert(
      fc.property(valueArb(dialect), (value) => {
        let token: string;
        try {
          token = s.dumps(fromTyped(value));
        } catch (error) {
          expect(unwritable(value, rawUtf8), `dumps threw ${String(error)}`).toBe(true);
          return;
        }
        expect(unwritable(value, rawUtf8)).toBe(false);
        const problem = compareTyped(s.loads(token), afterRoundTrip(value, dialect), "$", { ignoreKeyOrder: sortedKeys });
        expect(problem).toBeNull();
      }),
      { numRuns: 150 },
    );
  });
});

describe("the Flask session layer", () => {
  test("saveSession then openSession gives the session back, type for type", () => {
    const { sessions, app } = sessionInterface();
    fc.assert(
      fc.property(sessionValueArb(), fc.boolean(), (value, permanent) => {
        const session = new FlaskSession(fromTyped(value) as Record<string, unknown>);
        session.modified = true;
        if (permanent) session.permanent = true;
        let setCookie: string | null;
        try {
          setCookie = sessions.saveSession(app, session).setCookie;
        } catch (error) {
          expect(unwritable(value, false), `saveSession threw ${String(error)}`).toBe(true);
          return;
        }
        const cookie = setCookie!.split(";")[0]!;
        const opened = sessions.openSession(app, cookie);
        expect(opened.loadError).toBeNull();
        const expected = afterRoundTrip(value, "tagged") as { dict: [string, Typed][] };
        const withFlag = permanent
          ? { dict: [...expected.dict.filter(([k]) => k !== "_permanent"), ["_permanent", true]] }
          : expected;
        expect(compareTyped(opened.toDict(), withFlag as Typed, "$", { ignoreKeyOrder: true })).toBeNull();
      }),
      { numRuns: 150 },
    );
  });
});
