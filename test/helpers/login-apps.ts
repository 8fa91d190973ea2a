/**
 * The Node twin of scripts/flask_login_app.py on each framework: the same JSON routes (`/login`,
 * `/logout`, `/me`, `/required`, `/fresh`, `/csrf`, `/submit`, `/clock`), built the way the docs
 * tell users to (docs/flask-login.md, docs/flask-wtf.md), served for real on 127.0.0.1.
 */
import type { WerkzeugVersion } from "../../src/flask/cookie.js";
import type { Server } from "node:http";
import express, { type NextFunction, type Request as ExpressRequest, type Response as ExpressResponse } from "express";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import formbody from "@fastify/formbody";
import Koa from "koa";
import { bodyParser } from "@koa/bodyparser";
import { Hono } from "hono";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import * as expressAdapter from "../../src/adapters/express.js";
import * as fastifyAdapter from "../../src/adapters/fastify.js";
import * as koaAdapter from "../../src/adapters/koa.js";
import {
  CSRFError,
  CSRFProtect,
  FlaskSessions,
  LoginManager,
  Unauthorized,
  commitLogin,
  csrfRequestFrom,
  loginRequestFrom,
  type LoginContext,
} from "../../src/adapters/web.js";
import { userIdOf, userIsAuthenticated, type FlaskSession, type SessionProtection } from "../../src/index.js";
import { served } from "./http.js";
import { toTyped } from "./typed.js";

export const LOGIN_FRAMEWORKS = ["express", "koa", "fastify", "hono"] as const;
export type LoginFramework = (typeof LOGIN_FRAMEWORKS)[number];

/** The users of scripts/flask_login_app.py: 42 is active, 7 is not. */
const USERS: Record<string, boolean> = { "42": true, "7": false };
const EXEMPT = ["/login", "/logout", "/clock"];

interface User {
  id: string;
  isActive: boolean;
}

/** A Node app serving the routes; `clock.now` is the fixed clock (`null` = real time). */
export interface LoginNodeApp {
  framework: LoginFramework;
  url: string;
  clock: { now: number | null };
  close(): Promise<void>;
}

/** What the app is configured with, the same as its Flask twin. */
export interface LoginAppConfig {
  secretKey: string;
  sessionProtection?: SessionProtection;
  werkzeugVersion?: string;
}

type Json = Record<string, unknown>;

async function me(login: LoginContext<User>, session: FlaskSession) {
  const user = await login.currentUser();
  return {
    user: user === null ? null : userIdOf(user),
    authenticated: userIsAuthenticated(user),
    fresh: login.loginFresh(),
    remembered: login.loginRemembered(),
    session: toTyped(session.toDict()),
  };
}

function login(context: LoginContext<User>, body: Json) {
  const id = String(body.user_id ?? "42");
  const ok = context.loginUser(
    { id, isActive: USERS[id] ?? true },
    {
      remember: Boolean(body.remember),
      duration: (body.duration as number | undefined) ?? null,
      fresh: (body.fresh as boolean | undefined) ?? true,
    },
  );
  return { ok };
}

export async function startLoginApp(framework: LoginFramework, config: LoginAppConfig): Promise<LoginNodeApp> {
  const clock: { now: number | null } = { now: null };
  const now = () => clock.now ?? Date.now() / 1000;
  const sessionOptions = { secretKey: config.secretKey, now };
  const manager = new LoginManager<User>({
    secretKey: config.secretKey,
    sessionProtection: config.sessionProtection,
    werkzeugVersion: config.werkzeugVersion as WerkzeugVersion | undefined,
    loadUser: async (id) => (Object.prototype.hasOwnProperty.call(USERS, id) ? { id, isActive: USERS[id]! } : null),
    now,
  });
  const csrf = new CSRFProtect({ secretKey: config.secretKey, now, werkzeugVersion: config.werkzeugVersion });
  const setClock = (body: Json) => {
    clock.now = body.now == null ? null : Number(body.now);
    return { now: clock.now };
  };
  const app: LoginNodeApp = { framework, url: "", clock, close: async () => {} };

  switch (framework) {
    case "express": {
      const { flaskSession, flaskLogin, loginRequired, freshLoginRequired, csrfProtect } = expressAdapter;
      const server = express();
      server.use(express.json());
      server.use(express.urlencoded({ extended: false }));
      server.use(flaskSession(sessionOptions));
      server.use(flaskLogin(manager));
      server.use(csrfProtect(csrf, EXEMPT));
      const ctx = (req: ExpressRequest) => req.login as unknown as LoginContext<User>;
      server.post("/login", (req, res) => void res.json(login(ctx(req), req.body ?? {})));
      server.post("/logout", (req, res) => void res.json({ ok: req.login.logoutUser() }));
      server.get("/me", async (req, res) => void res.json(await me(ctx(req), req.session)));
      server.get("/required", loginRequired(), (_req, res) => void res.json({ ok: true }));
      server.get("/fresh", freshLoginRequired(), (_req, res) => void res.json({ ok: true }));
      server.get("/csrf", (req, res) => void res.json({ token: req.csrfToken() }));
      server.post("/submit", (_req, res) => void res.json({ ok: true }));
      server.post("/clock", (req, res) => void res.json(setClock(req.body ?? {})));
      server.use((error: unknown, _req: ExpressRequest, res: ExpressResponse, _next: NextFunction) => {
        if (error instanceof CSRFError) res.status(400).json({ reason: error.message });
        else if (error instanceof Unauthorized) res.status(401).json({ reason: error.reason });
        else res.status(500).json({ error: String(error) });
      });
      const http = server.listen(0, "127.0.0.1");
      ({ url: app.url, close: app.close } = await served(http));
      return app;
    }
    case "koa": {
      const { flaskSession, flaskLogin, loginRequired, freshLoginRequired, csrfProtect } = koaAdapter;
      const server = new Koa();
      server.use(async (ctx, next) => {
        try {
          await next();
        } catch (error) {
          ctx.status = error instanceof CSRFError ? 400 : error instanceof Unauthorized ? 401 : 500;
          ctx.body = error instanceof CSRFError ? { reason: error.message } : { error: String(error) };
        }
      });
      server.use(bodyParser());
      server.use(flaskSession(sessionOptions));
      server.use(flaskLogin(manager));
      server.use(csrfProtect(csrf, EXEMPT));
      const guarded = { "/required": loginRequired(), "/fresh": freshLoginRequired() } as const;
      server.use(async (ctx) => {
        const body = ((ctx.request as { body?: Json }).body ?? {}) as Json;
        const context = ctx.login as unknown as LoginContext<User>;
        const key = `${ctx.method} ${ctx.path}`;
        if (key === "POST /login") ctx.body = login(context, body);
        else if (key === "POST /logout") ctx.body = { ok: context.logoutUser() };
        else if (key === "GET /me") ctx.body = await me(context, ctx.session);
        else if (key === "GET /required" || key === "GET /fresh") {
          await guarded[ctx.path as keyof typeof guarded](ctx, async () => {
            ctx.body = { ok: true };
          });
        } else if (key === "GET /csrf") ctx.body = { token: ctx.csrfToken() };
        else if (key === "POST /submit") ctx.body = { ok: true };
        else if (key === "POST /clock") ctx.body = setClock(body);
        else ctx.status = 404;
      });
      const http = server.listen(0, "127.0.0.1") as Server;
      ({ url: app.url, close: app.close } = await served(http));
      return app;
    }
    case "fastify": {
      const { flaskSession, flaskLogin, loginRequired, freshLoginRequired, csrfProtect } = fastifyAdapter;
      const server = Fastify();
      await server.register(flaskSession, sessionOptions);
      await server.register(flaskLogin, { manager });
      await server.register(formbody);
      await server.register(csrfProtect, { csrf });
      server.setErrorHandler((error, _request, reply) => {
        if (error instanceof CSRFError) return reply.code(400).send({ reason: error.message });
        if (error instanceof Unauthorized) return reply.code(401).send({ reason: error.reason });
        return reply.code(500).send({ error: String(error) });
      });
      const ctx = (request: FastifyRequest) => request.login as unknown as LoginContext<User>;
      const exempt = { config: { csrfExempt: true } };
      server.post("/login", exempt, async (request) => login(ctx(request), (request.body ?? {}) as Json));
      server.post("/logout", exempt, async (request) => ({ ok: request.login.logoutUser() }));
      server.get("/me", async (request) => me(ctx(request), request.session));
      server.get("/required", { preHandler: loginRequired() }, async () => ({ ok: true }));
      server.get("/fresh", { preHandler: freshLoginRequired() }, async () => ({ ok: true }));
      server.get("/csrf", async (request) => ({ token: request.csrfToken() }));
      server.post("/submit", async (_request: FastifyRequest, _reply: FastifyReply) => ({ ok: true }));
      server.post("/clock", exempt, async (request) => setClock((request.body ?? {}) as Json));
      await server.listen({ port: 0, host: "127.0.0.1" });
      ({ url: app.url, close: app.close } = await served(server.server));
      return app;
    }
    case "hono": {
      // The docs' Hono recipe: the /web API around every request.
      const sessions = new FlaskSessions(sessionOptions);
      const server = new Hono<{ Variables: { session: FlaskSession; login: LoginContext<User>; csrfToken: () => string } }>();
      server.use(async (c, next) => {
        const session = sessions.open(c.req.raw);
        const context = manager.open(session, loginRequestFrom(c.req.raw, { remoteAddr: getConnInfo(c).remote.address ?? null }));
        let token: string | undefined;
        c.set("session", session);
        c.set("login", context);
        c.set("csrfToken", () => (token ??= csrf.generateCsrf(session)));
        const error = EXEMPT.includes(c.req.path) ? null : csrf.checkRequest(await csrfRequestFrom(c.req.raw), session);
        if (error)
          return sessions.commit(session, commitLogin(context, Response.json({ reason: error.message }, { status: 400 })));
        await next();
        c.res = sessions.commit(session, commitLogin(context, c.res));
      });
      const body = async (c: { req: { json(): Promise<unknown> } }) => ((await c.req.json().catch(() => ({}))) ?? {}) as Json;
      const guard = async (c: { get(key: "login"): LoginContext<User> }, fresh: boolean) => {
        const verdict = await c.get("login").loginRequired({ fresh });
        if (verdict.allowed) return Response.json({ ok: true });
        return verdict.location
          ? Response.redirect(verdict.location, 302)
          : Response.json({ reason: verdict.reason }, { status: 401 });
      };
      server.post("/login", async (c) => c.json(login(c.get("login"), await body(c))));
      server.post("/logout", (c) => c.json({ ok: c.get("login").logoutUser() }));
      server.get("/me", async (c) => c.json(await me(c.get("login"), c.get("session"))));
      server.get("/required", (c) => guard(c, false));
      server.get("/fresh", (c) => guard(c, true));
      server.get("/csrf", (c) => c.json({ token: c.get("csrfToken")() }));
      server.post("/submit", (c) => c.json({ ok: true }));
      server.post("/clock", async (c) => c.json(setClock(await body(c))));
      const http = serve({ fetch: server.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
      ({ url: app.url, close: app.close } = await served(http));
      return app;
    }
  }
}
