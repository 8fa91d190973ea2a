/**
 * Live: a real Flask app with Flask-Session 0.8 (scripts/flask_session_app.py) and a Node app on
 * each adapter share one browser cookie jar and one store: Redis (ioredis and node-redis clients),
 * then Memcached and PostgreSQL. Whatever one side writes the other reads with Python's types
 * (as msgspec brings them back); logging out on either side ends the session for both; records
 * expire with their time to live; a tampered or unknown session id opens an empty session.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Redis } from "ioredis";
import { createClient } from "redis";
import memjs from "memjs";
import pg from "pg";
import { MemcachedStore, RedisStore, SqlAlchemyStore } from "../../src/stores/index.js";
import type { ServerSideSessionOptions } from "../../src/adapters/web.js";
import { findPython } from "../../scripts/python.mjs";
import { Browser, parseSetCookie } from "../helpers/browser.js";
import { startFlask, type FlaskServer } from "../helpers/flask-server.js";
import { startNodeApp, type Framework, type NodeApp } from "../helpers/node-apps.js";
import { missing } from "../helpers/requirement.js";
import { haveServer, startMemcached, startPostgres, startRedis, type TestServer } from "../helpers/servers.js";
import type { Typed } from "../helpers/typed.js";

const SUITE = "test/live/flask-session.test.ts (Flask-Session on real stores)";
const APP = new URL("../../scripts/flask_session_app.py", import.meta.url).pathname;
const python = findPython("flask-3.1")?.python ?? (missing(SUITE, "the flask-3.1 Python environment (npm run pyenv)") || null);
const LIFETIME = 3600;
const KEY = "live-flask-session-key";

/** Values of the types a session holds, and what Flask-Session reads back (msgspec's losses). */
const VALUES: [string, Typed, Typed][] = [
  ["text", "h\u00e9llo \u2603 \u{1d11e}", "h\u00e9llo \u2603 \u{1d11e}"],
  ["snowflake", { int: "1234567890123456789" }, { int: "1234567890123456789" }],
  ["uint64", { int: "18446744073709551615" }, { int: "18446744073709551615" }],
  ["float", { float: "1.5" }, { float: "1.5" }],
  ["bytes", { bytes: "00ff10" }, { bytes: "00ff10" }],
  ["tuple", { tuple: ["a", { int: "1" }] }, { list: ["a", { int: "1" }] }],
  ["uuid", { uuid: "12345678123456781234567812345678" }, "12345678-1234-5678-1234-567812345678"],
  ["when", { datetime: 1700000000 }, { datetime: 1700000000 }],
  [
    "nested",
    {
      dict: [
        ["__proto__", "data"],
        ["10", { list: [null, true] }],
      ],
    },
    {
      dict: [
        ["__proto__", "data"],
        ["10", { list: [null, true] }],
      ],
    },
  ],
];
const SET: Typed = { dict: VALUES.map(([k, v]) => [k, v] as [string, Typed]) };

const entry = (typed: { dict: [string, Typed][] }, key: string) => typed.dict.find(([k]) => k === key)?.[1];

/** The cookie's attributes without its value (the session ids differ). */
const attributesOf = (header: string) => header.slice(header.indexOf(";"));

interface Pair {
  flask: FlaskServer;
  node: NodeApp;
  storeKey(sid: string): string;
  ttl(sid: string): Promise<number | null>;
}

/** The shared checks, on a Flask app and a Node app that share a store. */
function sharedSessionTests(get: () => Pair) {
  test("Flask logs in; Node reads the same session, type for type", async () => {
    const { flask, node } = get();
    const browser = new Browser();
    await browser.request(flask, "POST", "/login", { user_id: "42" });
    const flaskView = await browser.request(flask, "GET", "/session");
    const nodeView = await browser.request(node, "GET", "/session");
    expect(nodeView.body).toMatchObject({ new: false, loadError: null });
    expect(nodeView.body.session).toEqual(flaskView.body.session);
    expect(node.last!.get("_user_id")).toBe("42");
    expect(node.last!.get("_flashes")).toEqual([["success", "You are logged in."]]); // tuples come back as lists
  });

  test("Node writes values of every type; Flask reads them with Python's types", async () => {
    const { flask, node } = get();
    const browser = new Browser();
    await browser.request(flask, "POST", "/login", { user_id: "7" });
    await browser.request(node, "POST", "/session", { set: SET });
    const flaskView = await browser.request(flask, "GET", "/session");
    expect(flaskView.status).toBe(200);
    for (const [key, , readBack] of VALUES) {
      const got = entry(flaskView.body.session, key);
      if (readBack !== null && typeof readBack === "object")
        expect(got, key).toMatchObject(readBack); // (a datetime also has "iso")
      else expect(got, key).toEqual(readBack);
    }
    expect(entry(flaskView.body.session, "_user_id")).toBe("7");
    // And Flask's changes are seen by Node.
    await browser.request(flask, "POST", "/session", { set: { dict: [["cart", { list: ["tea"] }]] } });
    await browser.request(node, "GET", "/session");
    expect(node.last!.get("cart")).toEqual(["tea"]);
    expect(node.last!.get("snowflake")).toBe(1234567890123456789n);
  });

  test("both sides set the same cookie attributes and time to live", async () => {
    const { flask, node, ttl } = get();
    const fromFlask = await new Browser().request(flask, "POST", "/session", { set: { dict: [["a", { int: "1" }]] } });
    const fromNode = await new Browser().request(node, "POST", "/session", { set: { dict: [["a", { int: "1" }]] } });
    expect(fromNode.setCookie).toHaveLength(1);
    expect(attributesOf(fromNode.setCookie[0]!)).toBe(
      attributesOf(fromFlask.setCookie[0]!).replace(
        /Expires=[^;]+/,
        attributesOf(fromNode.setCookie[0]!).match(/Expires=[^;]+/)![0],
      ),
    );
    expect(fromNode.vary).toBe(fromFlask.vary);
    for (const response of [fromFlask, fromNode]) {
      const sid = parseSetCookie(response.setCookie[0]!).value;
      const left = await ttl(sid);
      if (left !== null) expect(left).toBeGreaterThan(LIFETIME - 30);
      if (left !== null) expect(left).toBeLessThanOrEqual(LIFETIME);
    }
  });

  test("Node logs out: the cookie and the record are gone; Flask sees an empty session", async () => {
    const { flask, node, ttl } = get();
    const browser = new Browser();
    await browser.request(flask, "POST", "/login", { user_id: "42" });
    const sid = (await browser.cookie("session"))!;
    const logout = await browser.request(node, "POST", "/logout");
    expect(logout.setCookie[0]).toMatch(/^session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=\//);
    expect(await browser.cookie("session")).toBeUndefined();
    expect(await ttl(sid)).toBeNull();
    expect((await browser.request(flask, "GET", "/session")).body.session).toEqual({ dict: [["_permanent", true]] });
    // Flask's own logout sends the same deletion cookie.
    const other = new Browser();
    await other.request(node, "POST", "/login", { user_id: "1" });
    expect((await other.request(flask, "POST", "/logout")).setCookie).toEqual(logout.setCookie);
    expect((await other.request(node, "GET", "/session")).body).toMatchObject({ new: true });
  });

  test("a tampered or unknown session id opens an empty session on both sides", async () => {
    const { flask, node } = get();
    const browser = new Browser();
    await browser.request(node, "POST", "/login", { user_id: "42" });
    const sid = (await browser.cookie("session"))!;
    for (const forged of [sid.slice(0, -1) + (sid.endsWith("A") ? "B" : "A"), "unknown", "../../etc/passwd"]) {
      await browser.plant("session", forged);
      expect((await browser.request(node, "GET", "/session")).body).toMatchObject({
        new: true,
        session: { dict: [["_permanent", true]] },
      });
      expect((await browser.request(flask, "GET", "/session")).body.session).toEqual({ dict: [["_permanent", true]] });
    }
  });
}

describe.skipIf(!python)("live: Flask-Session on Redis", () => {
  let redis: TestServer | undefined;
  let flask: FlaskServer | undefined;
  let admin: Redis | undefined;
  const have = haveServer(SUITE, "redis");
  const clients: { close(): Promise<unknown> }[] = [];

  beforeAll(async () => {
    if (!have) return;
    redis = await startRedis();
    admin = new Redis({ host: redis.host, port: redis.port, lazyConnect: true });
    await admin.connect();
    flask = await startFlask(
      python!,
      {
        SECRET_KEY: KEY,
        SESSION_TYPE: "redis",
        REDIS_URL: `redis://${redis.host}:${redis.port}/0`,
        PERMANENT_SESSION_LIFETIME: LIFETIME,
      },
      { app: APP },
    );
  }, 60_000);

  afterAll(async () => {
    await flask?.stop();
    await Promise.all(clients.map((c) => c.close()));
    admin?.disconnect();
    await redis?.stop();
  });

  /** A RedisStore on the shared Redis, through ioredis or node-redis. */
  async function storeFor(client: "ioredis" | "redis") {
    if (client === "ioredis") {
      const c = new Redis({ host: redis!.host, port: redis!.port, lazyConnect: true });
      await c.connect();
      clients.push({ close: async () => c.disconnect() });
      return new RedisStore(c);
    }
    const c = await createClient({ url: `redis://${redis!.host}:${redis!.port}` }).connect();
    clients.push({ close: () => c.close() });
    return new RedisStore(c);
  }

  const FRAMEWORKS: [Framework, "ioredis" | "redis"][] = [
    ["express", "ioredis"],
    ["koa", "redis"],
    ["fastify", "ioredis"],
    ["fetch", "redis"],
  ];

  describe.skipIf(!have).each(FRAMEWORKS)("%s (%s)", (framework, client) => {
    let node: NodeApp | undefined;
    beforeAll(async () => {
      const options: ServerSideSessionOptions = { store: await storeFor(client), permanentSessionLifetime: LIFETIME };
      node = await startNodeApp(framework, options);
    });
    afterAll(async () => node?.close());
    sharedSessionTests(() => ({
      flask: flask!,
      node: node!,
      storeKey: (sid) => `session:${sid}`,
      ttl: async (sid) => {
        const left = await admin!.ttl(`session:${sid}`);
        return left < 0 ? null : left;
      },
    }));
  });

  test.skipIf(!have)("records expire with their time to live, on both sides", async () => {
    const short = await startFlask(
      python!,
      {
        SECRET_KEY: KEY,
        SESSION_TYPE: "redis",
        REDIS_URL: `redis://${redis!.host}:${redis!.port}/0`,
        PERMANENT_SESSION_LIFETIME: 1,
      },
      { app: APP },
    );
    const node = await startNodeApp("express", { store: await storeFor("ioredis"), permanentSessionLifetime: 1 });
    try {
      const fromFlask = new Browser();
      await fromFlask.request(short, "POST", "/login", { user_id: "42" });
      const fromNode = new Browser();
      await fromNode.request(node, "POST", "/login", { user_id: "42" });
      expect((await fromFlask.request(node, "GET", "/session")).body.new).toBe(false); // (and refreshes the TTL)
      await new Promise((r) => setTimeout(r, 1600));
      expect((await fromFlask.request(node, "GET", "/session")).body.new).toBe(true);
      expect((await fromNode.request(short, "GET", "/session")).body.session).toEqual({ dict: [["_permanent", true]] });
    } finally {
      await node.close();
      await short.stop();
    }
  });
});

describe.skipIf(!python)("live: Flask-Session on Memcached", () => {
  const have = haveServer(SUITE, "memcached");
  let server: TestServer | undefined;
  let flask: FlaskServer | undefined;
  let node: NodeApp | undefined;
  let client: memjs.Client | undefined;
  beforeAll(async () => {
    if (!have) return;
    server = await startMemcached();
    client = memjs.Client.create(`${server.host}:${server.port}`, { logger: { log: () => {} } });
    flask = await startFlask(
      python!,
      {
        SECRET_KEY: KEY,
        SESSION_TYPE: "memcached",
        MEMCACHED_SERVER: `${server.host}:${server.port}`,
        PERMANENT_SESSION_LIFETIME: LIFETIME,
      },
      { app: APP },
    );
    node = await startNodeApp("express", { store: new MemcachedStore(client), permanentSessionLifetime: LIFETIME });
  }, 60_000);
  afterAll(async () => {
    await node?.close();
    await flask?.stop();
    client?.close();
    await server?.stop();
  });
  describe.skipIf(!have)("express", () => {
    sharedSessionTests(() => ({
      flask: flask!,
      node: node!,
      storeKey: (sid) => `session:${sid}`,
      ttl: async (sid) => ((await client!.get(`session:${sid}`)).value ? LIFETIME : null),
    }));
  });
});

describe.skipIf(!python)("live: Flask-Session on PostgreSQL (the SQLAlchemy table)", () => {
  const have = haveServer(SUITE, "postgresql");
  let server: (TestServer & { url: string }) | undefined;
  let flask: FlaskServer | undefined;
  let node: NodeApp | undefined;
  let pool: pg.Pool | undefined;
  beforeAll(async () => {
    if (!have) return;
    server = await startPostgres();
    pool = new pg.Pool({ connectionString: server.url, max: 2 });
    // Flask-Session creates the table at start-up; the Node app uses it as it is.
    flask = await startFlask(
      python!,
      {
        SECRET_KEY: KEY,
        SESSION_TYPE: "sqlalchemy",
        SQLALCHEMY_DATABASE_URI: server.url.replace("postgresql:", "postgresql+psycopg2:"),
        PERMANENT_SESSION_LIFETIME: LIFETIME,
      },
      { app: APP },
    );
    node = await startNodeApp("koa", { store: new SqlAlchemyStore(pool), permanentSessionLifetime: LIFETIME });
  }, 90_000);
  afterAll(async () => {
    await node?.close();
    await flask?.stop();
    await pool?.end();
    await server?.stop();
  });
  describe.skipIf(!have)("koa", () => {
    sharedSessionTests(() => ({
      flask: flask!,
      node: node!,
      storeKey: (sid) => `session:${sid}`,
      ttl: async (sid) => {
        const { rows } = await pool!.query(
          "SELECT EXTRACT(EPOCH FROM expiry - (now() AT TIME ZONE 'utc'))::int AS left FROM sessions WHERE session_id = $1",
          [`session:${sid}`],
        );
        return rows[0] ? Number(rows[0].left) : null;
      },
    }));
  });
});

describe.skipIf(!python)("live: Flask-Session on SQLite (the SQLAlchemy table, better-sqlite3)", () => {
  let folder: string | undefined;
  let flask: FlaskServer | undefined;
  let node: NodeApp | undefined;
  let db: import("better-sqlite3").Database | undefined;
  beforeAll(async () => {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { default: Database } = await import("better-sqlite3");
    folder = mkdtempSync(`${tmpdir()}/fsc-sqlite-`);
    const file = `${folder}/sessions.db`;
    flask = await startFlask(
      python!,
      {
        SECRET_KEY: KEY,
        SESSION_TYPE: "sqlalchemy",
        SQLALCHEMY_DATABASE_URI: `sqlite:///${file}`,
        PERMANENT_SESSION_LIFETIME: LIFETIME,
      },
      { app: APP },
    );
    db = new Database(file);
    db.pragma("busy_timeout = 5000");
    node = await startNodeApp("fastify", { store: new SqlAlchemyStore(db), permanentSessionLifetime: LIFETIME });
  }, 60_000);
  afterAll(async () => {
    await node?.close();
    await flask?.stop();
    db?.close();
    if (folder) (await import("node:fs")).rmSync(folder, { recursive: true, force: true });
  });
  describe("fastify", () => {
    sharedSessionTests(() => ({
      flask: flask!,
      node: node!,
      storeKey: (sid) => `session:${sid}`,
      ttl: async (sid) => {
        const row = db!.prepare("SELECT expiry FROM sessions WHERE session_id = ?").get(`session:${sid}`) as
          { expiry: string } | undefined;
        return row ? Math.round((Date.parse(row.expiry.replace(" ", "T") + "Z") - Date.now()) / 1000) : null;
      },
    }));
  });
});
