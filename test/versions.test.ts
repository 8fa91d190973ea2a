/**
 * `flaskVersion` (src/flask/versions.ts) beyond the fixtures: which versions are accepted, what
 * each release line's patches change, and the releases between the pinned ones, whose behaviour
 * comes from their sources. The Vary table of Flask 2.2.4 below was observed once in a throwaway
 * Flask 2.2.4 environment (test client, one request per row); 2.2.5 is in the fixtures.
 */
import { describe, expect, test } from "vitest";
import { FlaskSessions } from "../src/adapters/web.js";
import {
  FlaskSession,
  JSONTag,
  SecureCookieSessionInterface,
  TaggedJSONSerializer,
  Tuple,
  VERIFIED_FLASK_VERSIONS,
  flaskBehaviour,
  werkzeugBehaviour,
  type FlaskBehaviour,
} from "../src/index.js";

const T = 1_700_000_000;

describe("flaskBehaviour: the versions it takes", () => {
  test.each([
    ["3.1", "3.1.3"],
    ["3.1.0", "3.1.0"],
    ["3.1.2", "3.1.2"],
    ["3.1.7", "3.1.7"], // a later 3.1 release: as 3.1.3 until known otherwise
    ["3.0", "3.0.3"],
    ["2.3", "2.3.3"],
    ["2.3.2", "2.3.2"],
    ["2.2", "2.2.5"],
    ["2.2.0", "2.2.0"],
    ["02.03.1", "2.3.1"],
  ])("%s is Flask %s", (given, release) => {
    expect(flaskBehaviour(given).flask).toBe(release);
  });

  test("the default is the newest release line", () => {
    expect(flaskBehaviour()).toEqual(flaskBehaviour("3.1"));
  });

  test.each(["2.1", "2.1.3", "1.1.4", "3.2", "4.0", "2.2.6", "3.0.4", "2.3.4", "3", "3.1.x", " 3.1", "v3.1", "", "3.1.0.1"])(
    "%j is refused with a TypeError naming the verified releases",
    (given) => {
      expect(() => flaskBehaviour(given)).toThrow(TypeError);
      expect(() => flaskBehaviour(given)).toThrow(VERIFIED_FLASK_VERSIONS.join(", "));
    },
  );

  test("a version that is not a string is refused too", () => {
    expect(() => flaskBehaviour(3.1 as unknown as string)).toThrow(TypeError);
    expect(() => new SecureCookieSessionInterface({ flaskVersion: "3.2" })).toThrow(/flaskVersion "3.2" is not supported/);
    expect(() => new FlaskSessions({ secretKey: "k", flaskVersion: "1.1" })).toThrow(TypeError);
  });

  test("werkzeugVersion: the line of flaskVersion by default, or the release given", () => {
    expect(new SecureCookieSessionInterface({ flaskVersion: "2.2" }).werkzeugVersion).toBe("2.2");
    expect(new SecureCookieSessionInterface({ flaskVersion: "3.1.0" }).werkzeugVersion).toBe("3.1");
    expect(new SecureCookieSessionInterface({ flaskVersion: "2.2", werkzeugVersion: "2.3.8" }).werkzeugVersion).toBe("2.3.8");
    for (const bad of ["2.1.2", "x", "3"]) {
      expect(() => new SecureCookieSessionInterface({ werkzeugVersion: bad as never })).toThrow(TypeError);
    }
    expect(["2.2.3", "3.0.6", "3.1.0", "3.1"].map((v) => werkzeugBehaviour(v as never).emptySessionOnlyFromNone)).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });
});

describe("what each release changes (read from the sources of every release)", () => {
  const pick = (b: FlaskBehaviour) => [
    b.varyWhenAccessed,
    b.domainFromServerName,
    b.emptyDomainWritten,
    b.untag,
    b.sessionAccess,
    b.partitioned,
    b.signingKey,
  ];
  test.each([
    ["2.2.0", [false, true, false, "objectHook", "values", false, "secretKey"]],
    ["2.2.4", [false, true, false, "objectHook", "values", false, "secretKey"]],
    ["2.2.5", [true, true, false, "objectHook", "values", false, "secretKey"]],
    ["2.3.0", [false, false, false, "objectHook", "values", false, "secretKey"]],
    ["2.3.1", [false, false, false, "objectHook", "values", false, "secretKey"]],
    ["2.3.2", [true, false, false, "objectHook", "values", false, "secretKey"]],
    ["3.0.0", [true, false, false, "objectHook", "values", false, "secretKey"]],
    ["3.0.1", [true, false, true, "scan", "values", false, "secretKey"]],
    ["3.1.0", [true, false, true, "scan", "values", true, "lastFallback"]],
    ["3.1.1", [true, false, true, "scan", "values", true, "secretKey"]],
    ["3.1.2", [true, false, true, "scan", "values", true, "secretKey"]],
    ["3.1.3", [true, false, true, "scan", "any", true, "secretKey"]],
  ] as const)("%s", (release, expected) => {
    expect(pick(flaskBehaviour(release))).toEqual(expected);
  });
});

describe("Vary: Cookie before the fix of 2.2.5 / 2.3.2 (CVE-2023-30861)", () => {
  // [action, request cookie, Vary, Set-Cookie count], as real Flask 2.2.4 and 2.2.5 answered.
  const observed = {
    "2.2.4": [
      ["read", "none", null, 0],
      ["read", "plain", "Cookie", 0],
      ["read", "permanent", "Cookie", 1],
      ["clear", "none", null, 1],
      ["clear", "plain", null, 1],
      ["clear", "permanent", null, 1],
      ["set", "none", "Cookie", 1],
      ["set", "plain", "Cookie", 1],
      ["set", "permanent", "Cookie", 1],
      ["nothing", "none", null, 0],
      ["nothing", "plain", null, 0],
      ["nothing", "permanent", null, 1],
    ],
    "2.2.5": [
      ["read", "none", "Cookie", 0],
      ["read", "plain", "Cookie", 0],
      ["read", "permanent", "Cookie", 1],
      ["clear", "none", "Cookie", 1],
      ["clear", "plain", "Cookie", 1],
      ["clear", "permanent", "Cookie", 1],
      ["set", "none", "Cookie", 1],
      ["set", "plain", "Cookie", 1],
      ["set", "permanent", "Cookie", 1],
      ["nothing", "none", null, 0],
      ["nothing", "plain", null, 0],
      ["nothing", "permanent", "Cookie", 1],
    ],
  } as const;

  test.each(Object.entries(observed))("Flask %s", (release, rows) => {
    const sessions = new SecureCookieSessionInterface({ flaskVersion: release, now: () => T });
    const app = { secretKey: "k" };
    const cookies = {
      none: null,
      plain: sessions.getSigningSerializer(app).dumps({ user: "alice" }),
      permanent: sessions.getSigningSerializer(app).dumps({ user: "alice", _permanent: true }),
    };
    for (const [action, cookie, vary, sent] of rows) {
      const value = cookies[cookie];
      const session = sessions.openSession(app, value === null ? null : `session=${value}`);
      if (action === "read") session.get("user");
      else if (action === "clear") session.clear();
      else if (action === "set") session.set("user", "alice");
      const result = sessions.saveSession(app, session);
      expect([result.varyCookie ? "Cookie" : null, result.setCookie === null ? 0 : 1], `${action} with ${cookie}`).toEqual([
        vary,
        sent,
      ]);
    }
  });
});

describe("what counts as an access: any use from Flask 3.1.3, values before", () => {
  const uses: [string, (s: FlaskSession) => void][] = [
    ["has", (s) => s.has("a")],
    ["size", (s) => void s.size],
    ["keys", (s) => void [...s.keys()]],
    ["values", (s) => void [...s.values()]],
    ["entries", (s) => void [...s.entries()]],
    ["iteration", (s) => void [...s]],
    ["forEach", (s) => s.forEach(() => undefined)],
    ["toDict", (s) => void s.toDict()],
    ["JSON.stringify", (s) => void JSON.stringify(s)],
    ["delete of a missing key", (s) => s.delete("missing")],
    ["pop of a missing key", (s) => s.pop("missing")],
    ["modified = true", (s) => (s.modified = true)],
  ];
  test.each(uses)("%s", (_name, use) => {
    for (const [release, accessed] of [
      ["3.1.2", false],
      ["3.1.3", true],
    ] as const) {
      const session = new FlaskSession({ a: 1 }, { flaskVersion: release });
      use(session);
      expect(session.accessed, release).toBe(accessed);
    }
  });

  test("reading a value counts in every release; printing a session counts in none", async () => {
    const { inspect } = await import("node:util");
    for (const release of ["2.2", "3.1.2", "3.1.3"]) {
      const session = new FlaskSession({ a: 1 }, { flaskVersion: release });
      inspect(session);
      expect(session.accessed).toBe(false);
      session.get("a");
      expect(session.accessed).toBe(true);
    }
  });

  test("the session interface opens sessions that follow its flaskVersion", () => {
    for (const [release, vary] of [
      ["3.1.2", false],
      ["3.1.3", true],
    ] as const) {
      const sessions = new SecureCookieSessionInterface({ flaskVersion: release });
      const session = sessions.openSession({ secretKey: "k" }, null);
      session.has("user");
      expect(sessions.saveSession({ secretKey: "k" }, session).varyCookie).toBe(vary);
    }
  });
});

describe("tags of a duplicate key's dropped value: decoded up to 3.0.0, not from 3.0.1", () => {
  const text = '{"a":{" t":0},"a":1}';
  test("3.0.0 fails on the dropped bad tag (json's object_hook sees it)", () => {
    expect(new TaggedJSONSerializer({ flaskVersion: "3.0.0" }).untagMode).toBe("objectHook");
    expect(() => new TaggedJSONSerializer({ flaskVersion: "3.0.0" }).loads(text)).toThrow(TypeError);
  });
  test("3.0.1 never sees it", () => {
    expect(new TaggedJSONSerializer({ flaskVersion: "3.0.1" }).loads(text)).toEqual({ a: 1 });
    expect(new TaggedJSONSerializer().loads(text)).toEqual({ a: 1 });
  });
  test("both decode nested tags innermost first and keep __proto__ as data", () => {
    for (const release of ["3.0.0", "3.0.1"]) {
      const value = new TaggedJSONSerializer({ flaskVersion: release }).loads(
        '{"__proto__":{" t":[{" b":"AAE="}]},"x":[{" t":[]}]}',
      ) as Record<string, unknown>;
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.keys(value)).toEqual(["__proto__", "x"]);
      const own = Object.getOwnPropertyDescriptor(value, "__proto__")!.value as Tuple<[Uint8Array]>;
      expect(own).toBeInstanceOf(Tuple);
      expect([...own[0]!]).toEqual([0, 1]);
      expect(value.x).toEqual([new Tuple()]);
    }
  });
  test("a tag with the key '' is registered up to 3.0.0 only (Flask 3.0.1: `if key:`)", () => {
    class EmptyKeyTag extends JSONTag {
      override readonly key = "";
      check(): boolean {
        return false;
      }
      toJson(value: unknown): unknown {
        return value;
      }
      toPython(value: unknown): unknown {
        return value;
      }
    }
    for (const [release, registered] of [
      ["3.0.0", true],
      ["3.0.1", false],
    ] as const) {
      const serializer = new TaggedJSONSerializer({ flaskVersion: release });
      serializer.register(EmptyKeyTag);
      expect(serializer.tags.has(""), release).toBe(registered);
    }
  });
});

describe("keys, domains and partitioned cookies by release", () => {
  const rotated = { secretKey: "new", secretKeyFallbacks: ["older", "old"] };

  test("3.1.0 signs with the last fallback and says so once; 3.1.1 and older lines sign with secretKey", () => {
    const token = (release: string, warn: (m: string) => void = () => undefined) =>
      new SecureCookieSessionInterface({ flaskVersion: release, now: () => T, warn })
        .getSigningSerializer(rotated)
        .dumps({ a: 1 });
    const by = (key: string) =>
      new SecureCookieSessionInterface({ now: () => T }).getSigningSerializer({ secretKey: key }).dumps({ a: 1 });
    const warnings: string[] = [];
    const sessions = new SecureCookieSessionInterface({ flaskVersion: "3.1.0", now: () => T, warn: (w) => warnings.push(w) });
    expect(sessions.getSigningSerializer(rotated).dumps({ a: 1 })).toBe(by("old"));
    sessions.getSigningSerializer(rotated);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/GHSA-4grg-w6v8-c28g/);
    for (const release of ["3.1.1", "3.1", "3.0", "2.2"]) expect(token(release)).toBe(by("new"));
    // Every key verifies, whichever signs.
    for (const key of ["new", "older", "old"]) {
      expect(
        new SecureCookieSessionInterface({ flaskVersion: "3.1.0", now: () => T }).getSigningSerializer(rotated).loads(by(key)),
      ).toEqual({ a: 1 });
    }
  });

  test("an empty SESSION_COOKIE_DOMAIN: no Domain up to 3.0.0, Domain= from 3.0.1", () => {
    const header = (release: string) =>
      new SecureCookieSessionInterface({ flaskVersion: release, now: () => T }).saveSession(
        { secretKey: "k", sessionCookieDomain: "" },
        new FlaskSession().set("a", 1),
      ).setCookie!;
    expect(header("3.0.0")).not.toContain("Domain");
    expect(header("3.0.1")).toContain("; Domain=;");
  });

  test("serverName gives the domain with Flask 2.2 only", () => {
    const domain = (release: string) =>
      new SecureCookieSessionInterface({ flaskVersion: release }).getCookieDomain({
        secretKey: "k",
        serverName: "example.com:5000",
      });
    expect(domain("2.2")).toBe(".example.com");
    expect(domain("2.3")).toBeNull();
    expect(
      new SecureCookieSessionInterface({ flaskVersion: "2.2" }).getCookieDomain({
        secretKey: "k",
        serverName: "example.com",
        sessionCookieDomain: false,
      }),
    ).toBeNull();
  });

  test("a partitioned cookie needs Flask 3.1: FlaskSessions refuses it at once for an older Flask", () => {
    expect(() => new FlaskSessions({ secretKey: "k", sessionCookiePartitioned: true, flaskVersion: "3.0" })).toThrow(
      /SESSION_COOKIE_PARTITIONED/,
    );
    expect(() => new FlaskSessions({ secretKey: "k", sessionCookiePartitioned: true })).not.toThrow();
    expect(() => new FlaskSessions({ secretKey: "k", sessionCookiePartitioned: false, flaskVersion: "2.2" })).not.toThrow();
  });
});
