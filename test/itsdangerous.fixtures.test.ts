/**
 * Every case Python wrote into fixtures/itsdangerous.json and itsdangerous-mutations.json, both
 * ways: our token for the same value, keys and time equals Python's string exactly, and our
 * verdict (and value, types included) for every check equals Python's. The checks themselves are
 * in helpers/itsdangerous-cases.ts, shared with the edge-runtime run (edge-runtime.test.ts).
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { checkCase, type Case } from "./helpers/itsdangerous-cases.js";

function load(name: string): Case[] {
  return (JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8")) as { cases: Case[] }).cases;
}

describe.each(["itsdangerous.json", "itsdangerous-mutations.json"])("%s", (file) => {
  const cases = load(file);

  test("has cases", () => {
    expect(cases.length).toBeGreaterThan(1000);
  });

  test.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    checkCase(c);
  });
});
