/**
 * What the Express session middleware allocates per request, step by step: a real Express app
 * handling requests in process (Node's own `IncomingMessage` and `ServerResponse` over a socket
 * that discards what it is sent, no HTTP parser, no load generator), each mode in its own child
 * process with a fixed 16 MiB young generation, so that the number of scavenges per request says
 * how many bytes a request allocates. Unlike the CPU time of `npm run bench:express`, that count
 * hardly moves with what else runs on the machine. CPU µs per request are printed beside it.
 *
 *     npx tsc -p tsconfig.bench.json && node .bench/bench/express-alloc.js [requests]
 *
 * Modes, each adding to `noop` (a pass-through `app.use`): `store` sets `req.session = null`,
 * `wrap` wraps `res.writeHead` in a closure (what the adapter does to each object it touches);
 * `loads` verifies and decodes the cookie, `open` opens the session (`FlaskSessions.open`);
 * `session-read` is the real middleware, the route reading `_user_id`.
 */
import { spawnSync } from "node:child_process";
import { IncomingMessage, ServerResponse } from "node:http";
import { PerformanceObserver, constants } from "node:perf_hooks";
import { Duplex } from "node:stream";
import { fileURLToPath } from "node:url";
import express, { type RequestHandler } from "express";
import { PythonWorker } from "./python-worker.js";

const MODES = ["hello", "noop", "store", "wrap", "loads", "open", "session-read"] as const;
const SEMI_SPACE_MIB = 16;

/** One mode, in this (child) process: prints `{ scavenges, requests, cpuUs }` as JSON. */
async function child(mode: string, cookie: string, secretKey: string, requests: number): Promise<void> {
  const app = express();
  app.disable("x-powered-by");
  let sink: unknown;
  const use = (handler: RequestHandler) => app.use(handler);
  if (mode === "noop") use((_req, _res, next) => next());
  if (mode === "store") use((req, _res, next) => (((req as { session?: unknown }).session = null), next()));
  if (mode === "wrap") {
    use((_req, res, next) => {
      const writeHead = res.writeHead;
      res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
        return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
      } as typeof res.writeHead;
      next();
    });
  }
  if (mode === "loads" || mode === "open") {
    const { FlaskSessions } = await import("../src/adapters/web.js");
    const sessions = new FlaskSessions({ secretKey });
    const serializer = sessions.sessionInterface.getSigningSerializer(sessions.config);
    const value = cookie;
    use((req, _res, next) => {
      sink = mode === "open" ? sessions.open(req) : serializer.loads(value, { maxAge: 31 * 24 * 3600 });
      next();
    });
  }
  if (mode === "session-read") {
    const { flaskSession } = await import("../src/adapters/express.js");
    use(flaskSession({ secretKey }) as RequestHandler);
  }
  app.get("/", (req, res) => {
    const session = (req as { session?: { get(key: string): unknown } | null }).session;
    res.send(session && session.get("_user_id") !== "42" ? "Hello stranger!" : "Hello World!");
  });

  let response = "";
  const socket = () =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        const text = chunk.toString("latin1");
        response = text.startsWith("HTTP/") ? text : response + text;
        callback();
      },
    });
  const request = () => {
    const s = socket();
    const req = new IncomingMessage(s as never);
    req.method = "GET";
    req.url = "/";
    req.httpVersionMajor = 1;
    req.httpVersionMinor = 1;
    req.httpVersion = "1.1";
    req.headers = { host: "127.0.0.1", connection: "keep-alive", cookie: `session=${cookie}` };
    req.complete = true;
    req.push(null);
    const res = new ServerResponse(req);
    res.shouldKeepAlive = true;
    res.assignSocket(s as never);
    (app as unknown as (req: IncomingMessage, res: ServerResponse) => void)(req, res);
  };
  const run = async (n: number) => {
    for (let i = 0; i < n; i++) {
      request();
      if ((i & 63) === 63) await new Promise(setImmediate);
    }
    await new Promise(setImmediate);
  };
  await run(20_000); // warm up
  if (!response.endsWith("Hello World!")) throw new Error(`${mode}: unexpected response: ${response}`);
  let scavenges = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) scavenges++;
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  const before = process.cpuUsage();
  await run(requests);
  const cpu = process.cpuUsage(before);
  await new Promise((resolve) => setTimeout(resolve, 50)); // the last GC entries
  observer.disconnect();
  process.stdout.write(
    JSON.stringify({ scavenges, requests, cpuUs: (cpu.user + cpu.system) / requests, sink: sink === undefined }) + "\n",
  );
}

async function main(): Promise<void> {
  const requests = Number(process.argv[2] ?? 100_000);
  const started = await PythonWorker.start();
  if (started.worker === null) throw new Error(`Python with Flask is needed for Flask's cookie: ${started.reason}`);
  started.worker.close();
  const { secretKey, cases } = started.cases;
  const cookie = cases.login!.cookie;
  const self = fileURLToPath(import.meta.url);
  console.log(
    `bytes allocated per request (from scavenges of a ${SEMI_SPACE_MIB} MiB young generation), ${requests} requests, login cookie:`,
  );
  let base = NaN;
  for (const mode of MODES) {
    const run = spawnSync(
      process.execPath,
      [
        `--max-semi-space-size=${SEMI_SPACE_MIB}`,
        `--min-semi-space-size=${SEMI_SPACE_MIB}`,
        self,
        "--child",
        mode,
        String(requests),
      ],
      {
        encoding: "utf8",
        env: { ...process.env, BENCH_COOKIE: cookie, BENCH_SECRET_KEY: secretKey },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    if (run.status !== 0) throw new Error(`${mode} failed (${run.status ?? run.signal})`);
    const result = JSON.parse(run.stdout) as { scavenges: number; requests: number; cpuUs: number };
    const kib = (result.scavenges * SEMI_SPACE_MIB * 1024) / result.requests;
    if (mode === "noop") base = kib;
    const step =
      mode === "hello" || mode === "noop" ? "" : `${kib - base >= 0 ? "+" : ""}${(kib - base).toFixed(1)} KiB over noop`;
    console.log(
      `${mode.padEnd(13)} ${kib.toFixed(1).padStart(6)} KiB  ${step.padEnd(20)} ${result.cpuUs.toFixed(1).padStart(7)} CPU µs`,
    );
  }
}

if (process.argv[2] === "--child") {
  await child(process.argv[3]!, process.env.BENCH_COOKIE!, process.env.BENCH_SECRET_KEY!, Number(process.argv[4]));
} else {
  await main();
}
