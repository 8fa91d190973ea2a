/**
 * The fixture tables the conformance suite runs, found on disk (Node side only, not bundled):
 * every `fixtures/**\/*.json` whose kind the suite checks (test/conformance/suite.ts), with the
 * number of cases the Node tests run on it, which every runtime must match.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { casesIn, inSuite, kindOf, NOT_IN_SUITE } from "./suite.js";

/** The fixtures directory. */
export const FIXTURES_DIR = fileURLToPath(new URL("../../fixtures/", import.meta.url));

/**
 * What all the tables of one run may weigh: a browser page holds one table at a time, but every
 * runtime reads and parses all of them. About 7 MB today; past this, run a sample per kind.
 */
export const MAX_SUITE_BYTES = 64 * 1024 * 1024;

/** A fixture table the suite runs. */
export interface FixtureTable {
  /** Its path under fixtures/, with `/`. */
  table: string;
  bytes: number;
  /** Cases the Node tests run on it. */
  cases: number;
}

/** The fixture tables, split by what the suite does with them. */
export interface FixtureTables {
  /** Run in every runtime. */
  tables: FixtureTable[];
  /**
   * The same cases as a table above (Python's verdicts did not change between the versions that
   * wrote them; only `generatedBy` differs): not run again.
   */
  duplicates: { table: string; sameAs: string }[];
  /** Of a kind the suite does not run, with the reason. */
  excluded: { table: string; reason: string }[];
  /** Of a kind nobody has said what to do with: a test fails on them. */
  unknown: string[];
}

/** Every fixture table under fixtures/, sorted. */
export function fixtureTables(): FixtureTables {
  const found: FixtureTables = { tables: [], duplicates: [], excluded: [], unknown: [] };
  const seen = new Map<string, string>();
  const files = readdirSync(FIXTURES_DIR, { recursive: true, encoding: "utf8" })
    .map((f) => f.split("\\").join("/"))
    .filter((f) => f.endsWith(".json"))
    .sort();
  for (const table of files) {
    if (!inSuite(table)) {
      const reason = NOT_IN_SUITE[kindOf(table)];
      if (reason === undefined) found.unknown.push(table);
      else found.excluded.push({ table, reason });
      continue;
    }
    const json = readFileSync(join(FIXTURES_DIR, table), "utf8");
    const digest = createHash("sha256")
      .update(JSON.stringify((JSON.parse(json) as { cases: unknown }).cases))
      .digest("hex");
    const sameAs = seen.get(digest);
    if (sameAs !== undefined) {
      found.duplicates.push({ table, sameAs });
      continue;
    }
    seen.set(digest, table);
    found.tables.push({ table, bytes: Buffer.byteLength(json), cases: casesIn(table, json) });
  }
  return found;
}
