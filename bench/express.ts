/**
 * The Express benchmark: a hello-world route, alone and behind the session middleware, each in
 * its own server process, loaded in turn over loopback by {@link runLoad} from this process, with
 * the login cookie on every request. The adapter's cost is the request rate it takes away.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { BENCH_OUT } from "./paths.js";
import { runLoad, type LoadResult } from "./load.js";
import { median } from "./timing.js";

/**
 * The server modes, see bench/express-server.ts. `noop` (a pass-through `app.use` layer) is the
 * second baseline: what any middleware costs in Express before it does anything.
 */
export const MODES = ["hello", "noop", "session-read", "session-write"] as const;
export type Mode = (typeof MODES)[number];

/** What the Express benchmark found. */
export interface ExpressResult {
  implementation: string;
  connections: number;
  secondsPerRun: number;
  /** Requests per second, per mode: every round and the median. */
  rps: Record<Mode, { median: number; rounds: number[] }>;
  /** The server's CPU microseconds per request, per mode: every round and the median. */
  cpuPerRequest: Record<Mode, { median: number; rounds: number[] }>;
  /**
   * How much of hello-world's request rate the middleware takes, in percent, from the server's
   * CPU time per request (the rate one core can serve: 1 - hello's CPU / the mode's CPU), medians
   * of the interleaved rounds. On a shared machine this holds where the measured rates swing.
   */
  costPercent: { read: number; write: number };
  /** The same from the measured request rates (1 - the mode's median rate / hello's median rate). */
  rateCostPercent: { read: number; write: number };
  /**
   * The same as {@link ExpressResult.costPercent} against hello world behind a pass-through
   * middleware (`noop`) instead: the adapter's own cost, without the layer Express charges for
   * any middleware. Not the goal's definition (that is `costPercent`); reported beside it.
   */
  costOverNoopPercent: { read: number; write: number };
}

/** A running bench/express-server.ts. */
export interface Server {
  mode: string;
  port: number;
  child: ChildProcess;
  /** Which session middleware the server runs (it says so when it starts). */
  implementation: string;
}

/** Starts bench/express-server.ts in `mode` (one of its modes) and waits until it listens. */
export function startServer(mode: string, secretKey: string): Promise<Server> {
  const child = spawn(process.execPath, [`${BENCH_OUT}express-server.js`, mode], {
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, BENCH_SECRET_KEY: secretKey, NODE_ENV: "production" },
  });
  return new Promise((resolve, reject) => {
    const fail = (message: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(message));
    };
    const timer = setTimeout(() => fail(`${mode} server did not start`), 20_000);
    const rl = createInterface({ input: child.stdout! });
    rl.once("line", (line) => {
      clearTimeout(timer);
      const match = /^LISTENING (\d+) (.*)$/.exec(line);
      if (match) resolve({ mode, port: Number(match[1]), child, implementation: match[2]! });
      else fail(`${mode} server said: ${line}`);
    });
    child.once("exit", (code) => fail(`${mode} server exited (${code})`));
  });
}

/** Stops a server started by {@link startServer} (closing its stdin; killed after 3 s). */
export function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    const timer = setTimeout(() => server.child.kill("SIGKILL"), 3000);
    server.child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    server.child.stdin!.end();
  });
}

/** Runs the Express benchmark: `rounds` interleaved runs of every mode. */
export async function benchExpress(options: {
  cookie: string;
  secretKey: string;
  rounds: number;
  seconds: number;
  connections?: number;
  log?: (line: string) => void;
}): Promise<ExpressResult> {
  const connections = options.connections ?? 16;
  const log = options.log ?? (() => {});
  const servers: Server[] = [];
  try {
    for (const mode of MODES) servers.push(await startServer(mode, options.secretKey));
    const load = (server: Server, seconds: number, maxRequests = 1_000_000): Promise<LoadResult> =>
      runLoad({
        port: server.port,
        headers: { Cookie: `session=${options.cookie}` },
        connections,
        maxRequests,
        maxSeconds: seconds,
      });
    for (const server of servers) {
      const warm = await load(server, 5, 5000);
      if (warm.non200 > 0 || !warm.first.endsWith("Hello World!")) {
        throw new Error(`${server.mode}: unexpected response: ${warm.first}`);
      }
      if (server.mode === "session-write" && !/\r\nSet-Cookie: session=\./i.test(warm.first)) {
        throw new Error(`session-write: no compressed session cookie in: ${warm.first}`);
      }
    }
    const series = () => Object.fromEntries(MODES.map((m) => [m, { median: 0, rounds: [] as number[] }])) as ExpressResult["rps"];
    const rps = series();
    const cpu = series();
    const cpuOf = async (server: Server): Promise<number> => {
      const answer = await runLoad({ port: server.port, path: "/__cpu", connections: 1, maxRequests: 1, maxSeconds: 5 });
      return Number(answer.first.slice(answer.first.indexOf("\r\n\r\n") + 4));
    };
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const server of order) {
        const before = await cpuOf(server);
        const result = await load(server, options.seconds);
        const perRequest = ((await cpuOf(server)) - before) / result.requests;
        if (result.non200 > 0) throw new Error(`${server.mode}: ${result.non200} responses were not 200`);
        rps[server.mode as Mode].rounds.push(result.rps);
        cpu[server.mode as Mode].rounds.push(perRequest);
        log(
          `  express round ${round + 1}/${options.rounds} ${server.mode.padEnd(13)} ${result.rps.toFixed(0)} req/s, ` +
            `${perRequest.toFixed(1)} CPU µs/request`,
        );
      }
    }
    for (const mode of MODES) {
      rps[mode].median = median(rps[mode].rounds);
      cpu[mode].median = median(cpu[mode].rounds);
    }
    // Medians of the interleaved rounds, as for the timings.
    const cost = (mode: Mode, base: Mode = "hello") => (1 - cpu[base].median / cpu[mode].median) * 100;
    const rateCost = (mode: Mode) => (1 - rps[mode].median / rps.hello.median) * 100;
    return {
      implementation: servers.find((s) => s.mode === "session-read")!.implementation,
      connections,
      secondsPerRun: options.seconds,
      rps,
      cpuPerRequest: cpu,
      costPercent: { read: cost("session-read"), write: cost("session-write") },
      rateCostPercent: { read: rateCost("session-read"), write: rateCost("session-write") },
      costOverNoopPercent: { read: cost("session-read", "noop"), write: cost("session-write", "noop") },
    };
  } finally {
    await Promise.all(servers.map(stopServer));
  }
}
