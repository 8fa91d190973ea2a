/**
 * The memory check, run by bench/run.ts in its own process with `--expose-gc`: a million calls
 * cycling through `loads` and `dumps` of every reference session, with the heap measured after a
 * full garbage collection every 100,000 calls. Prints one JSON line (see {@link MemoryResult}).
 *
 * Growth is counted from the sample after the first 100,000 calls (by then the JIT, the kept
 * zlib streams and the key caches exist) to the last one.
 */
import { fileURLToPath } from "node:url";
import { nodeCases } from "./cases.js";
import type { PythonCases } from "./python-worker.js";

/** One sample, in bytes. */
export interface MemorySample {
  calls: number;
  heapUsed: number;
  arrayBuffers: number;
  rss: number;
}

/** What the memory check found. */
export interface MemoryResult {
  calls: number;
  seconds: number;
  samples: MemorySample[];
  /** heapUsed + arrayBuffers, last sample minus the one at 100,000 calls. */
  growthBytes: number;
}

/** Growth below this (heap and buffers together) is noise, not a leak. */
export const GROWTH_TOLERANCE = 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;

function sample(calls: number): MemorySample {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return { calls, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, rss: m.rss };
}

function main(): void {
  if (!gc) throw new Error("run with node --expose-gc");
  const py = JSON.parse(process.env.BENCH_CASES ?? "null") as PythonCases;
  const total = Number(process.env.BENCH_CALLS ?? 1_000_000);
  const every = total / 10;
  const ops: (() => unknown)[] = [];
  for (const c of nodeCases(py)) ops.push(c.loads, c.dumps);
  const samples: MemorySample[] = [sample(0)];
  const start = process.hrtime.bigint();
  let calls = 0;
  while (calls < total) {
    const stop = calls + every;
    for (; calls < stop; calls++) ops[calls % ops.length]!();
    samples.push(sample(calls));
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const first = samples[1]!;
  const last = samples[samples.length - 1]!;
  const growthBytes = last.heapUsed + last.arrayBuffers - (first.heapUsed + first.arrayBuffers);
  const result: MemoryResult = { calls, seconds, samples, growthBytes };
  process.stdout.write(JSON.stringify(result) + "\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
