/**
 * Live interop: a real Flask app (scripts/flask_app.py on a free loopback port) and a Node app on
 * each supported framework share one session through one browser cookie jar. Whatever one side
 * writes, the other reads with the same values and Python types; clearing, key rotation, expiry
 * and tampering get the same verdict on both sides; and both send the same cookie, attribute for
 * attribute, so a browser keeps exactly one.
 *
 * Across Flask versions: every adapter against the oldest and the newest pinned Flask (2.2 and
 * 3.1), and the session interface itself (FlaskSessions, through a fetch handler) against every
 * one, each Node app configured with `flaskVersion` = the Flask it talks to. The Flask servers of
 * one version start together; the versions run one after the other.
 *
 * Both sides run on a fixed clock (Flask's FIXED_TIME and /clock, our `now` option), so the same
 * change at the same second gives the same cookie, byte for byte, and expiry needs no sleeping.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { FlaskSessionOptions } from "../../src/adapters/web.js";
import { FlaskSessions } from "../../src/adapters/web.js";
import { Tuple, flaskBehaviour, type WerkzeugVersion } from "../../src/index.js";
import { Browser, parseSetCookie } from "../helpers/browser.js";
import { FIXTURE_ENVS } from "../helpers/fixtures.js";
import { flaskPython, startFlask, type FlaskServer } from "../helpers/flask-server.js";
import { setCookieFor } from "../helpers/http.js";
import { FRAMEWORKS, startNodeApp, type Framework, type NodeApp } from "../helpers/node-apps.js";
import { expectTyped, fromTyped, type Typed } from "../helpers/typed.js";

/** Each pinned Flask and the Node sides tested against it: every adapter at both ends, else the session interface. */
const MATRIX = FIXTURE_ENVS.map((env, i) => {
  const frameworks: readonly Framework[] = i === 0 || i === FIXTURE_ENVS.length - 1 ? FRAMEWORKS : ["fetch"];
  return [env, frameworks] as const;
});

const T = Math.floor(Date.now() / 1000); // both sides' clock; recent, so the jar keeps permanent cookies
const LIFETIME = 3600;
const OLD_KEY = "live-interop-old-key";
const NEW_KEY = "live-interop-new-key";

/** The same app, configured for Flask (its own names) and for Node (camelCase). */
const CONFIGS = {
  /** Defaults, except a short lifetime. */
  plain: {
    flask: { SECRET_KEY: OLD_KEY, PERMANENT_SESSION_LIFETIME: LIFETIME },
    node: { secretKey: OLD_KEY, permanentSessionLifetime: LIFETIME },
  },
  /** After a key rotation: the new key signs, the old one still verifies. */
  rotated: {
    flask: { SECRET_KEY: NEW_KEY, SECRET_KEY_FALLBACKS: [OLD_KEY], PERMANENT_SESSION_LIFETIME: LIFETIME },
    node: { secretKey: NEW_KEY, secretKeyFallbacks: [OLD_KEY], permanentSessionLifetime: LIFETIME },
  },
  /** Every cookie attribute changed from its default (a domain without a leading dot, which Werkzeug 2.3+ would drop). */
  attributes: {
    flask: {
      SECRET_KEY: OLD_KEY,
      SESSION_COOKIE_NAME: "shop_session",
      SESSION_COOKIE_DOMAIN: "shop.test",
      SESSION_COOKIE_PATH: "/shop",
      SESSION_COOKIE_HTTPONLY: false,
      SESSION_COOKIE_SECURE: true,
      SESSION_COOKIE_SAMESITE: "Lax",
    },
    node: {
      secretKey: OLD_KEY,
      sessionCookieName: "shop_session",
      sessionCookieDomain: "shop.test",
      sessionCookiePath: "/shop",
      sessionCookieHttponly: false,
      sessionCookieSecure: true,
      sessionCookieSamesite: "Lax",
    },
  },
  /** A domain with a leading dot, which Werkzeug 2.2 writes as it is and 2.3+ without the dot. */
  dotted: {
    flask: { SECRET_KEY: OLD_KEY, SESSION_COOKIE_DOMAIN: ".shop.test" },
    node: { secretKey: OLD_KEY, sessionCookieDomain: ".shop.test" },
  },
} satisfies Record<string, { flask: Record<string, unknown>; node: FlaskSessionOptions }>;
type ConfigName = keyof typeof CONFIGS;

/** Values of every Python type a session holds, with their edges. */
const VALUES = {
  dict: [
    ["tuple", { tuple: ["a", { int: "1" }, { tuple: [] }] }],
    ["bytes", { bytes: "00ff10" }],
    ["big", { int: "123456789012345678901234567890" }],
    ["negative_big", { int: "-18446744073709551617" }],
    ["snowflake", { int: "1234567890123456789" }],
    ["float", { float: "1.5" }],
    ["tiny", { float: "1e-05" }],
    ["nan", { float: "nan" }],
    ["markup", { markup: "<b>bold</b> &amp; safe" }],
    ["uuid", { uuid: "12345678123456781234567812345678" }],
    ["when", { datetime: 1700000000 }],
    ["text", "h\u00e9llo \u2603 \u{1d11e}"],
    // Keys in sorted order: Flask writes the cookie with sorted keys, so that is the order read back.
    [
      "nested",
      {
        dict: [
          ["__proto__", "data"],
          ["list", { list: [{ int: "1" }, "two"] }],
          ["none", null],
          ["yes", true],
        ],
      },
    ],
    ["tag_like_key", { dict: [[" t", { list: [{ int: "1" }] }]] }],
    ["history", { list: [{ tuple: ["page", "/cart"] }, { tuple: ["page", "/pay"] }] }],
    ["long", "x".repeat(600)], // the cookie is compressed
  ] as [string, Typed][],
} satisfies Typed;

/** The typed value Python reported for `key` in a typed session dict. */
function entry(typedSession: { dict: [string, Typed][] }, key: string): Typed {
  const found = typedSession.dict.find(([k]) => k === key);
  if (!found)
    throw new Error(`Python's session has no key ${JSON.stringify(key)}: ${JSON.stringify(typedSession.dict.map(([k]) => k))}`);
  return found[1];
}

const keysOf = (typedSession: { dict: [string, Typed][] }) => typedSession.dict.map(([k]) => k);

describe.each(MATRIX)("live: a real Flask app (%s) and a Node app share one session", (env, frameworks) => {
  const found = flaskPython(`test/live/interop.test.ts (live interop with a real Flask app, ${env})`, env);
  const python = found?.python ?? null;
  /** The Flask release on the other side: the Node apps are configured for it. */
  const flaskVersion = found?.flask ?? flaskBehaviour().flask;
  const werkzeugVersion = (found?.werkzeug ?? "3.1") as WerkzeugVersion;
  const behaviour = flaskBehaviour(flaskVersion);
  const flask = {} as Record<ConfigName, FlaskServer>;
  if (!python) {
    test.skip(`needs the ${env} Python environment`, () => {});
    return;
  }

  beforeAll(async () => {
    const names = Object.keys(CONFIGS) as ConfigName[];
    const started = await Promise.allSettled(names.map((name) => startFlask(python!, { ...CONFIGS[name].flask, FIXED_TIME: T })));
    started.forEach((result, i) => {
      if (result.status === "fulfilled") flask[names[i]!] = result.value;
    });
    const failed = started.find((result) => result.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }, 60_000);

  afterAll(async () => {
    await Promise.all(Object.values(flask).map((server) => server.stop()));
  });

  describe.each(frameworks)("%s", (framework) => {
    const node = {} as Record<ConfigName, NodeApp>;
    /** What the Node apps' session interfaces said through `warn`. */
    const warnings: string[] = [];

    beforeAll(async () => {
      for (const name of Object.keys(CONFIGS) as ConfigName[]) {
        node[name] = await startNodeApp(framework, {
          ...CONFIGS[name].node,
          flaskVersion,
          werkzeugVersion,
          warn: (w) => warnings.push(w),
        });
        node[name].clock.now = T;
      }
    });
    afterAll(async () => {
      await Promise.all(Object.values(node).map((app) => app.close()));
    });

    test("Flask logs in and flashes; Node reads the same values with the same types", async () => {
      const browser = new Browser();
      await browser.request(flask.plain, "POST", "/login", { user_id: "42" });
      const flaskView = await browser.request(flask.plain, "GET", "/session");
      const nodeView = await browser.request(node.plain, "GET", "/session");
      expect(nodeView.body).toMatchObject({ new: false, loadError: null });
      expectTyped(node.plain.last!.toDict(), flaskView.body.session); // type for type, in Python's key order
      expect(node.plain.last!.get("_user_id")).toBe("42");
      expect(node.plain.last!.get("_fresh")).toBe(true);

      // Node shows Flask's flash; it is then gone for Flask too.
      const nodeFlashes = await browser.request(node.plain, "GET", "/flashes");
      expect(nodeFlashes.body.flashes).toEqual({ list: [{ tuple: ["success", "You are logged in."] }] });
      const flaskFlashes = await browser.request(flask.plain, "GET", "/flashes");
      expect(flaskFlashes.body.flashes).toEqual({ list: [] });
      expect(entry(flaskFlashes.body.session, "_user_id")).toBe("42");
    });

    test("Node's login writes the very cookie Flask's login writes", async () => {
      const fromFlask = await new Browser().request(flask.plain, "POST", "/login", { user_id: "42" });
      const fromNode = await new Browser().request(node.plain, "POST", "/login", { user_id: "42" });
      expect(fromNode.setCookie).toHaveLength(1);
      expect(fromNode.setCookie).toEqual(fromFlask.setCookie);
      expect(fromNode.vary).toBe(fromFlask.vary);
    });

    test("Node changes values and adds a flash; Flask reads them with Python's types", async () => {
      const browser = new Browser();
      await browser.request(flask.plain, "POST", "/login", { user_id: "42" });
      await browser.request(node.plain, "POST", "/session", { set: VALUES });
      await browser.request(node.plain, "POST", "/flash", { message: "Saved by Node", category: "info" });
      expect((await browser.cookie("session"))!.startsWith(".")).toBe(true); // compressed

      const flaskView = await browser.request(flask.plain, "GET", "/session");
      expect(flaskView.status).toBe(200);
      for (const [key, value] of VALUES.dict) expectTyped(fromTyped(value), entry(flaskView.body.session, key), key);
      expect(entry(flaskView.body.session, "_user_id")).toBe("42");

      const flaskFlashes = await browser.request(flask.plain, "GET", "/flashes");
      expect(flaskFlashes.body.flashes).toEqual({
        list: [{ tuple: ["success", "You are logged in."] }, { tuple: ["info", "Saved by Node"] }],
      });
    });

    test("Python's values go through Node and back unchanged", async () => {
      const browser = new Browser();
      await browser.request(flask.plain, "POST", "/session", { set: VALUES });
      await browser.request(node.plain, "GET", "/session");
      for (const [key, value] of VALUES.dict) expectTyped(node.plain.last!.get(key), value, key);
      expect(node.plain.last!.get("tuple")).toBeInstanceOf(Tuple);
      expect(node.plain.last!.get("big")).toBe(123456789012345678901234567890n);

      // Node changes one key and so writes the whole session back.
      await browser.request(node.plain, "POST", "/session", { set: { dict: [["touched", true]] } });
      const flaskView = await browser.request(flask.plain, "GET", "/session");
      for (const [key, value] of VALUES.dict) expectTyped(fromTyped(value), entry(flaskView.body.session, key), key);
      expect(entry(flaskView.body.session, "touched")).toBe(true);
    });

    test("Node clears the session: the browser drops the cookie and Flask sees an empty session", async () => {
      const browser = new Browser();
      await browser.request(flask.plain, "POST", "/login", { user_id: "42" });
      const logout = await browser.request(node.plain, "POST", "/logout");
      expect(await browser.cookie("session")).toBeUndefined();
      expect((await browser.request(flask.plain, "GET", "/session")).body.session).toEqual({ dict: [] });

      // Flask's own logout sends the same deletion cookie.
      const other = new Browser();
      await other.request(flask.plain, "POST", "/login", { user_id: "42" });
      expect((await other.request(flask.plain, "POST", "/logout")).setCookie).toEqual(logout.setCookie);
    });

    test("Flask clears the session: Node sees an empty session", async () => {
      const browser = new Browser();
      await browser.request(node.plain, "POST", "/login", { user_id: "42" });
      await browser.request(flask.plain, "POST", "/logout");
      expect(await browser.cookie("session")).toBeUndefined();
      expect((await browser.request(node.plain, "GET", "/session")).body).toMatchObject({
        session: { dict: [] },
        new: true,
        loadError: null,
      });
    });

    test("a permanent session: both sides write the same Expires and see it permanent", async () => {
      const change = { set: { dict: [["cart", { list: ["tea"] }]] }, permanent: true };
      const fromFlask = await new Browser().request(flask.plain, "POST", "/session", change);
      const browser = new Browser();
      const fromNode = await browser.request(node.plain, "POST", "/session", change);
      expect(fromNode.setCookie).toEqual(fromFlask.setCookie);
      expect(parseSetCookie(fromNode.setCookie[0]!).attributes.expires).toBe(new Date((T + LIFETIME) * 1000).toUTCString());
      expect((await browser.request(flask.plain, "GET", "/session")).body.permanent).toBe(true);

      const flaskMade = new Browser();
      await flaskMade.request(flask.plain, "POST", "/session", change);
      expect((await flaskMade.request(node.plain, "GET", "/session")).body.permanent).toBe(true);
    });

    test("rotated keys: both sides sign with the same key (3.1.0: the fallback), and every key verifies", async () => {
      // Flask 3.1.0 signs with the last fallback (GHSA-4grg-w6v8-c28g), later Flask with SECRET_KEY;
      // the Node side configured for that Flask signs with the same key, so the cookies are equal.
      const change = { set: { dict: [["cart", { list: ["tea"] }]] } };
      const fromFlask = await new Browser().request(flask.rotated, "POST", "/session", change);
      const fromNode = await new Browser().request(node.rotated, "POST", "/session", change);
      expect(fromNode.setCookie).toEqual(fromFlask.setCookie);
      // Only an app that still knows the old key reads a cookie signed with it.
      const oldKeySigns = behaviour.signingKey === "lastFallback";
      // ... and the Node side says so (once per session interface).
      expect(warnings.filter((w) => w.includes("GHSA-4grg-w6v8-c28g")).length > 0).toBe(oldKeySigns);

      // Flask with the old key issues; Node after the rotation reads it and re-signs.
      const browser = new Browser();
      await browser.request(flask.plain, "POST", "/login", { user_id: "42" });
      expect((await browser.request(node.rotated, "GET", "/session")).body.loadError).toBeNull();
      expect(node.rotated.last!.get("_user_id")).toBe("42");
      await browser.request(node.rotated, "POST", "/session", change);
      const oldOnly = (await browser.request(flask.plain, "GET", "/session")).body.session;
      if (oldKeySigns) expect(entry(oldOnly, "cart")).toEqual({ list: ["tea"] });
      else expect(oldOnly).toEqual({ dict: [] }); // old key only: refused
      const rotatedView = await browser.request(flask.rotated, "GET", "/session");
      expect(entry(rotatedView.body.session, "_user_id")).toBe("42");
      expect(entry(rotatedView.body.session, "cart")).toEqual({ list: ["tea"] });

      // Node with the old key issues; Flask after the rotation reads it and re-signs.
      const other = new Browser();
      await other.request(node.plain, "POST", "/login", { user_id: "7" });
      expect(entry((await other.request(flask.rotated, "GET", "/session")).body.session, "_user_id")).toBe("7");
      await other.request(flask.rotated, "POST", "/session", { set: { dict: [["seen", true]] } });
      const nodeOldOnly = (await other.request(node.plain, "GET", "/session")).body;
      if (oldKeySigns) expect(nodeOldOnly).toMatchObject({ new: false, loadError: null });
      else expect(nodeOldOnly).toMatchObject({ new: true, loadError: "ERR_BAD_TIME_SIGNATURE" });
      const nodeView = await other.request(node.rotated, "GET", "/session");
      expect(nodeView.body.loadError).toBeNull();
      expect([node.rotated.last!.get("_user_id"), node.rotated.last!.get("seen")]).toEqual(["7", true]);
    });

    test("reading only the keys (in, len) sends Vary: Cookie from Flask 3.1.3 on, on both sides", async () => {
      const browser = new Browser();
      await browser.request(flask.plain, "POST", "/login", { user_id: "42" });
      const fromFlask = await browser.request(flask.plain, "GET", "/peek");
      const fromNode = await browser.request(node.plain, "GET", "/peek");
      expect(fromNode.body).toEqual(fromFlask.body);
      expect(fromNode.body).toEqual({ has: true, size: 5 });
      expect([fromNode.vary, fromNode.setCookie]).toEqual([fromFlask.vary, fromFlask.setCookie]);
      expect(fromNode.vary).toBe(behaviour.sessionAccess === "any" ? "Cookie" : null);
    });

    test("expired cookies are refused on both sides, at the same second", async () => {
      const fromFlask = new Browser();
      await fromFlask.request(flask.plain, "POST", "/login", { user_id: "42" });
      const fromNode = new Browser();
      await fromNode.request(node.plain, "POST", "/login", { user_id: "42" });
      const nodeVerdict = async (at: number) => {
        node.plain.clock.now = at;
        return (await fromFlask.request(node.plain, "GET", "/session")).body.loadError;
      };
      const flaskSees = async (at: number) => {
        await fromNode.request(flask.plain, "POST", "/clock", { now: at });
        return keysOf((await fromNode.request(flask.plain, "GET", "/session")).body.session).length > 0;
      };
      try {
        expect(await nodeVerdict(T + LIFETIME)).toBeNull();
        expect(await nodeVerdict(T + LIFETIME + 1)).toBe("ERR_SIGNATURE_EXPIRED");
        expect(await nodeVerdict(T - 1)).toBe("ERR_SIGNATURE_EXPIRED"); // signed in the future
        expect(await flaskSees(T + LIFETIME)).toBe(true);
        expect(await flaskSees(T + LIFETIME + 1)).toBe(false);
        expect(await flaskSees(T - 1)).toBe(false);
      } finally {
        node.plain.clock.now = T;
        await fromNode.request(flask.plain, "POST", "/clock", { now: T });
      }
    });

    test("tampered and foreign cookies are refused on both sides", async () => {
      const tamper = (value: string) => value.slice(0, 6) + (value[6] === "A" ? "B" : "A") + value.slice(7);
      const expectRefusedByBoth = async (browser: Browser) => {
        const nodeView = (await browser.request(node.plain, "GET", "/session")).body;
        expect(nodeView).toMatchObject({ session: { dict: [] }, new: true, loadError: "ERR_BAD_TIME_SIGNATURE" });
        expect((await browser.request(flask.plain, "GET", "/session")).body.session).toEqual({ dict: [] });
      };

      const browser = new Browser();
      await browser.request(flask.plain, "POST", "/login", { user_id: "42" });
      await browser.plant("session", tamper((await browser.cookie("session"))!));
      await expectRefusedByBoth(browser);

      const other = new Browser();
      await other.request(node.plain, "POST", "/login", { user_id: "42" });
      await other.plant("session", tamper((await other.cookie("session"))!));
      await expectRefusedByBoth(other);

      // Well formed and validly signed, but with another app's key.
      const foreign = new FlaskSessions({ secretKey: "another-app", now: () => T });
      const forged = new Browser();
      await forged.plant("session", parseSetCookie(setCookieFor(foreign, { _user_id: "1" })).value);
      await expectRefusedByBoth(forged);
    });

    test("both sides send the same cookie, attribute for attribute, so a browser keeps exactly one", async () => {
      const change = { set: { dict: [["a", { int: "1" }]] }, permanent: true };
      const fromFlask = await new Browser("https://shop.test/shop/").request(flask.attributes, "POST", "/session", change);
      const fromNode = await new Browser("https://shop.test/shop/").request(node.attributes, "POST", "/session", change);
      expect(fromNode.setCookie).toEqual(fromFlask.setCookie);
      const { name, attributes } = parseSetCookie(fromNode.setCookie[0]!);
      expect(name).toBe("shop_session");
      expect(attributes).toMatchObject({ domain: "shop.test", path: "/shop", secure: true, samesite: "Lax" });
      expect(attributes.httponly).toBeUndefined();

      // One browser, both sides writing in turn: one cookie, and each side reads the other's.
      const browser = new Browser("https://shop.test/shop/");
      await browser.request(flask.attributes, "POST", "/login", { user_id: "42" });
      await browser.request(node.attributes, "POST", "/flash", { message: "From Node" });
      await browser.request(flask.attributes, "POST", "/flash", { message: "From Flask" });
      const cookies = await browser.cookies();
      expect(cookies.map((c) => c.key)).toEqual(["shop_session"]);
      const nodeFlashes = await browser.request(node.attributes, "GET", "/flashes");
      expect(nodeFlashes.body.flashes).toEqual({
        list: [
          { tuple: ["success", "You are logged in."] },
          { tuple: ["message", "From Node"] },
          { tuple: ["message", "From Flask"] },
        ],
      });

      // With the defaults too.
      const plainFlask = await new Browser().request(flask.plain, "POST", "/session", change);
      const plainNode = await new Browser().request(node.plain, "POST", "/session", change);
      expect(plainNode.setCookie).toEqual(plainFlask.setCookie);
    });

    test("a domain with a leading dot: both sides write the same Domain (Werkzeug 2.3+ drops the dot)", async () => {
      const change = { set: { dict: [["a", { int: "1" }]] } };
      const fromFlask = await new Browser().request(flask.dotted, "POST", "/session", change);
      const fromNode = await new Browser().request(node.dotted, "POST", "/session", change);
      expect(fromNode.setCookie).toEqual(fromFlask.setCookie);
      expect(parseSetCookie(fromNode.setCookie[0]!).attributes.domain).toBe(
        behaviour.werkzeug === "2.2" ? ".shop.test" : "shop.test",
      );
    });
  });
});
