/**
 * Runs the real, built command-line tool (dist/cli/main.js, built once by the global setup) as a
 * subprocess, with a clean environment, and keeps every run so a test file can search all
 * outputs for the secrets it used.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { expect } from "vitest";

export const root = new URL("../..", import.meta.url).pathname;
const MAIN = join(root, "dist/cli/main.js");

export interface Run {
  args: readonly string[];
  code: number;
  stdout: string;
  stderr: string;
}

/** Every run of this test file, in order. */
export const runs: Run[] = [];

export interface RunOptions {
  /** What stdin holds (default: nothing, closed at once). */
  input?: string;
  /** Environment variables (the rest of the environment is NOT passed: no stray NO_COLOR / FORCE_COLOR). */
  env?: Record<string, string>;
}

/** Runs `flask-session-cookie ...args`; resolves with its exit status and outputs. */
export function cli(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [MAIN, ...args],
      { env: { PATH: process.env.PATH ?? "", ...options.env }, encoding: "utf8", timeout: 30_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        let code = 0;
        if (error) {
          if (typeof error.code !== "number") return reject(error);
          code = error.code;
        }
        const run = { args, code, stdout, stderr };
        runs.push(run);
        resolve(run);
      },
    );
    child.stdin!.end(options.input ?? "");
  });
}

/** Runs many command lines, a few at a time (two cores), in order of the result. */
export async function cliAll(list: readonly (readonly [readonly string[], RunOptions?])[], parallel = 3): Promise<Run[]> {
  const results: Run[] = new Array(list.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < list.length) {
      const i = next++;
      const [args, options] = list[i]!;
      results[i] = await cli(args, options);
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, list.length) }, worker));
  return results;
}

/** Runs a table of named command lines (a few at a time); resolves with the runs by name. */
export async function cliNamed<K extends string>(
  table: Record<K, readonly [readonly string[], RunOptions?]>,
): Promise<Record<K, Run>> {
  const names = Object.keys(table) as K[];
  const results = await cliAll(names.map((name) => table[name]));
  return Object.fromEntries(names.map((name, i) => [name, results[i]!])) as Record<K, Run>;
}

/** Asserts that no secret occurs in any stdout or stderr of this file's runs (and that there were runs). */
export function expectNoSecretInOutputs(secrets: readonly string[]): void {
  expect(runs.length).toBeGreaterThan(0);
  for (const run of runs) {
    for (const secret of secrets) {
      expect(run.stdout.includes(secret), `stdout of ${run.args[0]} holds a secret`).toBe(false);
      expect(run.stderr.includes(secret), `stderr of ${run.args[0]} holds a secret`).toBe(false);
    }
  }
}

/** A usage error: status 2, nothing on stdout, exactly one line on stderr naming the command. */
export function expectUsageError(run: Run, pattern?: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(/^flask-session-cookie( \w+)?: error: [^\n]+\n$/);
  if (pattern) expect(run.stderr).toMatch(pattern);
}

export { fixtureCases } from "./fixtures.js";

export const ANSI = /\x1b\[/;
