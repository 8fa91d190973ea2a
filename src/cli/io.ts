/**
 * The command line's view of the outside world: stdout and stderr (and whether each may be
 * coloured), the environment, stdin, files and the clock. `main.ts` builds it from `process`;
 * the subcommands only ever see this, so they never touch `process` themselves.
 * @module
 */
import { readFileSync } from "node:fs";

/** An output stream. */
export interface Writer {
  /** Writes text as it is. */
  write(text: string): void;
  /** Whether this stream may be coloured (a terminal, no `NO_COLOR`). */
  readonly color: boolean;
}

/** Everything a subcommand may use from outside. */
export interface CliIO {
  /** Results. */
  readonly stdout: Writer;
  /** Errors and warnings. */
  readonly stderr: Writer;
  /** The environment variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdin is a terminal (then it is never read unless asked for with `-`). */
  readonly stdinIsTTY: boolean;
  /** All of stdin. */
  readStdin(): Uint8Array;
  /** A whole file. */
  readFile(path: string): Uint8Array;
  /** The current time in whole seconds since the epoch. */
  now(): number;
}

/**
 * Whether to colour a stream: never with `NO_COLOR` (any non-empty value, see no-color.org) or
 * `TERM=dumb`; always with `FORCE_COLOR` (other than `0` or `false`); otherwise on a terminal.
 *
 * @example
 * ```ts
 * supportsColor(process.stdout.isTTY === true, process.env);
 * ```
 */
export function supportsColor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  return isTTY && env.TERM !== "dumb";
}

/**
 * The real world: `process`'s streams and environment, the file system, the system clock.
 *
 * @example
 * ```ts
 * const io = processIO();
 * io.stdout.write("hello\n");
 * ```
 */
export function processIO(): CliIO {
  const env = process.env;
  // `... | head -1` closes the pipe early: stop quietly, with the status already decided.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit();
    });
  }
  return {
    stdout: { write: (text) => void process.stdout.write(text), color: supportsColor(process.stdout.isTTY === true, env) },
    stderr: { write: (text) => void process.stderr.write(text), color: supportsColor(process.stderr.isTTY === true, env) },
    env,
    stdinIsTTY: process.stdin.isTTY === true,
    readStdin: () => readFileSync(0),
    readFile: (path) => readFileSync(path),
    now: () => Math.floor(Date.now() / 1000),
  };
}
