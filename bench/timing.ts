/**
 * How the benchmarks time a call, the same way on both sides (scripts/bench_python.py does the
 * same in Python): calibrate a loop count until the loop takes a tenth of the budget, then time
 * one loop of about `seconds` and divide. No clock read per call (at 1-5 µs a call, reading the
 * clock each time would weigh on what is measured); the JIT warms up during calibration.
 */

/** Results are kept here so that the engine cannot drop a call whose result is unused. */
export let sink: unknown;

/** Microseconds per call of `fn` over a loop of about `seconds`, and the number of calls timed. */
export function timeLoop(fn: () => unknown, seconds: number): { us: number; calls: number } {
  const budget = seconds * 1e9;
  let calls = 1;
  let elapsed: number;
  for (;;) {
    elapsed = loop(fn, calls);
    if (elapsed >= budget / 10) break;
    calls *= elapsed < budget / 100 ? 4 : 2;
  }
  calls = Math.max(1, Math.round((calls * budget) / elapsed));
  elapsed = loop(fn, calls);
  return { us: elapsed / 1000 / calls, calls };
}

function loop(fn: () => unknown, calls: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) sink = fn();
  return Number(process.hrtime.bigint() - start);
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
