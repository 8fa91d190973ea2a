/**
 * Issue 14, item 1: reading a Cookie header costs work linear in its length, with a bound that
 * does not depend on where the session cookie sits, for every Werkzeug reader. Work is counted
 * (characters examined, through the counting variants of parseCookie and findCookie), not timed:
 * timing belongs in `npm run bench:cookie`.
 */
import { describe, expect, test } from "vitest";
import { findCookieCounted, parseCookieCounted } from "../src/flask/cookie/read.js";
import { findCookie, parseCookie, type WerkzeugVersion } from "../src/flask/cookie.js";
import { HEADER_FAMILIES } from "../bench/cookie-headers.js";

// One version per reader: 2.2, 2.3 (2.3.0 - 3.1.8), 3.1.9.
const VERSIONS: WerkzeugVersion[] = ["2.2", "3.0", "3.1"];
const SIZES = [1 << 10, 1 << 13, 1 << 16, 1 << 18];
/** Characters examined per character of the header, at most. */
const BOUND = 12;

function work(count: (w: { steps: number }) => unknown): number {
  const w = { steps: 0 };
  count(w);
  return w.steps;
}

describe.each(VERSIONS)("Werkzeug %s's reader", (werkzeugVersion) => {
  test.each(Object.entries(HEADER_FAMILIES))("%s: linear in the header's length", (_name, family) => {
    const perChar: number[] = [];
    for (const size of SIZES) {
      const header = family(size);
      const find = work((w) => findCookieCounted(header, "session", { werkzeugVersion }, w));
      const parse = work((w) => parseCookieCounted(header, { werkzeugVersion }, w));
      expect(find, `findCookie, ${header.length} characters`).toBeLessThanOrEqual(BOUND * header.length + 64);
      expect(parse, `parseCookie, ${header.length} characters`).toBeLessThanOrEqual(BOUND * header.length + 64);
      perChar.push(Math.max(find, parse) / header.length);
    }
    // Flat: 256 times the header, not more than a fraction more work per character.
    expect(perChar[perChar.length - 1]!, perChar.map((r) => r.toFixed(2)).join(" ")).toBeLessThanOrEqual(
      perChar[0]! * 1.25 + 0.1,
    );
  });

  test("the counted variants give what parseCookie and findCookie give", () => {
    for (const family of Object.values(HEADER_FAMILIES)) {
      const header = family(4096);
      expect(parseCookieCounted(header, { werkzeugVersion }, { steps: 0 })).toEqual(parseCookie(header, { werkzeugVersion }));
      expect(findCookieCounted(header, "session", { werkzeugVersion }, { steps: 0 })).toBe(
        findCookie(header, "session", { werkzeugVersion }),
      );
    }
  });

  test("the bound does not depend on where the session cookie sits", () => {
    const filler = "a=b;".repeat(20_000);
    const headers = [`session=x;${filler}`, `${filler.slice(0, 40_000)}session=x;${filler.slice(40_000)}`, `${filler}session=x`];
    const counts = headers.map((header) => work((w) => findCookieCounted(header, "session", { werkzeugVersion }, w)));
    for (const count of counts) expect(count).toBeLessThanOrEqual(BOUND * headers[0]!.length);
    expect(headers.map((h) => findCookie(h, "session", { werkzeugVersion }))).toEqual(["x", "x", "x"]);
  });
});
