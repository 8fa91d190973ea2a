/**
 * Python's side of the benchmark: scripts/bench_python.py, run through scripts/python.mjs (which
 * finds the interpreter that has Flask) and kept open for the whole run, one JSON request and one
 * JSON answer per line, so that Node's and Python's measurements interleave round by round.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface, type Interface } from "node:readline";

import { ROOT } from "./paths.js";
import type { Timed } from "./timing.js";

/** The reference sessions as Flask signed them, and the versions that signed them. */
export interface PythonCases {
  versions: { python: string; flask: string; itsdangerous: string; zlib: string };
  secretKey: string;
  maxAge: number;
  cases: Record<string, { cookie: string; json: string; jsonBytes: number; compressed: boolean }>;
}

/** A running scripts/bench_python.py. */
export class PythonWorker {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #lines: AsyncIterator<string>;
  readonly #rl: Interface;
  #stderr = "";

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.#child = child;
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-4000);
    });
    this.#rl = createInterface({ input: child.stdout });
    this.#lines = this.#rl[Symbol.asyncIterator]();
  }

  /** Starts the worker and asks for the reference cookies; `null` (with the reason) when Python with Flask is missing. */
  static async start(): Promise<{ worker: PythonWorker; cases: PythonCases } | { worker: null; reason: string }> {
    const child = spawn(process.execPath, ["scripts/python.mjs", "scripts/bench_python.py"], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const worker = new PythonWorker(child);
    try {
      const cases = (await worker.request({ op: "cases" })) as PythonCases;
      return { worker, cases };
    } catch (error) {
      worker.close();
      return { worker: null, reason: (error as Error).message };
    }
  }

  /** Sends one request and waits for its answer. */
  async request(message: Record<string, unknown>): Promise<unknown> {
    this.#child.stdin.write(JSON.stringify(message) + "\n");
    const next = await this.#lines.next();
    if (next.done) {
      const status = await new Promise<number | null>((resolve) => {
        if (this.#child.exitCode !== null) resolve(this.#child.exitCode);
        else this.#child.once("exit", (code) => resolve(code));
      });
      throw new Error(`Python's benchmark worker stopped (exit ${status}): ${this.#stderr.trim() || "no message"}`);
    }
    return JSON.parse(next.value) as unknown;
  }

  /** CPU (and wall) microseconds per call of Python's `loads` or `dumps` on a reference session. */
  async time(caseName: string, fn: "loads" | "dumps", seconds: number): Promise<Timed> {
    return (await this.request({ op: "time", case: caseName, fn, seconds })) as Timed;
  }

  /** Stops the worker. */
  close(): void {
    this.#rl.close();
    if (this.#child.exitCode === null) {
      this.#child.stdin.end(JSON.stringify({ op: "quit" }) + "\n");
      const timer = setTimeout(() => this.#child.kill("SIGKILL"), 2000);
      timer.unref();
    }
  }
}
