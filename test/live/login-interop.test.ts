/**
 * Live interop for Flask-Login and Flask-WTF: a real Flask app (scripts/flask_login_app.py, with
 * the real Flask-Login 0.6.3 and Flask-WTF of the oldest and the newest pinned environment) and a
 * Node app on each framework share one browser cookie jar:
 * - "remember me" in Flask, the session cookie gone: Node sees the same user, not fresh;
 * - a login through Node is Flask's user; a logout on either side logs out both;
 * - a CSRF token made by one side passes the other's check; a missing, mismatched, tampered or
 *   expired one fails on both sides with Flask-WTF's same message;
 * - a forged remember cookie is refused on both; session protection gives the same verdicts.
 * Both sides run on one fixed clock, so they write the same cookies byte for byte.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { envNames, findPython, INSTALL_HINT } from "../../scripts/python.mjs";
import { Browser, type Exchange } from "../helpers/browser.js";
import { startFlask, type FlaskServer } from "../helpers/flask-server.js";
import { LOGIN_FRAMEWORKS, startLoginApp, type LoginNodeApp } from "../helpers/login-apps.js";
import { missing } from "../helpers/requirement.js";

const SUITE = "test/live/login-interop.test.ts (Flask-Login and Flask-WTF against a real Flask)";
const KEY = "live-login-key";
const T = Math.floor(Date.now() / 1000); // recent, so the jar keeps the cookies
const OTHER_AGENT = "another-browser/2.0";

const names = envNames();
const ENVS = [...new Set([names[0]!, names[names.length - 1]!])];
const found = ENVS.map((env) => [env, findPython(env)] as const);
const ready = found.every(([, python]) => python !== null) || missing(SUITE, INSTALL_HINT);

type Reply = Exchange;

/** A request through the browser's jar, with a JSON or form body and extra headers. */
function send(
  browser: Browser,
  server: { url: string },
  method: "GET" | "POST",
  path: string,
  options: { json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return browser.request(server, method, path, options.json, { form: options.form, headers: options.headers });
}

const post = (browser: Browser, server: { url: string }, path: string, json: unknown = {}) =>
  send(browser, server, "POST", path, { json });

describe.skipIf(!ready).each(ENVS)("live %s: Flask-Login and Flask-WTF, Flask and Node share one browser", (env) => {
  const python = found.find(([e]) => e === env)![1]!;
  const flask = {} as { basic: FlaskServer; strong: FlaskServer };

  beforeAll(async () => {
    const [basic, strong] = await Promise.all([
      startFlask(python.python, { SECRET_KEY: KEY, FIXED_TIME: T }, "flask_login_app.py"),
      startFlask(python.python, { SECRET_KEY: KEY, FIXED_TIME: T, SESSION_PROTECTION: "strong" }, "flask_login_app.py"),
    ]);
    flask.basic = basic;
    flask.strong = strong;
  }, 60_000);

  afterAll(async () => {
    await Promise.all(Object.values(flask).map((server) => server?.stop()));
  });

  describe.each(LOGIN_FRAMEWORKS)("%s", (framework) => {
    const node = {} as { basic: LoginNodeApp; strong: LoginNodeApp };

    beforeAll(async () => {
      node.basic = await startLoginApp(framework, { secretKey: KEY, werkzeugVersion: python.werkzeug });
      node.strong = await startLoginApp(framework, {
        secretKey: KEY,
        sessionProtection: "strong",
        werkzeugVersion: python.werkzeug,
      });
      node.basic.clock.now = T;
      node.strong.clock.now = T;
    });
    afterAll(async () => {
      await Promise.all(Object.values(node).map((app) => app.close()));
    });

    test("remember me in Flask, the session cookie gone: Node sees the same user, not fresh, and Flask agrees", async () => {
      const browser = new Browser();
      expect((await post(browser, flask.basic, "/login", { user_id: "42", remember: true })).body).toEqual({ ok: true });
      expect(await browser.cookie("remember_token")).toMatch(/^42\|[0-9a-f]{128}$/);
      await browser.plant("session", "", "Path=/; Max-Age=0"); // the browser was closed: its session cookie is gone
      expect(await browser.cookie("session")).toBeUndefined();
      const seen = await send(browser, node.basic, "GET", "/me");
      expect(seen.body).toMatchObject({ user: "42", authenticated: true, fresh: false, remembered: true });
      expect((await send(browser, node.basic, "GET", "/fresh")).status).toBe(401);
      expect((await send(browser, node.basic, "GET", "/required")).status).toBe(200);
      // Node wrote the restored session; Flask reads the same login from it.
      const flaskView = await send(browser, flask.basic, "GET", "/me");
      expect(flaskView.body).toMatchObject({ user: "42", authenticated: true, fresh: false, remembered: true });
      const sorted = (typed: { dict: [string, unknown][] }) => [...typed.dict].sort(([a], [b]) => (a < b ? -1 : 1));
      expect(sorted(flaskView.body.session)).toEqual(sorted(seen.body.session)); // { _fresh: false, _user_id: "42" }
      expect((await send(browser, flask.basic, "GET", "/fresh")).status).toBe(401);
    });

    test("Node's login with remember me writes the very cookies Flask's login writes", async () => {
      const fromFlask = await post(new Browser(), flask.basic, "/login", { user_id: "42", remember: true, duration: 3600 });
      const fromNode = await post(new Browser(), node.basic, "/login", { user_id: "42", remember: true, duration: 3600 });
      const remember = (r: Reply) => r.setCookie.filter((h) => h.startsWith("remember_token="));
      expect(remember(fromNode)).toHaveLength(1);
      expect(remember(fromNode)).toEqual(remember(fromFlask));
      const plain = async (server: { url: string }) => (await post(new Browser(), server, "/login", { user_id: "42" })).setCookie;
      expect(await plain(node.basic)).toEqual(await plain(flask.basic)); // same session cookie, same _id
    });

    test("a login through Node is Flask's user, fresh, with the same session identifier", async () => {
      const browser = new Browser();
      await post(browser, node.basic, "/login", { user_id: "42" });
      const flaskView = await send(browser, flask.basic, "GET", "/me");
      expect(flaskView.body).toMatchObject({ user: "42", authenticated: true, fresh: true });
      expect(flaskView.setCookie).toEqual([]); // basic protection found the same _id: nothing to change
      expect((await send(browser, flask.basic, "GET", "/fresh")).status).toBe(200);
      // An inactive user cannot log in on either side.
      expect((await post(new Browser(), node.basic, "/login", { user_id: "7" })).body).toEqual({ ok: false });
      expect((await post(new Browser(), flask.basic, "/login", { user_id: "7" })).body).toEqual({ ok: false });
    });

    test("a logout on Node logs out of both, remember cookie included", async () => {
      const browser = new Browser();
      await post(browser, flask.basic, "/login", { user_id: "42", remember: true });
      await post(browser, node.basic, "/logout");
      expect(await browser.cookie("remember_token")).toBeUndefined();
      expect((await send(browser, flask.basic, "GET", "/me")).body).toMatchObject({ user: null, authenticated: false });
      expect((await send(browser, node.basic, "GET", "/me")).body).toMatchObject({ user: null, authenticated: false });
    });

    test("a logout on Flask logs out of both, remember cookie included", async () => {
      const browser = new Browser();
      await post(browser, node.basic, "/login", { user_id: "42", remember: true });
      expect(await browser.cookie("remember_token")).toMatch(/^42\|/);
      await post(browser, flask.basic, "/logout");
      expect(await browser.cookie("remember_token")).toBeUndefined();
      expect((await send(browser, node.basic, "GET", "/me")).body).toMatchObject({ user: null, authenticated: false });
      expect((await send(browser, node.basic, "GET", "/required")).status).toBe(401);
    });

    test("a CSRF token made by Flask passes Node's check, and the reverse (form field and header)", async () => {
      const browser = new Browser();
      const fromFlask = (await send(browser, flask.basic, "GET", "/csrf")).body.token as string;
      expect((await send(browser, node.basic, "POST", "/submit", { headers: { "X-CSRFToken": fromFlask } })).body).toEqual({
        ok: true,
      });
      expect((await send(browser, node.basic, "POST", "/submit", { form: { csrf_token: fromFlask } })).body).toEqual({
        ok: true,
      });
      const other = new Browser();
      const fromNode = (await send(other, node.basic, "GET", "/csrf")).body.token as string;
      expect((await send(other, flask.basic, "POST", "/submit", { form: { csrf_token: fromNode } })).body).toEqual({ ok: true });
      expect((await send(other, flask.basic, "POST", "/submit", { headers: { "X-CSRF-Token": fromNode } })).body).toEqual({
        ok: true,
      });
      // Same raw token, same second: both sides sign it to the same token.
      expect((await send(other, flask.basic, "GET", "/csrf")).body.token).toBe(fromNode);
    });

    test("missing, mismatched, tampered and expired CSRF tokens fail on both sides with the same reason", async () => {
      const alice = new Browser();
      const bob = new Browser();
      const token = (await send(alice, flask.basic, "GET", "/csrf")).body.token as string;
      const bobToken = (await send(bob, node.basic, "GET", "/csrf")).body.token as string;
      // The signature's first character: all six of its bits count. (Its last one holds spare
      // bits that base64 decoding drops, so changing it can leave the signature valid.)
      const at = token.lastIndexOf(".") + 1;
      const tampered = token.slice(0, at) + (token[at] === "A" ? "Q" : "A") + token.slice(at + 1);
      const cases: [string, Browser, Record<string, string>, string][] = [
        ["missing", alice, {}, "The CSRF token is missing."],
        ["no session token", new Browser(), { "X-CSRFToken": token }, "The CSRF session token is missing."],
        ["mismatched", alice, { "X-CSRFToken": bobToken }, "The CSRF tokens do not match."],
        ["tampered", alice, { "X-CSRFToken": tampered }, "The CSRF token is invalid."],
      ];
      for (const [name, browser, headers, reason] of cases) {
        for (const server of [flask.basic, node.basic]) {
          const reply = await send(browser, server, "POST", "/submit", { headers });
          expect({ name, status: reply.status, body: reply.body }).toEqual({ name, status: 400, body: { reason } });
        }
      }
      // An hour and a second later on both clocks.
      try {
        await post(alice, flask.basic, "/clock", { now: T + 3601 });
        node.basic.clock.now = T + 3601;
        for (const server of [flask.basic, node.basic]) {
          const reply = await send(alice, server, "POST", "/submit", { form: { csrf_token: token } });
          expect([reply.status, reply.body]).toEqual([400, { reason: "The CSRF token has expired." }]);
        }
      } finally {
        await post(alice, flask.basic, "/clock", { now: T });
        node.basic.clock.now = T;
      }
    });

    test("a forged remember cookie is refused on both sides", async () => {
      const forged = ["42|" + "0".repeat(128), "42", "42|", '"42|00"', "|" + "a".repeat(128)];
      for (const value of forged) {
        for (const server of [flask.basic, node.basic]) {
          const browser = new Browser();
          await browser.plant("remember_token", value);
          const reply = await send(browser, server, "GET", "/me");
          expect({ value, status: reply.status, user: reply.body.user }).toEqual({ value, status: 200, user: null });
        }
      }
    });

    test("session protection: another user agent makes the login stale (basic) or ends it (strong) on both sides", async () => {
      const basic = new Browser();
      await post(basic, flask.basic, "/login", { user_id: "42" });
      const stale = await send(basic, node.basic, "GET", "/me", { headers: { "user-agent": OTHER_AGENT } });
      expect(stale.body).toMatchObject({ user: "42", fresh: false });
      expect((await send(basic, flask.basic, "GET", "/me")).body).toMatchObject({ user: "42", fresh: false });

      const strong = new Browser();
      await post(strong, flask.strong, "/login", { user_id: "42", remember: true });
      const ended = await send(strong, node.strong, "GET", "/me", { headers: { "user-agent": OTHER_AGENT } });
      expect(ended.body).toMatchObject({ user: null, authenticated: false });
      expect(await strong.cookie("remember_token")).toBeUndefined();
      expect((await send(strong, flask.strong, "GET", "/me")).body).toMatchObject({ user: null });

      // And the same verdict when Flask sees the other agent after Node's login.
      const reverse = new Browser();
      await post(reverse, node.strong, "/login", { user_id: "42", remember: true });
      const flaskEnded = await send(reverse, flask.strong, "GET", "/me", { headers: { "user-agent": OTHER_AGENT } });
      expect(flaskEnded.body).toMatchObject({ user: null });
      expect(await reverse.cookie("remember_token")).toBeUndefined();
    });
  });
});
