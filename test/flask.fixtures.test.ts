/**
 * The cookies a real Flask app wrote (fixtures/flask-*.json, from scripts/gen_flask_fixtures.py
 * driving Flask 2.2 through its test client and a real server): we read every one to the same
 * values and types, write the same bytes for the same data, keys and time, send the same
 * Set-Cookie and Vary, and open bad cookies exactly as Flask does. The checks themselves are in
 * helpers/flask-cases.ts, shared with the edge-runtime run (edge-runtime.test.ts).
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  checkBadCookie,
  checkSessionRead,
  checkSessionWrite,
  checkSetCookie,
  followedSetCookieCases,
  type BadCookieCase,
  type SessionCase,
  type SetCookieCase,
} from "./helpers/flask-cases.js";

function load<T>(name: string): T[] {
  return (JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8")) as { cases: T[] }).cases;
}

describe("flask-sessions.json: cookies Flask wrote", () => {
  const cases = load<SessionCase>("flask-sessions.json");

  test("has the cases the issue asks for", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(cases.some((c) => c.compressed)).toBe(true);
    expect(cases.some((c) => !c.compressed)).toBe(true);
  });

  test.each(cases.map((c) => [c.id, c] as const))("%s: reads to the same values and types", (_id, c) => {
    checkSessionRead(c);
  });

  test.each(cases.map((c) => [c.id, c] as const))("%s: writes the same Set-Cookie", (_id, c) => {
    checkSessionWrite(c);
  });
});

describe("flask-set-cookie.json: Set-Cookie and Vary as Flask sends them", () => {
  const cases = followedSetCookieCases(load<SetCookieCase>("flask-set-cookie.json"));

  test.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    checkSetCookie(c);
  });
});

describe("flask-bad-cookies.json: what Flask opens for hostile or broken cookies", () => {
  const cases = load<BadCookieCase>("flask-bad-cookies.json");

  test.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    checkBadCookie(c);
  });
});
