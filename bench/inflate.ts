/**
 * `npm run bench:inflate`: `zlibDecompress` alone, on the compressed payloads of the benchmark's
 * reference cookies (Flask signs them at the start, as in `npm run bench`), beside its variant
 * that returns a view of a kept buffer (what `loads` uses), `pako.inflate` and CPython's
 * `zlib.decompress` on the same bytes. CPU µs per call, best of several rounds, pinned to one
 * CPU like `npm run bench`.
 *
 *     npm run bench:inflate
 *     npm run bench:inflate -- --rounds 9 --seconds 0.25 --cpu 1
 */
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { Inflate } from "pako";
import { zlibDecompress } from "../src/compress.js";
import { inflateZlib } from "../src/zlib/inflate.js";
import { base64Decode } from "../src/encoding.js";
import { PythonWorker } from "./python-worker.js";
import { timeLoop } from "./timing.js";

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string" },
    seconds: { type: "string" },
    cpu: { type: "string" },
  },
});
const rounds = Number(args.rounds ?? 7);
const seconds = Number(args.seconds ?? 0.2);
const cpu = args.cpu ?? String(cpus().length - 1);

/** CPython's `zlib.decompress` on each payload: best of `rounds` loops of about `seconds` CPU each. */
function pythonTimes(python: string, payloads: Record<string, Uint8Array>): Record<string, number> {
  const program = [
    "import json, sys, time, zlib",
    "payloads = {k: bytes.fromhex(v) for k, v in json.loads(sys.argv[1]).items()}",
    "rounds, seconds = int(sys.argv[2]), float(sys.argv[3])",
    "def loop(data, n):",
    "    d = zlib.decompress",
    "    t = time.process_time_ns()",
    "    for _ in range(n): d(data)",
    "    return time.process_time_ns() - t",
    "out = {}",
    "for name, data in payloads.items():",
    "    n = 1",
    "    while loop(data, n) < seconds * 1e8: n *= 2",
    "    n = max(1, round(n * seconds * 1e9 / loop(data, n)))",
    "    out[name] = min(loop(data, n) / 1000 / n for _ in range(rounds))",
    "print(json.dumps(out))",
  ].join("\n");
  const hex = Object.fromEntries(Object.entries(payloads).map(([k, v]) => [k, Buffer.from(v).toString("hex")]));
  const run = spawnSync("taskset", ["-c", cpu, python, "-c", program, JSON.stringify(hex), String(rounds), String(seconds)], {
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`python failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, number>;
}

/** pako's streaming inflate, one fresh `Inflate` per call (what `pako.inflate` does). */
function pakoInflate(data: Uint8Array): Uint8Array {
  const inflator = new Inflate();
  inflator.push(data, true);
  if (inflator.err) throw new Error(String(inflator.msg));
  return inflator.result;
}

function best(fn: () => unknown): number {
  let min = Infinity;
  timeLoop(fn, seconds); // warm-up, discarded
  for (let r = 0; r < rounds; r++) min = Math.min(min, timeLoop(fn, seconds).us);
  return min;
}

async function main(): Promise<void> {
  spawnSync("taskset", ["-a", "-p", "-c", cpu, String(process.pid)], { stdio: "ignore" });
  const started = await PythonWorker.start();
  if (started.worker === null) {
    process.stderr.write(`Python with Flask is needed for the reference cookies: ${started.reason}\n`);
    process.exitCode = 3;
    return;
  }
  started.worker.close();
  const payloads: Record<string, Uint8Array> = {};
  for (const [name, info] of Object.entries(started.cases.cases)) {
    if (!info.compressed) continue;
    payloads[name] = base64Decode(info.cookie.split(".")[1]!);
  }
  const python = pythonTimes("/usr/bin/python3", payloads);
  process.stdout.write(`CPU µs per call, best of ${rounds} rounds of ${seconds} s, on CPU ${cpu}\n`);
  process.stdout.write("payload              zlibDecompress  (transient)  pako.inflate  Python zlib.decompress\n");
  for (const [name, data] of Object.entries(payloads)) {
    const ours = best(() => zlibDecompress(data));
    const transient = best(() => inflateZlib(data, 1 << 24, true));
    const pako = best(() => pakoInflate(data));
    const out = zlibDecompress(data).length;
    const label = `${name} (${data.length} → ${out} B)`.padEnd(20);
    const cells = [
      ours.toFixed(2).padStart(14),
      transient.toFixed(2).padStart(11),
      pako.toFixed(2).padStart(12),
      python[name]!.toFixed(2).padStart(22),
    ];
    process.stdout.write(`${label} ${cells.join("  ")}\n`);
  }
}

await main();
