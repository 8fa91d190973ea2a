/**
 * Differential fuzzing against real Python. fast-check generates cases (values of every Python
 * type, serializer configurations, Flask sessions, hostile variants of their tokens); a long-lived
 * Python in the default pinned environment (scripts/fuzz_oracle.py) makes the tokens and records itsdangerous' and Flask's
 * verdicts and values; this library must agree on every one, re-encode every value to Python's exact
 * token, never throw outside BadData, and never touch a prototype.
 *
 *   npm test                                  CI size (FUZZ_CASES, default 3000), a fresh seed each run
 *   FUZZ_SEED=123 npx vitest run test/fuzz    replays a run
 *   npm run fuzz                              100,000 cases; figures in SECURITY.md
 *
 * FUZZ_REPORT=<file> writes the figures as JSON. A failure is replayed and shrunk by fast-check to a
 * minimal case, printed with the seed and path that reproduce it.
 */
import { writeFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fuzzCaseArb, type FuzzCase } from "../helpers/fuzz-arbitraries.js";
import { checkCase, newStats, setPythonUnassigned, type FuzzStats, type PyResult } from "../helpers/fuzz-check.js";
import { INSTALL_HINT } from "../../scripts/python.mjs";
import { Oracle } from "../helpers/oracle.js";

const CASES = Number(process.env.FUZZ_CASES ?? 3000);
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : (Math.random() * 2 ** 31) | 0;
const BATCH = 100;
const REPORT = process.env.FUZZ_REPORT;

/** Each batch is its own fast-check run, so a failure replays from (seed of the batch, index). */
const batchSeed = (batch: number): number => (SEED + batch * 7919) | 0;

let oracle: Oracle | null = null;
/** The oracle's Flask and Werkzeug releases: the session layer is configured for them. */
let made: { flask: string; werkzeug: string } | undefined;

async function askPython(cases: FuzzCase[]): Promise<PyResult[]> {
  const response = await oracle!.request({ cases }, 300_000);
  return response.results as PyResult[];
}

/** The property one case must satisfy: no problem at all (used to replay and shrink a failure). */
const property = fc.asyncProperty(fuzzCaseArb, async (c) => {
  const [result] = await askPython([c]);
  const problems = checkCase(newStats(), c, result!, made);
  if (problems.length > 0) throw new Error(problems.slice(0, 5).join("\n"));
});

function sampleBatch(batch: number): FuzzCase[] {
  const size = Math.min(BATCH, CASES - batch * BATCH);
  // Sampling the arbitrary (not the property) gives exactly the values fc.assert generates.
  return fc.sample(fuzzCaseArb, { seed: batchSeed(batch), numRuns: size });
}

async function shrink(batch: number, index: number): Promise<string> {
  try {
    await fc.assert(property, { seed: batchSeed(batch), path: String(index), numRuns: BATCH, endOnFailure: false });
    return "(the failure did not reproduce on its own)";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function summary(stats: FuzzStats, seconds: number, versions: unknown): Record<string, unknown> {
  return { seed: SEED, requestedCases: CASES, seconds: Math.round(seconds), versions, ...stats };
}

describe("differential fuzzing against Python", () => {
  let versions: unknown = null;

  beforeAll(async () => {
    oracle = await Oracle.start();
    if (!oracle) console.warn(`Skipping the differential fuzzer: ${INSTALL_HINT}`);
    else {
      versions = (await oracle.request({ op: "versions" })).versions;
      made = versions as { flask: string; werkzeug: string };
      setPythonUnassigned((await oracle.request({ op: "unassigned" })).unassigned as [number, number][]);
    }
  });

  afterAll(async () => {
    await oracle?.close();
  });

  test(
    `${CASES} random and mutated cases agree with Python (seed ${SEED})`,
    async (ctx) => {
      if (!oracle) return ctx.skip();
      console.log(`differential fuzzer: FUZZ_SEED=${SEED} FUZZ_CASES=${CASES}`);
      const stats = newStats();
      const started = performance.now();
      const batches = Math.ceil(CASES / BATCH);
      const failures: { batch: number; index: number; problems: string[] }[] = [];
      // Python works on the next batch while this one is checked.
      let cases = sampleBatch(0);
      let pending = askPython(cases);
      for (let batch = 0; batch < batches && failures.length === 0; batch++) {
        const results = await pending;
        const current = cases;
        if (batch + 1 < batches) {
          cases = sampleBatch(batch + 1);
          pending = askPython(cases);
        }
        current.forEach((c, index) => {
          const problems = checkCase(stats, c, results[index]!, made);
          if (problems.length > 0) failures.push({ batch, index, problems });
        });
        stats.peakHeapMB = Math.max(stats.peakHeapMB, Math.round(process.memoryUsage().heapUsed / 2 ** 20));
        if (CASES > 10_000 && batch % 50 === 49) {
          console.log(`differential fuzzer: ${stats.cases} cases in ${Math.round((performance.now() - started) / 1000)} s`);
        }
      }
      if (failures.length > 0) await pending.catch(() => undefined);
      const figures = summary(stats, (performance.now() - started) / 1000, versions);
      console.log(`differential fuzzer: ${JSON.stringify(figures)}`);
      if (REPORT) writeFileSync(REPORT, JSON.stringify(figures, null, 2) + "\n");
      if (failures.length > 0) {
        const first = failures[0]!;
        const shrunk = await shrink(first.batch, first.index);
        throw new Error(
          `Disagreement with Python (FUZZ_SEED=${SEED}, batch ${first.batch} = fast-check seed ${batchSeed(first.batch)}, ` +
            `path ${first.index}):\n${first.problems.slice(0, 10).join("\n")}\n\nShrunk by fast-check:\n${shrunk}`,
        );
      }
      expect(stats.cases).toBe(CASES);
      expect(stats.falseAccepts).toBe(0);
      expect(stats.nonBadData).toBe(0);
      expect(stats.disagreements).toBe(0);
      expect(stats.pollution).toBe(0);
      // The run covered each verdict: accepted, refused, and Python failing outright.
      expect(stats.pythonAccepted).toBeGreaterThan(0);
      expect(stats.pythonRejected).toBeGreaterThan(0);
    },
    Math.max(240_000, CASES * 30),
  );
});
