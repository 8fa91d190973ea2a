/** The shape of bench/results.json, written by bench/run.ts and read by bench/report.ts. */
import type { ExpressResult } from "./express.js";
import type { MemoryResult } from "./memory.js";

/** Microseconds per call, CPU time (see bench/timing.ts) and wall time. */
export interface Sides {
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
  /** How many times faster Node is: the median over the rounds of Python's figure / Node's. */
  ratio: number | null;
  goal: number;
  aim: number | null;
  met: boolean | null;
}

/** Everything one `npm run bench` measured. */
export interface BenchResults {
  generatedAt: string;
  machine: { cpu: string; cores: number; memoryGiB: number; os: string; node: string; v8: string };
  python: { python: string; flask: string; itsdangerous: string; zlib: string } | null;
  rounds: number;
  secondsPerMeasurement: number;
  timings: TimingRow[];
  memory: (MemoryResult & { toleranceBytes: number; met: boolean }) | null;
  express: (ExpressResult & { goalPercent: number; met: boolean }) | null;
}
