/** The shape of bench/results.json, written by bench/run.ts and read by bench/report.ts. */
import type { ExpressResult } from "./express.js";
import type { MemoryResult } from "./memory.js";

/** Microseconds per call, CPU time (see bench/timing.ts) and wall time. */
export interface Sides {
  /** The best round (the least disturbed by the rest of the machine), as timeit reports. */
  best: number;
  median: number;
  rounds: number[];
  wallMedian: number;
  wallRounds: number[];
}

/** One timed call (`loads` or `dumps` of one reference session) on both sides. */
export interface TimingRow {
  case: string;
  title: string;
  fn: "loads" | "dumps";
  jsonBytes: number;
  cookieBytes: number;
  compressed: boolean;
  /** CPU microseconds per call: the median over the rounds and each round; the same in wall time. */
  node: Sides;
  python: Sides | null;
  /** How many times faster Node is: Python's best round / Node's best round. */
  ratio: number | null;
  /** The same as the median of the per-round ratios (each round's two figures taken back to back). */
  pairedRatio: number | null;
  goal: number;
  aim: number | null;
  met: boolean | null;
}

/** `json.loads` (Python's reader) against `JSON.parse` on one reference session's JSON, both in Node. */
export interface JsonLoadsRow {
  case: string;
  jsonBytes: number;
  /** CPU microseconds per call of the library's `json.loads`. */
  ours: Sides;
  /** The same for `JSON.parse`. */
  native: Sides;
  /** How many times `JSON.parse`'s time `json.loads` takes: best round / best round. */
  ratio: number;
  /** The most that ratio may be. */
  goal: number;
  met: boolean;
}

/** Everything one `npm run bench` measured. */
export interface BenchResults {
  generatedAt: string;
  machine: { cpu: string; cores: number; memoryGiB: number; os: string; node: string; v8: string };
  python: { python: string; flask: string; itsdangerous: string; zlib: string } | null;
  rounds: number;
  secondsPerMeasurement: number;
  timings: TimingRow[];
  /** `json.loads` against `JSON.parse` (missing in results from before #16). */
  jsonLoads?: JsonLoadsRow[];
  memory: (MemoryResult & { toleranceBytes: number; met: boolean }) | null;
  express: (ExpressResult & { goalPercent: number; met: boolean }) | null;
}
