/**
 * How the benchmarks time a call, the same way on both sides (scripts/bench_python.py does the
 * same in Python): calibrate a loop count until the loop takes a tenth of the budget, then time
 * one loop of about `seconds` and divide. No clock read per call (at 1-5 µs a call, reading the
 * clock each time would weigh on what is measured); the JIT warms up during calibration.
 *
 * The figure is CPU time (user + system, all of the process's threads), not wall time: the
 * machines this runs on are shared, and CPU time does not count the moments another process had
 * the core. It is the conservative choice for Node, whose garbage collector and compiler also
 * work on helper threads that CPU time includes. Wall time is recorded too.
 */

/** Results are kept here so that the engine cannot drop a call whose result is unused. */
export let sink: unknown;

/** One timed loop: CPU and wall microseconds per call, and the number of calls. */
export interface Timed {
  us: number;
  wallUs: number;
  calls: number;
}

function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** Microseconds per call of `fn` over a loop of about `seconds` of CPU time. */
export function timeLoop(fn: () => unknown, seconds: number): Timed {
  const budget = seconds * 1e6;
  let calls = 1;
  let timed: { cpu: number; wall: number };
  for (;;) {
    timed = loop(fn, calls);
    if (timed.cpu >= budget / 10) break;
    calls *= timed.cpu < budget / 100 ? 4 : 2;
  }
  calls = Math.max(1, Math.round((calls * budget) / timed.cpu));
  timed = loop(fn, calls);
  return { us: timed.cpu / calls, wallUs: timed.wall / calls, calls };
}

function loop(fn: () => unknown, calls: number): { cpu: number; wall: number } {
  const wall = process.hrtime.bigint();
  const cpu = cpuMicros();
  for (let i = 0; i < calls; i++) sink = fn();
  return { cpu: cpuMicros() - cpu, wall: Number(process.hrtime.bigint() - wall) / 1000 };
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
