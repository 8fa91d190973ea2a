/**
 * The same behaviour through every adapter, each serving real HTTP on 127.0.0.1 with the real
 * framework (Express, Koa, Fastify, Hono; a fetch handler and plain node:http on the /web API):
 * Flask's session semantics arrive intact in the response, next to whatever the app itself sends.
 * The expected cookies come from the session layer, which the fixture tests hold to Python's.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FlaskSessions, type FlaskSessionOptions } from "../../src/adapters/web.js";
import { FlaskSession, Tuple, httpDate } from "../../src/index.js";
import { Browser } from "../helpers/browser.js";
import { setCookieFor } from "../helpers/http.js";
import { FRAMEWORKS, startNodeApp, type NodeApp } from "../helpers/node-apps.js";
import { expectTyped, fromTyped, type Typed } from "../helpers/typed.js";

const NOW = Math.floor(Date.now() / 1000); // recent, so the browser keeps permanent cookies
const OPTIONS: FlaskSessionOptions = { secretKey: "adapter-test-key", permanentSessionLifetime: 3600 };
/** The session layer at the apps' clock: what each response must carry. */
const reference = new FlaskSessions({ ...OPTIONS, now: () => NOW });

const VALUES: Typed = {
  dict: [
    ["user", "alice"],
    ["big", { int: "12345678901234567890" }],
    ["pair", { tuple: ["a", { bytes: "00ff" }] }],
  ],
};

const expectedCookie = (data: Record<string, unknown>, permanent = false) => setCookieFor(reference, data, { permanent });

function sessionCookies(setCookie: string[]): string[] {
  return setCookie.filter((c) => c.startsWith("session="));
}

describe.each(FRAMEWORKS)("%s", (framework) => {
  let app: NodeApp;

  beforeAll(async () => {
    app = await startNodeApp(framework, OPTIONS);
    app.clock.now = NOW;
  });
  afterAll(async () => {
    await app?.close();
  });

  test("no cookie: an empty new session, no Set-Cookie, Vary: Cookie", async () => {
    const browser = new Browser();
    const res = await browser.request(app, "GET", "/session");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ session: { dict: [] }, new: true, loadError: null });
    expect(res.setCookie).toEqual([]);
    expect(res.vary).toBe("Cookie");
  });

  test("a route that does not touch the session sends neither Set-Cookie nor Vary", async () => {
    const res = await new Browser().request(app, "GET", "/ping");
    expect(res.status).toBe(200);
    expect(res.setCookie).toEqual([]);
    expect(res.vary).toBeNull();
  });

  test("a changed session: the session layer's cookie, read back type for type", async () => {
    const browser = new Browser();
    const set = await browser.request(app, "POST", "/session", { set: VALUES });
    expect(set.setCookie).toEqual([expectedCookie(fromTyped(VALUES) as Record<string, unknown>)]);
    expect(set.vary).toBe("Cookie");

    const read = await browser.request(app, "GET", "/session");
    expect(read.body).toMatchObject({ new: false, loadError: null, permanent: false });
    expectTyped(app.last!.toDict(), VALUES, "$", { ignoreKeyOrder: true });
    expect(app.last!.get("pair")).toBeInstanceOf(Tuple);
    expect(read.setCookie).toEqual([]); // unchanged: nothing to send
  });

  test("the app's own cookies and Vary stay; the session's are added", async () => {
    const res = await new Browser().request(app, "POST", "/app-cookie");
    expect(res.setCookie).toHaveLength(2);
    expect(res.setCookie).toContain("theme=dark; Path=/");
    expect(sessionCookies(res.setCookie)).toEqual([expectedCookie({ seen: true })]);
    expect(res.vary).toBe("Accept-Encoding, Cookie");
  });

  test("flash messages with categories, shown once, as Flask's get_flashed_messages", async () => {
    const browser = new Browser();
    await browser.request(app, "POST", "/flash", { message: "Saved", category: "success" });
    await browser.request(app, "POST", "/flash", { message: "Plain" });
    const first = await browser.request(app, "GET", "/flashes");
    expect(first.body.flashes).toEqual({ list: [{ tuple: ["success", "Saved"] }, { tuple: ["message", "Plain"] }] });
    expect(first.body.session).toEqual({ dict: [] });
    // Popping the last key empties the session: the browser is told to drop the cookie.
    expect(await browser.cookie("session")).toBeUndefined();
    const second = await browser.request(app, "GET", "/flashes");
    expect(second.body.flashes).toEqual({ list: [] });
  });

  test("clear() sends Flask's deletion cookie and the browser drops it", async () => {
    const browser = new Browser();
    await browser.request(app, "POST", "/session", { set: VALUES });
    expect(await browser.cookie("session")).toBeDefined();
    const res = await browser.request(app, "POST", "/logout");
    const cleared = new FlaskSession({ a: 1 });
    cleared.clear();
    expect(res.setCookie).toEqual([reference.save(cleared).setCookie]);
    expect(res.setCookie[0]).toMatch(/^session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0;/);
    expect(await browser.cookie("session")).toBeUndefined();
  });

  test("dropping the session (req.session = null, or clear() on the /web API) logs out", async () => {
    const browser = new Browser();
    await browser.request(app, "POST", "/session", { set: VALUES });
    await browser.request(app, "POST", "/logout-null");
    expect(await browser.cookie("session")).toBeUndefined();
  });

  test("a tampered cookie opens an empty session with the reason, and is not rewritten", async () => {
    const browser = new Browser();
    await browser.request(app, "POST", "/session", { set: VALUES });
    const cookie = (await browser.cookie("session"))!;
    await browser.plant("session", cookie.slice(0, -2) + (cookie.endsWith("AA") ? "BB" : "AA"));
    const res = await browser.request(app, "GET", "/session");
    expect(res.body).toMatchObject({ session: { dict: [] }, new: true, loadError: "ERR_BAD_TIME_SIGNATURE" });
    expect(res.setCookie).toEqual([]);
  });

  test("an expired cookie opens an empty session (the age is checked against permanentSessionLifetime)", async () => {
    const browser = new Browser();
    await browser.request(app, "POST", "/session", { set: VALUES });
    try {
      app.clock.now = NOW + 3600;
      expect((await browser.request(app, "GET", "/session")).body.loadError).toBeNull();
      app.clock.now = NOW + 3601;
      expect((await browser.request(app, "GET", "/session")).body).toMatchObject({
        new: true,
        loadError: "ERR_SIGNATURE_EXPIRED",
      });
    } finally {
      app.clock.now = NOW;
    }
  });

  test("a permanent session's cookie expires after permanentSessionLifetime", async () => {
    const res = await new Browser().request(app, "POST", "/session", { set: VALUES, permanent: true });
    const expected = expectedCookie(fromTyped(VALUES) as Record<string, unknown>, true);
    expect(res.setCookie).toEqual([expected]);
    expect(expected).toContain(`Expires=${httpDate(new Date((NOW + 3600) * 1000))}`);
  });

  test("an error response still saves the session, as Flask does", async () => {
    const res = await new Browser().request(app, "POST", "/fail");
    expect(res.status).toBe(500);
    expect(sessionCookies(res.setCookie)).toEqual([expectedCookie({ failed: true })]);
  });

  test("a redirect carries the session cookie", async () => {
    const browser = new Browser();
    const res = await browser.request(app, "GET", "/redirect");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/\/session$/);
    expect(sessionCookies(res.setCookie)).toEqual([expectedCookie({ redirected: true })]);
    expect(res.vary).toContain("Cookie");
  });
});
