/**
 * What only the adapters decide about Flask-Login and Flask-WTF (the live interop test covers the
 * common paths against a real Flask): mounting mistakes fail loudly, the remember cookie goes out
 * with error responses too (Flask's after_request runs for them), redirects of the login view,
 * immutable Web responses, and a form nobody parsed.
 */
import type { Server } from "node:http";
import express from "express";
import Fastify from "fastify";
import Koa from "koa";
import { afterEach, describe, expect, test, vi } from "vitest";
import * as expressAdapter from "../../src/adapters/express.js";
import * as fastifyAdapter from "../../src/adapters/fastify.js";
import * as koaAdapter from "../../src/adapters/koa.js";
import {
  FlaskSessions,
  LoginManager,
  commitLogin,
  csrfRequestFrom,
  loginRequestFrom,
  CSRFProtect,
} from "../../src/adapters/web.js";
import { encodeRememberCookie, FlaskSession } from "../../src/index.js";
import { request, served, type Served } from "../helpers/http.js";

const KEY = "adapter-login-key";
const remember = `remember_token=${encodeRememberCookie("42", KEY)}`;
const loadUser = (id: string) => (id === "42" ? { id } : null);
const open: Served[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
async function listen(server: Server): Promise<string> {
  const s = await served(server);
  open.push(s);
  return s.url;
}

/** A session cookie holding `data`, as Flask would sign it. */
function sessionCookie(data: Record<string, unknown>): string {
  const session = new FlaskSession(data);
  session.modified = true;
  return new FlaskSessions({ secretKey: KEY }).save(session).setCookie!.split(";")[0]!;
}

describe("Express", () => {
  const { flaskSession, flaskLogin, loginRequired, csrfProtect } = expressAdapter;

  test("flaskLogin and csrfProtect without flaskSession fail with what to do", async () => {
    for (const middleware of [flaskLogin({ secretKey: KEY, loadUser }), csrfProtect({ secretKey: KEY })]) {
      const app = express();
      app.use(middleware);
      app.get("/", (_req, res) => void res.send("ok"));
      let message = "";
      app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        message = error.message;
        res.status(500).end();
      });
      const url = await listen(app.listen(0, "127.0.0.1"));
      expect((await request(url + "/")).status).toBe(500);
      expect(message).toMatch(/mount flaskSession\(\) before/);
    }
  });

  test("strong protection: the 401 of loginRequired still deletes the remember cookie and the session", async () => {
    const app = express();
    app.use(flaskSession({ secretKey: KEY }));
    app.use(flaskLogin({ secretKey: KEY, loadUser, sessionProtection: "strong" }));
    app.get("/private", loginRequired(), (_req, res) => void res.send("secret"));
    app.use((error: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(error.status ?? 500).send("no");
    });
    const url = await listen(app.listen(0, "127.0.0.1"));
    const cookie = `${sessionCookie({ _user_id: "42", _id: "another-identifier" })}; ${remember}`;
    const reply = await request(url + "/private", { headers: { cookie } });
    expect(reply.status).toBe(401);
    expect(reply.setCookie).toEqual([
      "remember_token=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/",
      "session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/",
    ]);
  });

  test("loginView: a 302 to the login view with next, the message flashed into the session", async () => {
    const app = express();
    app.use(flaskSession({ secretKey: KEY }));
    app.use(flaskLogin({ secretKey: KEY, loadUser, loginView: "/login" }));
    app.get("/orders", loginRequired(), (_req, res) => void res.send("orders"));
    const url = await listen(app.listen(0, "127.0.0.1"));
    const reply = await fetch(url + "/orders?page=2", { redirect: "manual" });
    expect(reply.status).toBe(302);
    expect(reply.headers.get("location")).toBe("/login?next=%2Forders%3Fpage%3D2");
    const session = new FlaskSessions({ secretKey: KEY }).open(reply.headers.getSetCookie()[0]!.split(";")[0]);
    expect(session.get("_flashes")).toEqual([["message", "Please log in to access this page."]]);
  });

  test("cookies the app passes to writeHead are kept beside the remember and session cookies", async () => {
    const app = express();
    app.use(flaskSession({ secretKey: KEY }));
    app.use(flaskLogin({ secretKey: KEY, loadUser }));
    app.post("/login", (req, res) => {
      req.login.loginUser({ id: "42" }, { remember: true });
      res.writeHead(200, { "Set-Cookie": "theme=dark; Path=/" }).end("ok");
    });
    const url = await listen(app.listen(0, "127.0.0.1"));
    const reply = await request(url + "/login", { method: "POST" });
    expect(reply.setCookie.map((h) => h.split("=", 1)[0])).toEqual(["remember_token", "theme", "session"]);
  });

  test("a form nobody parsed: one warning, and the token counts as missing", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const app = express();
    app.use(flaskSession({ secretKey: KEY }));
    app.use(csrfProtect({ secretKey: KEY }));
    app.post("/", (_req, res) => void res.send("ok"));
    app.use(
      (error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) =>
        void res.status(400).send(error.message),
    );
    const url = await listen(app.listen(0, "127.0.0.1"));
    for (let i = 0; i < 2; i++) {
      const reply = await request(url + "/", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "csrf_token=x",
      });
      expect([reply.status, reply.text]).toEqual([400, "The CSRF token is missing."]);
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/express\.urlencoded\(\)/);
    warn.mockRestore();
  });
});

describe("Koa", () => {
  const { flaskSession, flaskLogin, loginRequired } = koaAdapter;

  test("an error response (Koa's own handler) still carries the remember cookie's deletion", async () => {
    const app = new Koa();
    app.silent = true;
    app.use(flaskSession({ secretKey: KEY }));
    app.use(flaskLogin({ secretKey: KEY, loadUser, sessionProtection: "strong" }));
    app.use(loginRequired());
    app.use((ctx) => {
      ctx.body = "secret";
    });
    const url = await listen(app.listen(0, "127.0.0.1") as Server);
    const cookie = `${sessionCookie({ _user_id: "42", _id: "another-identifier" })}; ${remember}`;
    const reply = await request(url + "/", { headers: { cookie } });
    expect(reply.status).toBe(401);
    expect(reply.setCookie.map((h) => h.split(";", 1)[0])).toEqual(["remember_token=", "session="]);
  });
});

describe("Fastify", () => {
  const { flaskSession, flaskLogin, loginRequired } = fastifyAdapter;

  test("flaskLogin registered before flaskSession is refused with what to do", async () => {
    const app = Fastify();
    await expect(app.register(flaskLogin, { secretKey: KEY, loadUser }).ready()).rejects.toThrow(
      /register flaskSession before flaskLogin/,
    );
  });

  test("an error reply still carries the remember cookie's deletion, before the session's", async () => {
    const app = Fastify();
    await app.register(flaskSession, { secretKey: KEY });
    await app.register(flaskLogin, { manager: new LoginManager({ secretKey: KEY, loadUser, sessionProtection: "strong" }) });
    app.get("/", { preHandler: loginRequired() }, async () => "secret");
    await app.listen({ port: 0, host: "127.0.0.1" });
    const url = await listen(app.server);
    const cookie = `${sessionCookie({ _user_id: "42", _id: "another-identifier" })}; ${remember}`;
    const reply = await request(url + "/", { headers: { cookie } });
    expect(reply.status).toBe(401);
    expect(reply.setCookie.map((h) => h.split(";", 1)[0])).toEqual(["remember_token=", "session="]);
  });
});

describe("Web", () => {
  test("commitLogin copies an immutable response (Response.redirect) to add the cookie", () => {
    const manager = new LoginManager({ secretKey: KEY, loadUser });
    const session = new FlaskSession();
    const login = manager.open(
      session,
      loginRequestFrom(new Request("https://shop.example/login"), { remoteAddr: "203.0.113.9" }),
    );
    login.loginUser({ id: "42" }, { remember: true });
    const response = commitLogin(login, Response.redirect("https://shop.example/", 303));
    expect(response.status).toBe(303);
    expect(response.headers.getSetCookie()[0]).toMatch(/^remember_token=42\|[0-9a-f]{128}; Expires=/);
    expect(session.has("_remember")).toBe(false); // popped, as Flask-Login's after_request does
  });

  test("csrfRequestFrom reads the form from a clone, for urlencoded and multipart bodies only", async () => {
    const csrf = new CSRFProtect({ secretKey: KEY });
    const session = new FlaskSession();
    const token = csrf.generateCsrf(session);
    const urlencoded = new Request("http://shop.example/", { method: "POST", body: new URLSearchParams({ csrf_token: token }) });
    expect(csrf.checkRequest(await csrfRequestFrom(urlencoded), session)).toBeNull();
    expect(await urlencoded.text()).toBe(`csrf_token=${token}`); // the handler can still read it
    const multipart = new FormData();
    multipart.set("csrf_token", token);
    const form = new Request("http://shop.example/", { method: "POST", body: multipart });
    expect(csrf.checkRequest(await csrfRequestFrom(form), session)).toBeNull();
    const json = new Request("http://shop.example/", {
      method: "POST",
      body: JSON.stringify({ csrf_token: token }),
      headers: { "content-type": "application/json" },
    });
    expect(csrf.checkRequest(await csrfRequestFrom(json), session)?.reason).toBe("missing");
    const https = new Request("https://shop.example/", { method: "POST", headers: { "X-CSRFToken": token } });
    expect(csrf.checkRequest(await csrfRequestFrom(https), session)?.reason).toBe("referrer-missing");
  });
});
