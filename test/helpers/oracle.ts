/**
 * A long-lived Python (scripts/fuzz_oracle.py, run by the interpreter that has Flask) spoken to in
 * JSON lines over stdin/stdout. Requests are answered in order; several may be in flight, so the
 * fuzzer can check one batch while Python works on the next.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { findPython } from "../../scripts/python.mjs";

const ROOT = new URL("../..", import.meta.url).pathname;

interface Pending {
  resolve(value: Record<string, unknown>): void;
  reject(error: Error): void;
}

/** A running scripts/fuzz_oracle.py. */
export class Oracle {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #stderr = "";
  #exited: Promise<void>;
  #dead: Error | null = null;

  private constructor(python: string) {
    this.#child = spawn(python, [`${ROOT}scripts/fuzz_oracle.py`], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    this.#child.stderr.setEncoding("utf8");
    this.#child.stderr.on("data", (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-20_000);
    });
    const lines = createInterface({ input: this.#child.stdout, crlfDelay: Infinity });
    lines.on("line", (line) => {
      const response = JSON.parse(line) as Record<string, unknown> & { id: number };
      const pending = this.#pending.get(response.id);
      if (!pending) return;
      this.#pending.delete(response.id);
      if (typeof response.error === "string") pending.reject(new Error(`fuzz oracle failed:\n${response.error}`));
      else pending.resolve(response);
    });
    this.#exited = new Promise((resolve) => {
      this.#child.on("close", (code, signal) => {
        this.#dead = new Error(`fuzz oracle exited (code ${code}, signal ${signal}):\n${this.#stderr}`);
        for (const pending of this.#pending.values()) pending.reject(this.#dead);
        this.#pending.clear();
        resolve();
      });
    });
    this.#child.on("error", (error) => {
      this.#dead = error;
    });
  }

  /**
   * Starts the oracle in pinned environment `env` (default: $FSC_PYTHON_ENV, else the newest), or
   * gives `null` when it cannot be had.
   */
  static async start(env?: string): Promise<Oracle | null> {
    const found = findPython(env);
    if (!found) return null;
    return new Oracle(found.python);
  }

  /** Sends one request; resolves with Python's response, rejects if Python failed. */
  request(body: Record<string, unknown>, timeoutMs = 600_000): Promise<Record<string, unknown>> {
    if (this.#dead) return Promise.reject(this.#dead);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`fuzz oracle did not answer request ${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#child.stdin.write(JSON.stringify({ ...body, id }) + "\n");
    });
  }

  /** Ends the process: EOF on stdin, then SIGKILL if it has not exited within `graceMs`. */
  async close(graceMs = 5_000): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.stdin.end();
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), graceMs);
    await this.#exited;
    clearTimeout(timer);
  }
}
