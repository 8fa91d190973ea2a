/**
 * Real Redis, Memcached and PostgreSQL servers for the tests (Debian's redis-server, memcached,
 * postgresql): each started on a free loopback port, in a temporary folder, and stopped by the
 * test that started it. On a machine without them the suite is skipped with a message saying what
 * to install (`missing()`: an error under CI, whose .ci/run installs them).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { missing } from "./requirement.js";

/** A running server. */
export interface TestServer {
  host: string;
  port: number;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function which(command: string): string | null {
  const found = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : null;
}

/** The PostgreSQL binaries folder (Debian keeps them under /usr/lib/postgresql/<version>/bin). */
function postgresBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0]!, "bin") : null;
}

const INSTALL = "apt-get install -y redis-server memcached postgresql";

/** Whether each server can be started here; when not, reports it with `missing` (throws under CI). */
export function haveServer(suite: string, kind: "redis" | "memcached" | "postgresql"): boolean {
  const found = kind === "redis" ? which("redis-server") : kind === "memcached" ? which("memcached") : postgresBin();
  return found !== null || missing(suite, `${kind} is not installed (Debian: ${INSTALL}); .ci/run installs it.`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function waitForPort(port: number, child: ChildProcess, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited (code ${child.exitCode}) before listening`);
    if (await canConnect(port)) return;
    if (Date.now() - started > timeoutMs) throw new Error(`${what} did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stopper(child: ChildProcess, folder: string | null): () => Promise<void> {
  const onExit = () => child.kill("SIGKILL");
  process.once("exit", onExit);
  return () =>
    new Promise<void>((resolve) => {
      process.removeListener("exit", onExit);
      const done = () => {
        if (folder) rmSync(folder, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
      child.once("exit", () => {
        clearTimeout(kill);
        done();
      });
      child.kill("SIGTERM");
    });
}

/** `redis-server` on a free port, no persistence. */
export async function startRedis(): Promise<TestServer> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  const stop = stopper(child, null);
  await waitForPort(port, child, "redis-server").catch(async (error) => {
    await stop();
    throw error;
  });
  return { host: "127.0.0.1", port, stop };
}

/** `memcached` on a free loopback port. */
export async function startMemcached(): Promise<TestServer> {
  const port = await freePort();
  const args = ["-l", "127.0.0.1", "-p", String(port), "-U", "0"];
  if (process.getuid?.() === 0) args.push("-u", "nobody");
  const child = spawn("memcached", args, { stdio: "ignore" });
  const stop = stopper(child, null);
  await waitForPort(port, child, "memcached").catch(async (error) => {
    await stop();
    throw error;
  });
  return { host: "127.0.0.1", port, stop };
}

/**
 * PostgreSQL in a fresh data folder (initdb), on a free port with its socket in that folder; as
 * the `postgres` user when this runs as root (PostgreSQL refuses root). Database `postgres`, user
 * `postgres`, trust authentication on loopback.
 */
export async function startPostgres(): Promise<TestServer & { url: string }> {
  const bin = postgresBin()!;
  const folder = mkdtempSync(join(tmpdir(), "fsc-pg-"));
  const data = join(folder, "data");
  const root = process.getuid?.() === 0;
  const asUser = (command: string, args: string[]) =>
    (root ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args]) as [string, string[]];
  if (root) {
    chmodSync(folder, 0o777);
    spawnSync("chown", ["postgres", folder]);
  }
  const [initCmd, initArgs] = asUser(join(bin, "initdb"), [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=trust",
    "-E",
    "UTF8",
    "--no-sync",
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: "utf8" });
  if (init.status !== 0) {
    rmSync(folder, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr}`);
  }
  const port = await freePort();
  const [cmd, args] = asUser(join(bin, "postgres"), [
    "-D",
    data,
    "-p",
    String(port),
    "-k",
    folder,
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "fsync=off",
  ]);
  const child = spawn(cmd, args, { stdio: "ignore" });
  const stop = stopper(child, folder);
  await waitForPort(port, child, "postgres").catch(async (error) => {
    await stop();
    throw error;
  });
  // Listening is not yet accepting queries: wait until pg_isready says so.
  for (let i = 0; i < 200; i++) {
    if (spawnSync(join(bin, "pg_isready"), ["-h", "127.0.0.1", "-p", String(port)]).status === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { host: "127.0.0.1", port, stop, url: `postgresql://postgres@127.0.0.1:${port}/postgres` };
}
