/**
 * A server in a child process (the Flask app, a runtime serving the conformance app): started,
 * waited for until it says which port it listens on, and stopped. Its stdin stays a pipe, so a
 * child that watches it exits by itself if the test process dies without stopping it.
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createInterface } from "node:readline";

/** A running child server. */
export interface ChildServer {
  /** The port it said it listens on. */
  port: number;
  child: ChildProcess;
  /** What it wrote on stderr so far (the first 20,000 characters). */
  stderr(): string;
  /** Stops it (SIGTERM, then SIGKILL after 3 s); resolves when it has exited. */
  stop(): Promise<void>;
}

/** Stops a child: SIGTERM, then SIGKILL after 3 s; resolves when it has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** How to tell that a child server is ready. */
export interface StartOptions extends SpawnOptions {
  /** A line of its stdout that says so; its first group is the port. Default `LISTENING <port>`. */
  listening?: RegExp;
  /** For a server that prints nothing: the port it was told to use, and a probe that resolves true once it answers. */
  ready?: { port: number; probe: () => Promise<boolean> };
  timeoutMs?: number;
}

/** Resolves with `port` once `probe` answers true (polled every 100 ms). */
async function polled(port: number, probe: () => Promise<boolean>, stopped: () => boolean): Promise<number> {
  while (!stopped()) {
    if (await probe().catch(() => false)) return port;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return port;
}

/**
 * Starts `command` and resolves once a line of its stdout matches `listening` (its first group is
 * the port), or once `ready.probe` answers.
 *
 * @param what - The server's name, for error messages.
 */
export async function startChildServer(
  what: string,
  command: string,
  args: string[],
  { listening = /^LISTENING (\d+)$/, ready, timeoutMs = 20_000, ...options }: StartOptions = {},
): Promise<ChildServer> {
  const child = spawn(command, args, { ...options, stdio: ["pipe", "pipe", "pipe"] });
  const onExit = () => child.kill("SIGKILL");
  process.once("exit", onExit);
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    if (stderr.length < 20_000) stderr += chunk;
  });
  const stop = async () => {
    process.removeListener("exit", onExit);
    await stopChild(child);
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(new Error(`${what} did not start within ${timeoutMs} ms:\n${stderr}`));
      }, timeoutMs);
      if (ready) {
        void polled(ready.port, ready.probe, () => settled).then((port) => {
          settled = true;
          clearTimeout(timer);
          resolve(port);
        });
      }
      const lines = createInterface({ input: child.stdout! });
      lines.on("line", (line) => {
        const match = listening.exec(line.trim());
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once("exit", (code, signal) => {
        settled = true;
        clearTimeout(timer);
        reject(new Error(`${what} exited before listening (code ${code}, signal ${signal}):\n${stderr}`));
      });
      child.once("error", (error) => {
        settled = true;
        clearTimeout(timer);
        reject(error);
      });
    });
    return { port, child, stderr: () => stderr, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
