/**
 * Records written by real Flask-Session (fixtures/<env>/flask-session.json, from
 * scripts/gen_flask_session_fixtures.py): 0.8 with msgspec (MessagePack and JSON, signer on and
 * off), 0.6, 0.5 and 0.4 (pickle), and cachelib's FileSystemCache and RedisCache. Node reads each
 * record with the types Flask-Session itself reads back, and opens the session from the cookie.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { MemoryStore, MsgSpecSerializer, ServerSideSessionInterface, sessionDictOf } from "../helpers/flask-session.js";
import { CacheLibFileSystemStore, CacheLibRedisStore } from "../../src/stores/index.js";
import { hexToBytes } from "../helpers/typed.js";
import { expectSessionTyped, fromSessionTyped, type SessionTyped } from "../helpers/session-typed.js";

interface Case {
  name: string;
  config: { SESSION_USE_SIGNER?: boolean; SESSION_SERIALIZATION_FORMAT?: "msgpack" | "json"; SESSION_TYPE: string };
  cookie: string;
  sid: string;
  storeKey: string;
  record: string;
  hashMethod?: "sha256" | "md5";
  readBack: { dict: [string, SessionTyped][] };
}
interface Fixture {
  generatedBy: Record<string, string | null>;
  secretKey: string;
  lifetime: number;
  cases: Case[];
}

const fixturesDir = new URL("../../fixtures/", import.meta.url).pathname;
const fixtures = readdirSync(fixturesDir)
  .filter((env) => existsSync(join(fixturesDir, env, "flask-session.json")))
  .map((env) => [env, JSON.parse(readFileSync(join(fixturesDir, env, "flask-session.json"), "utf8")) as Fixture] as const);

const work = mkdtempSync(join(tmpdir(), "fsc-fs-fixtures-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The store holding the case's record where the Flask app left it. */
function storeFor(c: Case, lifetime: number): { store: import("../../src/index.js").SessionStore; key: string } {
  const record = hexToBytes(c.record);
  if (c.name === "cachelib-filesystem") {
    const directory = mkdtempSync(join(work, "fs-"));
    // cachelib's file starts with its expiry time (now + the lifetime when it was written): read
    // it at the moment it was written, not today, or the recorded file has long expired.
    const writtenAt = new DataView(record.buffer, record.byteOffset, 4).getUint32(0, true) - lifetime;
    const store = new CacheLibFileSystemStore({ directory, hashMethod: c.hashMethod ?? "sha256", now: () => writtenAt });
    writeFileSync(store.fileFor(c.storeKey), record);
    return { store, key: c.storeKey };
  }
  const memory = new MemoryStore();
  memory.set(c.storeKey, record, 3600);
  if (c.name === "cachelib-redis") {
    return {
      store: new CacheLibRedisStore(
        { get: async (k) => memory.get(k), delete: async (k) => memory.delete(k) },
        { keyPrefix: "cache:" },
      ),
      key: c.storeKey.slice("cache:".length),
    };
  }
  return { store: memory, key: c.storeKey };
}

test("every version's fixtures are there", () => {
  expect(fixtures.map(([env]) => env).sort()).toEqual(
    expect.arrayContaining(["flask-3.1", "flask-session-0.4", "flask-session-0.5", "flask-session-0.6"]),
  );
  for (const [, fixture] of fixtures) expect(fixture.generatedBy["flask-session"]).toMatch(/^0\.\d+\.\d+$/);
});

describe.each(fixtures)("%s", (_env, fixture) => {
  test.each(fixture.cases.map((c) => [c.name, c] as const))(
    "%s: the record reads with Flask-Session's types",
    async (_name, c) => {
      const { store, key } = storeFor(c, fixture.lifetime);
      const format = c.config.SESSION_SERIALIZATION_FORMAT ?? "msgpack";
      const record = await store.get(key);
      expect(record).not.toBeNull();
      const data = sessionDictOf(new MsgSpecSerializer({ format }).decode(record!));
      expectSessionTyped(data, c.readBack);
    },
  );

  test.each(fixture.cases.map((c) => [c.name, c] as const))(
    "%s: the cookie opens the session (signed or not)",
    async (_name, c) => {
      const { store } = storeFor(c, fixture.lifetime);
      const sessions = new ServerSideSessionInterface({ store });
      const app = {
        secretKey: fixture.secretKey,
        sessionUseSigner: c.config.SESSION_USE_SIGNER ?? false,
        sessionSerializationFormat: c.config.SESSION_SERIALIZATION_FORMAT,
        sessionKeyPrefix: c.name === "cachelib-redis" ? "session:" : "session:",
      };
      const session = await sessions.openSession(app, `other=1; session=${c.cookie}`);
      expect(session.loadError).toBeNull();
      expect(session.new).toBe(false);
      expect(session.sid).toBe(c.sid);
      expectSessionTyped(session.toDict(), c.readBack);
      expect(session.modified).toBe(false);

      // A tampered signature (or an unknown id) opens a fresh, empty session with a new id.
      const tampered = c.config.SESSION_USE_SIGNER
        ? c.cookie.slice(0, -2) + (c.cookie.endsWith("AA") ? "BB" : "AA")
        : c.cookie + "x";
      const other = await sessions.openSession(app, `session=${tampered}`);
      expect(other.new).toBe(true);
      expect(other.sid).not.toBe(c.sid);
      expect([...other.keys()]).toEqual(["_permanent"]);
      if (c.config.SESSION_USE_SIGNER) expect(other.loadError?.code).toBe("ERR_BAD_SIGNATURE");
    },
  );

  test.each(fixture.cases.filter((c) => c.config.SESSION_SERIALIZATION_FORMAT === "json").map((c) => [c.name, c] as const))(
    "%s: Node writes the same JSON bytes back",
    (_name, c) => {
      const data = fromSessionTyped(c.readBack);
      const ours = new TextDecoder().decode(new MsgSpecSerializer({ format: "json" }).encode(data));
      // The one documented difference: Python's 3.0 is the JavaScript number 3, written as an int.
      const python = new TextDecoder().decode(hexToBytes(c.record)).replace('"integral_float":3.0,', '"integral_float":3,');
      expect(ours).toBe(python);
    },
  );
});
