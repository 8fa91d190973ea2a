/**
 * `npm run bench:flask-session`: a server-side session opened (GET + decode) and saved (encode +
 * SET with its TTL) through one Redis, by Node (ServerSideSessionInterface's store and serializer,
 * ioredis) and by Flask-Session 0.8 (RedisSessionInterface, redis-py), in the same run on the same
 * redis-server, one request at a time (wall time per call: a round trip dominates); and the
 * msgspec codec alone on each side. Needs redis-server and the flask-3.1 Python environment.
 */
import { spawn, spawnSync } from "node:child_process";
import { connect, createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { MsgSpecSerializer, Tuple, UUID } from "../src/index.js";
import { RedisStore } from "../src/stores/index.js";
import { sink, timeLoop } from "./timing.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const N = Number(process.env.BENCH_ITERATIONS ?? 2000);

/** A typical logged-in session (Flask-Login, Flask-WTF, a flash, a cart). */
const SESSION = {
  _permanent: true,
  _user_id: "42",
  _fresh: true,
  _id: "a".repeat(128),
  csrf_token: "b".repeat(40),
  _flashes: [new Tuple("success", "You are logged in.")],
  cart: [{ sku: "TEA-1", qty: 2, price: 4.5 }],
  visited: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
  order: new UUID("12345678123456781234567812345678"),
};
const TYPED = {
  dict: [
    ["_permanent", true],
    ["_user_id", "42"],
    ["_fresh", true],
    ["_id", "a".repeat(128)],
    ["csrf_token", "b".repeat(40)],
    ["_flashes", { list: [{ tuple: ["success", "You are logged in."] }] }],
    [
      "cart",
      {
        list: [
          {
            dict: [
              ["sku", "TEA-1"],
              ["qty", { int: "2" }],
              ["price", { float: "4.5" }],
            ],
          },
        ],
      },
    ],
    ["visited", { datetime_us: "1704164645000000" }],
    ["order", { uuid: "12345678123456781234567812345678" }],
  ],
};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function perCall(fn: () => Promise<unknown>, calls: number): Promise<number> {
  for (let i = 0; i < Math.min(calls, 200); i++) await fn();
  const start = performance.now();
  for (let i = 0; i < calls; i++) await fn();
  return ((performance.now() - start) / calls) * 1000;
}

async function main(): Promise<void> {
  const python = spawnSync("node", [`${ROOT}/scripts/venvs.mjs`, "path", "flask-3.1"], { encoding: "utf8" }).stdout.trim();
  const port = await freePort();
  const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  for (let i = 0; !(await listening(port)); i++) {
    if (i > 200) throw new Error("redis-server did not start");
    await new Promise((r) => setTimeout(r, 50));
  }
  const client = new Redis({ port, host: "127.0.0.1", lazyConnect: true });
  try {
    await client.connect();
    const store = new RedisStore(client);
    const serializer = new MsgSpecSerializer();
    const key = "session:bench-node";
    await store.set(key, serializer.encode(SESSION), 3600);
    const record = serializer.encode(SESSION);
    const node = {
      open: await perCall(async () => serializer.decode((await store.get(key))!), N),
      save: await perCall(() => store.set(key, serializer.encode(SESSION), 3600), N),
      decode: timeLoop(() => serializer.decode(record), 1).us,
      encode: timeLoop(() => serializer.encode(SESSION), 1).us,
      recordBytes: record.length,
    };
    const run = spawnSync(python, [`${ROOT}/scripts/bench_flask_session.py`, String(port), String(N), JSON.stringify(TYPED)], {
      encoding: "utf8",
    });
    if (run.status !== 0) throw new Error(run.stderr);
    const flask = JSON.parse(run.stdout) as typeof node;
    const rows = (["open", "save", "decode", "encode"] as const).map((what) => ({
      what: what === "open" || what === "save" ? `${what} through Redis (µs/call, wall)` : `msgspec ${what} only (µs/call)`,
      node: Number(node[what].toFixed(2)),
      "flask-session": Number(flask[what].toFixed(2)),
    }));
    console.table(rows);
    console.log(`record: ${node.recordBytes} bytes (Node), ${flask.recordBytes} bytes (Flask-Session); ${N} round trips each`);
    void sink;
  } finally {
    client.disconnect();
    server.kill("SIGTERM");
  }
}

await main();
