/**
 * Every case Python wrote into fixtures/<env>/itsdangerous.json and itsdangerous-mutations.json,
 * both ways: our token for the same value, keys and time equals Python's string exactly, and our
 * verdict (and value, types included) for every check equals Python's. itsdangerous 2.1.2 and
 * 2.2.0, on CPython 3.10 to 3.13, write the very same tables (scripts/fixtures.mjs stores them
 * once, with each environment's hash; test/fixtures-matrix.test.ts checks those): each distinct
 * table is checked once. The checks themselves are in helpers/itsdangerous-cases.ts, shared with
 * the edge-runtime run (edge-runtime.test.ts).
 */
import { describe, expect, test } from "vitest";
import { checkCase, type Case } from "./helpers/itsdangerous-cases.js";
import { distinctTables } from "./helpers/fixtures.js";

const tables = ["itsdangerous.json", "itsdangerous-mutations.json"].flatMap((name) =>
  distinctTables<{ cases: Case[] }>(name).map((t) => [`${t.file} (${t.envs.join(", ")})`, t.table.cases] as const),
);

describe.each(tables)("%s", (_file, cases) => {
  test("has cases", () => {
    expect(cases.length).toBeGreaterThan(1000);
  });

  test.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    checkCase(c);
  });
});
