/**
 * floatRepr writes a fraction with its exponent in -4..15 with JavaScript's own number to string
 * (plain notation, shortest digits). Python's `repr` is the oracle: thousands of doubles in and
 * around that range, its edges and their neighbours, must come out as Python writes them.
 */
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import { floatRepr } from "../src/json/numbers.js";
import { findPython, INSTALL_HINT } from "../scripts/python.mjs";

let python: string | null = null;

beforeAll(async () => {
  python = findPython()?.python ?? null;
  if (python === null) console.warn(`Skipping floatRepr against Python: ${INSTALL_HINT}`);
});

/** The doubles next to `x` (one ulp down and up). */
function neighbours(x: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  return [bits - 1n, bits + 1n].map((b) => {
    view.setBigUint64(0, b);
    return view.getFloat64(0);
  });
}

function values(): number[] {
  const edges = [1e-4, 1e16, 0.1, 0.5, 1.5, 4.5, 123.456, 2 ** 52 + 0.5, 9007199254740991, 1e15 + 0.5, 1e-5, 1e17];
  const out = [...edges, ...edges.flatMap(neighbours)];
  const sample = (arb: fc.Arbitrary<number>, n: number) => fc.sample(arb, { numRuns: n, seed: 7 });
  // Fractions across the plain-notation range, any double, and prices with a few decimals.
  out.push(...sample(fc.double({ min: 1e-5, max: 2e16, noNaN: true }), 2000));
  out.push(
    ...sample(
      fc.integer({ min: -16, max: 17 }).chain((e) => fc.double({ min: 10 ** (e - 1), max: 10 ** e })),
      2000,
    ),
  );
  out.push(...sample(fc.double(), 1000));
  out.push(...sample(fc.integer({ min: 0, max: 10_000_000 }), 1000).map((cents) => cents / 100));
  return [...out, ...out.map((x) => -x)].filter((x) => Number.isFinite(x));
}

test("fractions in plain notation, and the rest, are written as Python's repr writes them", (context) => {
  if (python === null) return context.skip();
  const xs = values();
  // Each double goes to Python as its 64 bits, exactly (-0.0 included).
  const view = new DataView(new ArrayBuffer(8));
  const bits = xs.map((x) => (view.setFloat64(0, x), view.getBigUint64(0).toString()));
  const script =
    "import json, struct, sys; print(json.dumps([repr(struct.unpack('>d', int(b).to_bytes(8, 'big'))[0]) for b in json.load(sys.stdin)]))";
  const run = spawnSync(python, ["-c", script], { input: JSON.stringify(bits), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  expect(run.status, run.stderr).toBe(0);
  const expected = JSON.parse(run.stdout) as string[];
  expect(expected.length).toBe(xs.length);
  const mismatches = xs.map((x, i) => [floatRepr(x), expected[i]]).filter(([ours, theirs]) => ours !== theirs);
  expect(mismatches.slice(0, 10)).toEqual([]);
});
