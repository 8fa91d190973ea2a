/**
 * Where the Express session middleware's time goes: the server modes of bench/express-server.ts
 * that add one step at a time (a pass-through layer, finding the cookie, `loads`, opening the
 * session, then the whole middleware with its response hook), loaded in interleaved rounds with
 * Flask's login cookie, as the Express benchmark does. Each step's cost is the difference of the
 * best rounds' server CPU per request.
 *
 *     npm run bench:express                      # 5 rounds of 1 s per mode
 *     npm run bench:express -- --rounds 9 --seconds 2 --modes hello,noop,session-read --pin
 */
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { runLoad } from "./load.js";
import { PythonWorker } from "./python-worker.js";
import { startServer, stopServer, type Server } from "./express.js";

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    seconds: { type: "string", default: "1" },
    connections: { type: "string", default: "16" },
    modes: { type: "string", default: "hello,noop,parse,loads,open,session-read,session-write,timed,timed-loads" },
    /** Pin the load generator to the first CPU and every server to the last (with taskset). */
    pin: { type: "boolean", default: false },
  },
});
const rounds = Number(args.rounds);
const seconds = Number(args.seconds);
const connections = Number(args.connections);
const modes = args.modes.split(",");
const log = (line: string) => process.stderr.write(line + "\n");

/** What each mode adds to the one before it. */
const STEP: Record<string, string> = {
  hello: "hello world (no middleware)",
  noop: "+ Express's layer for a pass-through app.use",
  parse: "+ finding the session cookie in the Cookie header",
  loads: "+ loads (verify, inflate, tagged JSON)",
  open: "+ the session object on req.session (FlaskSessions.open)",
  "session-read": "+ the response hook (save_session, Vary: Cookie): the whole middleware",
  "session-write": "+ writing the session (dumps, Set-Cookie)",
  timed: "session-read, timed in place (see below; its wrappers add to its CPU time)",
  "timed-loads": "loads, timed in place (see below)",
};

async function main(): Promise<void> {
  const started = await PythonWorker.start();
  if (started.worker === null) throw new Error(`Python with Flask is needed for Flask's cookie: ${started.reason}`);
  started.worker.close();
  const { secretKey, cases } = started.cases;
  const cookie = cases.login!.cookie;
  const servers: Server[] = [];
  try {
    for (const mode of modes) servers.push(await startServer(mode, secretKey));
    if (args.pin) {
      const last = String(cpus().length - 1);
      const pin = (cpu: string, pid: number) =>
        spawnSync("taskset", ["-a", "-p", "-c", cpu, String(pid)], { stdio: "ignore" }).status === 0;
      const pinned = pin("0", process.pid) && servers.every((server) => pin(last, server.child.pid!));
      log(pinned ? `load generator on CPU 0, servers on CPU ${last}` : "taskset failed: not pinned");
    }
    const load = (server: Server, maxSeconds: number, maxRequests = 1_000_000) =>
      runLoad({ port: server.port, headers: { Cookie: `session=${cookie}` }, connections, maxRequests, maxSeconds });
    const cpuOf = async (server: Server, path = "/__cpu"): Promise<number> => {
      const answer = await runLoad({ port: server.port, path, connections: 1, maxRequests: 1, maxSeconds: 5 });
      return Number(answer.first.slice(answer.first.indexOf("\r\n\r\n") + 4));
    };
    for (const server of servers) {
      const warm = await load(server, 5, 20_000);
      if (warm.non200 > 0 || !warm.first.endsWith("Hello World!"))
        throw new Error(`${server.mode}: unexpected response: ${warm.first}`);
    }
    const cpu = new Map<string, number[]>(modes.map((m) => [m, []]));
    const user = new Map<string, number[]>(modes.map((m) => [m, []]));
    interface Timing {
      requests: number;
      clockUs: { median: number };
      openUs: { median: number; min: number };
      hookUs: { median: number; min: number };
    }
    const timings = new Map<string, Timing[]>();
    const timing = async (server: Server): Promise<Timing> => {
      const answer = await runLoad({ port: server.port, path: "/__timing", connections: 1, maxRequests: 1, maxSeconds: 5 });
      return JSON.parse(answer.first.slice(answer.first.indexOf("\r\n\r\n") + 4)) as Timing;
    };
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      const line: string[] = [];
      for (const server of order) {
        const timed = server.mode.startsWith("timed");
        if (timed) await timing(server);
        const before = await cpuOf(server);
        const userBefore = await cpuOf(server, "/__cpu-user");
        const result = await load(server, seconds);
        const userPerRequest = ((await cpuOf(server, "/__cpu-user")) - userBefore) / result.requests;
        const perRequest = ((await cpuOf(server)) - before) / result.requests;
        user.get(server.mode)!.push(userPerRequest);
        if (timed) timings.set(server.mode, [...(timings.get(server.mode) ?? []), await timing(server)]);
        if (result.non200 > 0) throw new Error(`${server.mode}: ${result.non200} responses were not 200`);
        cpu.get(server.mode)!.push(perRequest);
        line.push(`${server.mode} ${perRequest.toFixed(1)}`);
      }
      log(`round ${round + 1}/${rounds}: ${line.join(", ")}`);
    }
    const table = (series: Map<string, number[]>, what: string) => {
      const best = (mode: string) => Math.min(...series.get(mode)!);
      const hello = series.has("hello") ? best("hello") : NaN;
      log(`\nserver ${what} µs per request, best of ${rounds} rounds of ${seconds} s, ${connections} connections, login cookie:`);
      log(`${"mode".padEnd(14)} ${"best".padStart(7)} ${"step".padStart(7)} ${"vs hello".padStart(9)}  what the mode adds`);
      modes.forEach((mode, i) => {
        const previous = i > 0 ? best(modes[i - 1]!) : NaN;
        // session-write and timed add to session-read, timed-loads to loads, whichever modes sit between.
        const base =
          (mode === "session-write" || mode === "timed") && series.has("session-read")
            ? best("session-read")
            : mode === "timed-loads" && series.has("loads")
              ? best("loads")
              : previous;
        const step = best(mode) - base;
        const rate = (1 - hello / best(mode)) * 100;
        log(
          `${mode.padEnd(14)} ${best(mode).toFixed(1).padStart(7)} ${Number.isNaN(step) ? "".padStart(7) : step.toFixed(1).padStart(7)} ` +
            `${(Number.isNaN(rate) ? "" : rate.toFixed(1) + "%").padStart(9)}  ${STEP[mode] ?? ""}`,
        );
      });
    };
    table(cpu, "CPU (user + system, as npm run bench measures)");
    table(user, "user CPU (steadier here: the system share swings with batching)");
    // The round with the lowest medians: disturbances only add time.
    const inPlace = (mode: string, part: "openUs" | "hookUs") =>
      Math.min(...(timings.get(mode) ?? []).map((t) => t[part].median - t.clockUs.median));
    if (timings.has("timed")) {
      const open = inPlace("timed", "openUs");
      const hook = inPlace("timed", "hookUs");
      log(
        `\ntimed in place (median per request, best round, clock read subtracted): the adapter's work before ` +
          `next() ${open.toFixed(1)} µs (cookie, loads, session, req.session, the hook put on res), its response ` +
          `hook ${hook.toFixed(1)} µs (save_session, Vary: Cookie); together ${(open + hook).toFixed(1)} µs`,
      );
    }
    if (timings.has("timed-loads")) {
      log(
        `timed in place: finding the cookie and loads alone, in the adapter's place ${inPlace("timed-loads", "openUs").toFixed(1)} µs`,
      );
    }
  } finally {
    await Promise.all(servers.map(stopServer));
  }
}

await main();
