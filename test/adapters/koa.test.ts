/**
 * What is particular to the Koa adapter, served by real Koa on 127.0.0.1: errors. Koa's own
 * error handler drops every header the app set, so the adapter hands the session's headers over
 * through `err.headers`; an app's own error-handling middleware keeps them too.
 */
import Koa from "koa";
import { afterAll, beforeAll, expect, test } from "vitest";
import { flaskSession } from "../../src/adapters/koa.js";
import { FlaskSession, FlaskSessions } from "../../src/adapters/web.js";
import { request, served, setCookieFor, type Served } from "../helpers/http.js";

const NOW = Math.floor(Date.now() / 1000);
const sessions = new FlaskSessions({ secretKey: "koa-test-key", now: () => NOW });
const cookie = (data: Record<string, unknown>) => setCookieFor(sessions, data);

let plain: Served;
let handled: Served;

function routes(app: Koa): void {
  app.use(flaskSession(sessions));
  app.use((ctx) => {
    ctx.session.set("path", ctx.path);
    if (ctx.path === "/throw") ctx.throw(403, "no entry");
    if (ctx.path === "/throw-with-headers") ctx.throw(401, "log in", { headers: { "Set-Cookie": "a=1", Vary: "Origin" } });
    if (ctx.path === "/logout-and-throw") {
      ctx.session.clear();
      ctx.throw(401, "logged out");
    }
    if (ctx.path === "/logout-by-null") {
      ctx.session = null; // typed: the README's logout
      ctx.body = { size: ctx.session.size, isSession: ctx.session instanceof FlaskSession };
      return;
    }
    if (ctx.path === "/not-a-session") {
      try {
        (ctx as { session: unknown }).session = { user: "x" };
      } catch (error) {
        ctx.body = `refused: ${(error as Error).message}`;
        return;
      }
    }
    ctx.cookies.set("theme", "dark", { httpOnly: false });
    ctx.body = "ok";
  });
}

beforeAll(async () => {
  const app = new Koa();
  app.silent = true;
  routes(app);
  plain = await served(app.listen(0, "127.0.0.1"));

  const withHandler = new Koa();
  withHandler.use(async (ctx, next) => {
    try {
      await next();
    } catch {
      ctx.status = 418;
      ctx.body = "handled upstream";
    }
  });
  routes(withHandler);
  handled = await served(withHandler.listen(0, "127.0.0.1"));
});
afterAll(async () => {
  await plain?.close();
  await handled?.close();
});

test("ctx.cookies and the session cookie are both sent", async () => {
  const res = await request(plain.url + "/ok");
  expect(res.setCookie).toEqual(["theme=dark; path=/", cookie({ path: "/ok" })]);
  expect(res.vary).toBe("Cookie");
});

test("ctx.throw: Koa's error response carries the session cookie, as Flask's would", async () => {
  const res = await request(plain.url + "/throw");
  expect(res.status).toBe(403);
  expect(res.setCookie).toEqual([cookie({ path: "/throw" })]);
  expect(res.vary).toBe("Cookie");
});

test("an error's own headers stay, the session's are added", async () => {
  const res = await request(plain.url + "/throw-with-headers");
  expect(res.status).toBe(401);
  expect(res.setCookie).toEqual(["a=1", cookie({ path: "/throw-with-headers" })]);
  expect(res.vary).toBe("Origin, Cookie");
});

test("logging out then throwing still deletes the cookie", async () => {
  const res = await request(plain.url + "/logout-and-throw");
  expect(res.status).toBe(401);
  expect(res.setCookie).toHaveLength(1);
  expect(res.setCookie[0]).toMatch(/^session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0;/);
});

test("an upstream error handler's response carries the session cookie once", async () => {
  const res = await request(handled.url + "/throw");
  expect(res.status).toBe(418);
  expect(res.text).toBe("handled upstream");
  expect(res.setCookie).toEqual([cookie({ path: "/throw" })]);
});

test("ctx.session = null logs out: the cookie is deleted, and ctx.session reads as the empty session", async () => {
  const res = await request(plain.url + "/logout-by-null", {
    headers: { cookie: `session=${cookie({ _user_id: "42" }).split(";")[0]!.slice("session=".length)}` },
  });
  expect(res.status).toBe(200);
  expect(JSON.parse(res.text)).toEqual({ size: 0, isSession: true });
  expect(res.setCookie).toHaveLength(1);
  expect(res.setCookie[0]).toMatch(/^session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0;/);
});

test("assigning something that is not a session fails at the assignment", async () => {
  const res = await request(plain.url + "/not-a-session");
  expect(res.text).toBe("refused: The request's session must be a FlaskSession (or null to log out).");
  expect(res.setCookie).toEqual([cookie({ path: "/not-a-session" })]); // the session it had is kept
});
