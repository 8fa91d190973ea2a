/**
 * `npm run bench`: our `loads` / `dumps` against Python's (Flask's own serializer, through
 * scripts/bench_python.py) on the same cookies and key, interleaved round by round; then the
 * memory check over a million calls and the Express benchmark. Prints a table, writes
 * bench/results.json and the chart bench/results.svg.
 *
 *     npm run bench                      # the reference run (about 3 minutes)
 *     npm run bench -- --quick           # a quick look: fewer rounds, written under .bench/
 *     npm run bench -- --rounds 11 --seconds 0.5 --no-express --no-memory --out file.json --cpu 0
 *
 * Plain timing loops (bench/timing.ts) rather than vitest bench or tinybench: the Python side is
 * timed with the same loop, the two sides take turns in one process tree, and the per-call clock
 * reads of those tools would weigh on calls that take a microsecond or two. A first round is run
 * and discarded (JIT). Each goal is judged on the medians of the interleaved rounds (#16): each
 * side's median CPU time per call, the two sides having taken turns round by round. The best
 * rounds and the median of the paired per-round ratios are kept in the results too.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, release, totalmem, type } from "node:os";
import { dirname } from "node:path";
import { isDeepStrictEqual, parseArgs } from "node:util";
import { GOALS, JSON_LOADS_GOAL, nodeCases } from "./cases.js";
import { benchExpress } from "./express.js";
import { GROWTH_TOLERANCE, type MemoryResult } from "./memory.js";
import { BENCH_OUT, RESULTS_JSON, ROOT } from "./paths.js";
import { PythonWorker } from "./python-worker.js";
import { renderChart, textTable } from "./report.js";
import type { BenchResults, JsonLoadsRow, Sides, TimingRow } from "./results.js";
import { json } from "../src/index.js";
import { median, timeLoop, type Timed } from "./timing.js";

const EXPRESS_GOAL_PERCENT = 10;

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    rounds: { type: "string" },
    seconds: { type: "string" },
    "memory-calls": { type: "string" },
    "no-memory": { type: "boolean", default: false },
    "no-express": { type: "boolean", default: false },
    out: { type: "string" },
    cpu: { type: "string" },
  },
});
const quick = args.quick;
const rounds = Number(args.rounds ?? (quick ? 3 : 9));
const seconds = Number(args.seconds ?? (quick ? 0.1 : 0.25));
const memoryCalls = Number(args["memory-calls"] ?? (quick ? 200_000 : 1_000_000));
const out = args.out ?? (quick ? `${ROOT}.bench/results-quick.json` : RESULTS_JSON);
const log = (line: string) => process.stderr.write(line + "\n");

/**
 * Pins this process (all its threads, and the children it starts from now on) to the given CPUs
 * with taskset, where there is one; returns whether it did. The two sides are timed on the same
 * CPU: on the shared VM the two CPUs ran at different speeds that swapped from time to time, and
 * Node and Python, left to the scheduler, sat on different ones (in one run Python's rounds were
 * 50% slower exactly while Node's were fast, then the reverse).
 */
function pin(cpus: string): boolean {
  const result = spawnSync("taskset", ["-a", "-p", "-c", cpus, String(process.pid)], { stdio: "ignore" });
  return result.status === 0;
}

async function main(): Promise<void> {
  const allCpus = `0-${cpus().length - 1}`;
  const pinned = pin(args.cpu ?? String(cpus().length - 1));
  log(pinned ? `timing on CPU ${args.cpu ?? cpus().length - 1} (taskset)` : "taskset not available: timing on any CPU");
  const started = await PythonWorker.start();
  if (started.worker === null) {
    log(`Python with Flask is needed for the comparison: ${started.reason}`);
    process.exitCode = 3;
    return;
  }
  const { worker, cases: py } = started;
  let timings: TimingRow[];
  let jsonLoads: JsonLoadsRow[];
  try {
    const cases = nodeCases(py);
    log(
      `${header()}\nReference cookies from Flask, re-encoded byte for byte by Node: ${cases.map((c) => `${c.name} ${c.cookie.length} B`).join(", ")}`,
    );
    const jobs = cases.flatMap((c) =>
      (["loads", "dumps"] as const).map((fn) => ({ c, fn, node: [] as Timed[], python: [] as Timed[] })),
    );
    // A discarded round first: V8 compiles the hot paths on helper threads whose CPU time counts.
    for (const job of jobs) {
      timeLoop(job.c[job.fn], seconds / 2);
      await worker.time(job.c.name, job.fn, seconds / 2);
    }
    for (let round = 0; round < rounds; round++) {
      for (const [index, job] of jobs.entries()) {
        const nodeFirst = (round + index) % 2 === 0;
        if (!nodeFirst) job.python.push(await worker.time(job.c.name, job.fn, seconds));
        job.node.push(timeLoop(job.c[job.fn], seconds));
        if (nodeFirst) job.python.push(await worker.time(job.c.name, job.fn, seconds));
      }
      log(
        `round ${round + 1}/${rounds}: ` +
          jobs.map((j) => `${j.c.name}.${j.fn} ${j.node.at(-1)!.us.toFixed(2)}/${j.python.at(-1)!.us.toFixed(2)}`).join("  "),
      );
    }
    timings = jobs.map(({ c, fn, node, python }) => {
      const goals = GOALS[c.name]!;
      const nodeSides = sides(node);
      const pythonSides = sides(python);
      // Medians against medians; pinned to one CPU, the paired per-round ratio agrees within a few percent.
      const ratio = pythonSides.median / nodeSides.median;
      const pairedRatio = median(node.map((n, i) => python[i]!.us / n.us));
      return {
        case: c.name,
        title: goals.title,
        fn,
        jsonBytes: c.jsonBytes,
        cookieBytes: c.cookie.length,
        compressed: c.compressed,
        node: nodeSides,
        python: pythonSides,
        ratio,
        pairedRatio,
        goal: goals[fn].goal,
        aim: goals[fn].aim ?? null,
        met: ratio >= goals[fn].goal,
      };
    });
    jsonLoads = benchJsonLoads(cases);
  } finally {
    worker.close();
    // The memory check and the Express servers may use every CPU again.
    if (pinned) pin(allCpus);
  }

  let memory: BenchResults["memory"] = null;
  if (!args["no-memory"]) {
    log(`memory: ${memoryCalls.toLocaleString("en")} calls in a child process...`);
    const child = spawnSync(process.execPath, ["--expose-gc", `${BENCH_OUT}memory.js`], {
      env: { ...process.env, BENCH_CASES: JSON.stringify(py), BENCH_CALLS: String(memoryCalls) },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      timeout: 15 * 60_000,
    });
    if (child.status !== 0) throw new Error(`memory check failed (${child.status ?? child.signal})`);
    const result = JSON.parse(child.stdout) as MemoryResult;
    memory = { ...result, toleranceBytes: GROWTH_TOLERANCE, met: result.growthBytes < GROWTH_TOLERANCE };
  }

  let express: BenchResults["express"] = null;
  if (!args["no-express"]) {
    log("express: hello world alone and with the session middleware...");
    const result = await benchExpress({
      cookie: py.cases.login!.cookie,
      secretKey: py.secretKey,
      rounds: quick ? 1 : 8,
      seconds: quick ? 1 : 2,
      log,
    });
    express = { ...result, goalPercent: EXPRESS_GOAL_PERCENT, met: result.costPercent.read <= EXPRESS_GOAL_PERCENT };
  }

  const cpu = cpus();
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    machine: {
      cpu: cpu[0]?.model.trim() ?? "unknown",
      cores: cpu.length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      os: `${type()} ${release()}`,
      node: process.version,
      v8: process.versions.v8,
    },
    python: py.versions,
    rounds,
    secondsPerMeasurement: seconds,
    timings,
    jsonLoads,
    memory,
    express,
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
  const svg = out.replace(/\.json$/, ".svg");
  writeFileSync(svg, renderChart(results));
  console.log("\n" + textTable(results) + `\n\nwritten: ${out}, ${svg}`);
}

/**
 * `json.loads` against `JSON.parse` on each session's JSON (Flask's text: plain JSON, tags being
 * ordinary keys to a JSON reader), interleaved round by round in this process, the order
 * alternating. The goal is about the price of reading exactly what Python reads.
 */
function benchJsonLoads(cases: ReturnType<typeof nodeCases>): JsonLoadsRow[] {
  const jobs = cases.map((c) => ({ c, ours: [] as Timed[], native: [] as Timed[] }));
  for (const job of jobs) {
    if (!isDeepStrictEqual(json.loads(job.c.json), JSON.parse(job.c.json)))
      throw new Error(`${job.c.name}: json.loads differs from JSON.parse`);
    timeLoop(() => json.loads(job.c.json), seconds / 2);
    timeLoop(() => JSON.parse(job.c.json), seconds / 2);
  }
  for (let round = 0; round < rounds; round++) {
    for (const [index, job] of jobs.entries()) {
      const text = job.c.json;
      const oursFirst = (round + index) % 2 === 0;
      if (!oursFirst) job.native.push(timeLoop(() => JSON.parse(text), seconds));
      job.ours.push(timeLoop(() => json.loads(text), seconds));
      if (oursFirst) job.native.push(timeLoop(() => JSON.parse(text), seconds));
    }
    log(
      `json round ${round + 1}/${rounds}: ` +
        jobs.map((j) => `${j.c.name} ${j.ours.at(-1)!.us.toFixed(2)}/${j.native.at(-1)!.us.toFixed(2)}`).join("  "),
    );
  }
  return jobs.map(({ c, ours, native }) => {
    const ratio = sides(ours).median / sides(native).median;
    return {
      case: c.name,
      jsonBytes: c.jsonBytes,
      ours: sides(ours),
      native: sides(native),
      ratio,
      goal: JSON_LOADS_GOAL,
      met: ratio <= JSON_LOADS_GOAL,
    };
  });
}

function sides(timed: readonly Timed[]): Sides {
  const rounds = timed.map((t) => t.us);
  const wallRounds = timed.map((t) => t.wallUs);
  return { best: Math.min(...rounds), median: median(rounds), rounds, wallMedian: median(wallRounds), wallRounds };
}

function header(): string {
  return `Node ${process.version}, ${cpus()[0]?.model.trim()} x${cpus().length}; ${rounds} rounds of ${seconds} s per measurement`;
}

await main();
