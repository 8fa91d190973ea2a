/**
 * Opening a session looks for its one cookie with `findCookie` instead of parsing the whole
 * `Cookie` header into a map (`parseCookie`, Werkzeug's parse). The two must agree on every
 * header: quoted values, escapes, white space ASCII and not, repeated names, missing values and
 * stray separators, with each Werkzeug's reader. (Both share one scanner per reader;
 * test/cookie-werkzeug.test.ts checks them against each Werkzeug's own parse.)
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { findCookie, parseCookie, type WerkzeugVersion } from "../src/flask/cookie.js";
import { SecureCookieSessionInterface } from "../src/index.js";

const NAMES = ["session", "a", "s", "", " session", "se ssion", "a=b", "\u00a0a", "?", "\u00e9", "\u00c3\u00a9"];

// One release per reader: 2.2, 2.3 (to 3.1.8), 3.1.9.
describe.each(["2.2", "3.0", "3.1"] as WerkzeugVersion[])(
  "findCookie gives what parseCookie(header).get(name) gives (Werkzeug %s)",
  (werkzeugVersion) => {
    const options = { werkzeugVersion };
    test.each([
      "session=abc",
      "theme=dark; session=abc; other=1",
      "session=first; session=second",
      "  session  =  abc  ; a",
      'session="quoted \\"value\\" with \\073 and \\054"',
      'session="a\\";b"; c=1',
      'a="x;session=1\\";session=2"; session=3',
      'session="a\\\\"; b="\\"";session=4',
      'session="unterminated; a=1',
      'session="closed" trailing; a=1',
      'session="a\\',
      "session; a=1",
      "session=; a",
      "a=1;;; ;session=x;",
      "\u00a0session\u00a0=\u2028abc\u3000; s",
      "session=a=b=c",
      "sessions=1; session=2",
      ";;;",
      "",
    ])("%j", (header) => {
      for (const name of NAMES) expect(findCookie(header, name, options)).toBe(parseCookie(header, options).get(name));
    });

    test("on random headers made of the characters that matter", () => {
      const char = fc.constantFrom(
        "a",
        "s",
        "=",
        ";",
        '"',
        "\\",
        " ",
        "\t",
        "\n",
        "\u00a0",
        "\u2028",
        "\ufeff",
        "0",
        "7",
        ",",
        "é",
        "\ud83d",
        "?",
        "\u20ac",
        "\u00c3",
        "\u00a9",
      );
      const header = fc.array(char, { maxLength: 40 }).map((chars) => chars.join(""));
      const withSession = fc.tuple(header, header).map(([a, b]) => `${a}session${b}`);
      fc.assert(
        fc.property(fc.oneof(header, withSession), fc.constantFrom(...NAMES), (text, name) => {
          expect(findCookie(text, name, options)).toBe(parseCookie(text, options).get(name));
        }),
        { numRuns: 3000 },
      );
    });

    test("no header, no cookie", () => {
      expect(findCookie(null, "session")).toBeUndefined();
      expect(findCookie(undefined, "session")).toBeUndefined();
    });
  },
);

describe("the session interface's serializer for a single key", () => {
  test("follows the key the app gives each time (no stale serializer)", () => {
    const sessions = new SecureCookieSessionInterface();
    const keyOf = (app: { secretKey: string; secretKeyFallbacks?: string[] }) =>
      sessions.getSigningSerializer(app).secretKeys.map((k) => new TextDecoder().decode(k));
    expect(keyOf({ secretKey: "one" })).toEqual(["one"]);
    expect(keyOf({ secretKey: "two" })).toEqual(["two"]);
    expect(keyOf({ secretKey: "two", secretKeyFallbacks: ["one"] })).toEqual(["one", "two"]);
    expect(keyOf({ secretKey: "two", secretKeyFallbacks: [] })).toEqual(["two"]);
    expect(keyOf({ secretKey: "one" })).toEqual(["one"]);
    const token = sessions.getSigningSerializer({ secretKey: "one" }).dumps({ a: 1 });
    expect(sessions.openSession({ secretKey: "two" }, `session=${token}`).loadError).not.toBeNull();
    expect(sessions.openSession({ secretKey: "one" }, `session=${token}`).get("a")).toBe(1);
  });
});
