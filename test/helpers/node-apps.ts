/**
 * The Node twin of scripts/flask_app.py, on every framework this package supports: the same JSON
 * routes with the same typed values (`/session`, `/peek`, `/login`, `/flash`, `/flashes`, `/logout`,
 * `/clock`), each served for real on 127.0.0.1 through one of the adapters. A few extra routes
 * exercise what only a Node app does (its own cookies and Vary, errors, redirects, logging out by
 * dropping the session).
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import express from "express";
import Fastify from "fastify";
import Koa from "koa";
import { Hono } from "hono";
import { serve } from "@hono/node-server";
import { flaskSession as expressSession } from "../../src/adapters/express.js";
import { flaskSession as fastifySession } from "../../src/adapters/fastify.js";
import { flaskSession as koaSession } from "../../src/adapters/koa.js";
import {
  FlaskSessions,
  ServerSideSessions,
  type FlaskSessionOptions,
  type ServerSideSession,
  type ServerSideSessionOptions,
} from "../../src/adapters/web.js";
import { flash, getFlashedMessages, type FlaskSession } from "../../src/index.js";
import { served } from "./http.js";
import { fromTyped, toTyped, type Typed } from "./typed.js";

/** Every way of serving a Flask session from Node that the package supports and tests. */
export const FRAMEWORKS = ["express", "koa", "fastify", "hono", "fetch", "node:http"] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** A Node app serving the routes, and what it saw. */
export interface NodeApp {
  framework: Framework;
  url: string;
  /** The clock of the app's sessions (`null` = the real clock), as `/clock` sets it. */
  clock: { now: number | null };
  /** The session of the last request, as the route left it (the real object, for type checks). */
  last: FlaskSession | null;
  close(): Promise<void>;
}

/** What a route decided; each framework's glue turns it into a response. */
interface Outcome {
  status: number;
  body: unknown;
  /** Extra response headers the app sets itself (its own cookies, its own Vary). */
  headers?: [string, string][];
  /** Drop the session (`req.session = null`), where the framework's adapter supports it. */
  dropSession?: boolean;
  /** Fail with an exception, the framework's way. */
  fail?: boolean;
  /** Redirect (303) to this path. */
  redirect?: string;
}

// Flask-Login's _id for the oracle app's fixed address and user agent (scripts/flask_app.py).
const LOGIN_ID = createHash("sha512").update("b'127.0.0.1'|b'flask-session-cookie-oracle/1.0'").digest("hex");
const csrfTokenFor = (userId: string) => createHash("sha1").update(`csrf-token:${userId}`).digest("hex");

function typedSession(session: FlaskSession): Record<string, unknown> {
  return {
    session: toTyped(session.toDict()),
    permanent: session.permanent,
    new: session.new,
    loadError: session.loadError?.code ?? null,
  };
}

/** The routes of scripts/flask_app.py (and a few Node-only ones), on a Flask session. */
function route(app: NodeApp, method: string, path: string, session: FlaskSession, body: Record<string, any>): Outcome {
  app.last = session;
  const key = `${method} ${path}`;
  switch (key) {
    case "GET /ping":
      return { status: 200, body: "ok" };
    case "GET /session":
      return { status: 200, body: typedSession(session) };
    case "GET /peek":
      // Keys only, no value read: an access from Flask 3.1.3 on (Vary: Cookie), not before.
      return { status: 200, body: { has: session.has("_user_id"), size: session.size } };
    case "POST /session":
      if (body.clear) session.clear();
      for (const k of body.delete ?? []) session.pop(k);
      if (body.set != null) {
        for (const [k, v] of Object.entries(fromTyped(body.set as Typed) as Record<string, unknown>)) session.set(k, v);
      }
      if (body.permanent != null) session.permanent = Boolean(body.permanent);
      if (body.modified) session.modified = true;
      return { status: 200, body: typedSession(session) };
    case "POST /login": {
      const userId = String(body.user_id ?? "42");
      session.set("csrf_token", csrfTokenFor(userId));
      session.set("_user_id", userId);
      session.set("_fresh", true);
      session.set("_id", LOGIN_ID);
      if (body.remember) session.set("_remember", "set");
      flash(session, "You are logged in.", "success");
      return { status: 200, body: typedSession(session) };
    }
    case "POST /flash":
      flash(session, body.message ?? "", body.category ?? "message");
      return { status: 200, body: typedSession(session) };
    case "GET /flashes": {
      const flashes = getFlashedMessages(session, { withCategories: true });
      return { status: 200, body: { flashes: toTyped(flashes), ...typedSession(session) } };
    }
    case "POST /logout":
      session.clear();
      return { status: 200, body: typedSession(session) };
    case "POST /clock":
      app.clock.now = body.now == null ? null : Math.trunc(body.now);
      return { status: 200, body: { now: app.clock.now } };
    // Node-only routes.
    case "POST /logout-null":
      return { status: 200, body: {}, dropSession: true };
    case "POST /app-cookie":
      session.set("seen", true);
      return {
        status: 200,
        body: {},
        headers: [
          ["Set-Cookie", "theme=dark; Path=/"],
          ["Vary", "Accept-Encoding"],
        ],
      };
    case "POST /fail":
      session.set("failed", true);
      return { status: 500, body: {}, fail: true };
    case "GET /redirect":
      session.set("redirected", true);
      return { status: 303, body: null, redirect: "/session" };
    default:
      return { status: 404, body: { error: `no route ${key}` } };
  }
}

/** A JSON object body, or `{}` (as Flask's `get_json(force=True, silent=True)` in the oracle app). */
function parseBody(text: string): Record<string, any> {
  try {
    const data: unknown = JSON.parse(text);
    return data !== null && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, any>) : {};
  } catch {
    return {};
  }
}

function readJson(req: IncomingMessage): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(parseBody(Buffer.concat(chunks).toString("utf8"))));
    req.on("error", reject);
  });
}

function withClock(options: FlaskSessionOptions | ServerSideSessionOptions, clock: { now: number | null }): FlaskSessionOptions {
  return { ...options, now: () => clock.now ?? Date.now() / 1000 } as FlaskSessionOptions;
}

/** Starts the routes on `framework` at 127.0.0.1, port 0, with the adapter configured by `options`. */
export async function startNodeApp(
  framework: Framework,
  options: FlaskSessionOptions | ServerSideSessionOptions,
): Promise<NodeApp> {
  const app: NodeApp = { framework, url: "", clock: { now: null }, last: null, close: async () => {} };
  const configured = withClock(options, app.clock);
  switch (framework) {
    case "express": {
      const server = express();
      server.use(express.json());
      server.use(expressSession(configured));
      server.use((req, res) => {
        const outcome = route(app, req.method, req.path, req.session, (req.body ?? {}) as Record<string, any>);
        if (outcome.fail) throw new Error("the route failed");
        if (outcome.dropSession) (req as { session: unknown }).session = null;
        for (const [name, value] of outcome.headers ?? []) res.append(name, value);
        if (outcome.redirect) res.redirect(303, outcome.redirect);
        else res.status(outcome.status).json(outcome.body);
      });
      const http = server.listen(0, "127.0.0.1");
      ({ url: app.url, close: app.close } = await served(http));
      return app;
    }
    case "koa": {
      const server = new Koa();
      server.silent = true;
      server.use(koaSession(configured));
      server.use(async (ctx) => {
        const body = await readJson(ctx.req);
        const outcome = route(app, ctx.method, ctx.path, ctx.session, body);
        if (outcome.fail) throw new Error("the route failed");
        if (outcome.dropSession) (ctx as { session: unknown }).session = null;
        for (const [name, value] of outcome.headers ?? []) ctx.append(name, value);
        if (outcome.redirect) {
          ctx.status = 303;
          ctx.redirect(outcome.redirect);
        } else {
          ctx.status = outcome.status;
          ctx.body = outcome.body;
        }
      });
      const http = server.listen(0, "127.0.0.1");
      ({ url: app.url, close: app.close } = await served(http));
      return app;
    }
    case "fastify": {
      const server = Fastify();
      await server.register(fastifySession, configured);
      server.route({
        method: ["GET", "POST"],
        url: "/*",
        handler: async (request, reply) => {
          const path = new URL(request.url, "http://x").pathname;
          const outcome = route(app, request.method, path, request.session, (request.body ?? {}) as Record<string, any>);
          if (outcome.fail) throw new Error("the route failed");
          if (outcome.dropSession) (request as { session: unknown }).session = null;
          for (const [name, value] of outcome.headers ?? []) reply.header(name, value);
          if (outcome.redirect) return reply.redirect(outcome.redirect, 303);
          return reply.status(outcome.status).send(outcome.body);
        },
      });
      app.url = await server.listen({ port: 0, host: "127.0.0.1" });
      app.close = () => server.close();
      return app;
    }
    case "hono": {
      const sessions = new FlaskSessions(configured);
      const server = new Hono<{ Variables: { session: FlaskSession } }>();
      server.onError((_error, c) => c.text("Internal Server Error", 500)); // quiet: the default logs
      // The README's Hono recipe.
      server.use(async (c, next) => {
        c.set("session", sessions.open(c.req.raw));
        await next();
        c.res = sessions.commit(c.get("session"), c.res);
      });
      server.all("*", async (c) => {
        const body = parseBody(await c.req.text());
        const session = c.get("session");
        const outcome = route(app, c.req.method, c.req.path, session, body);
        if (outcome.fail) throw new Error("the route failed");
        if (outcome.dropSession) session.clear();
        for (const [name, value] of outcome.headers ?? []) c.header(name, value, { append: true });
        if (outcome.redirect) return c.redirect(outcome.redirect, 303);
        return c.json(outcome.body, outcome.status as 200);
      });
      const http = serve({ fetch: server.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
      ({ url: app.url, close: app.close } = await served(http));
      return app;
    }
    case "fetch": {
      // A Bun/Deno-style `fetch(request) => Response` handler on the /web API alone; with a
      // store, server-side sessions (ServerSideSessions: open and commit are async).
      const sessions =
        "store" in configured ? new ServerSideSessions(configured as ServerSideSessionOptions) : new FlaskSessions(configured);
      const handler = async (request: Request): Promise<Response> => {
        const session = (await sessions.open(request)) as ServerSideSession;
        let response: Response;
        try {
          const body = parseBody(await request.text());
          const outcome = route(app, request.method, new URL(request.url).pathname, session, body);
          if (outcome.fail) throw new Error("the route failed");
          if (outcome.dropSession) session.clear();
          if (outcome.redirect) {
            response = Response.redirect(new URL(outcome.redirect, request.url), 303); // immutable headers
          } else {
            response = Response.json(outcome.body, { status: outcome.status, headers: outcome.headers ?? [] });
          }
        } catch {
          response = new Response("Internal Server Error", { status: 500 });
        }
        return (sessions as ServerSideSessions).commit(session, response);
      };
      const http = serve({ fetch: handler, port: 0, hostname: "127.0.0.1" }) as Server;
      ({ url: app.url, close: app.close } = await served(http));
      return app;
    }
    case "node:http": {
      // The README's plain node:http recipe.
      const sessions = new FlaskSessions(configured);
      const http = createServer(async (req, res) => {
        const session = sessions.open(req);
        let status = 500;
        let payload = "Internal Server Error";
        try {
          const body = await readJson(req);
          const outcome = route(app, req.method ?? "GET", new URL(req.url ?? "/", "http://x").pathname, session, body);
          if (outcome.fail) throw new Error("the route failed");
          if (outcome.dropSession) session.clear();
          for (const [name, value] of outcome.headers ?? []) res.appendHeader(name, value);
          status = outcome.status;
          if (outcome.redirect) res.setHeader("Location", outcome.redirect);
          payload = JSON.stringify(outcome.body);
          res.setHeader("Content-Type", "application/json");
        } catch {
          // 500, and the session is saved as Flask saves it on errors.
        }
        const { setCookie, varyCookie } = sessions.save(session);
        if (setCookie) res.appendHeader("Set-Cookie", setCookie);
        if (varyCookie) res.appendHeader("Vary", "Cookie");
        res.writeHead(status).end(payload);
      });
      http.listen(0, "127.0.0.1");
      ({ url: app.url, close: app.close } = await served(http));
      return app;
    }
  }
}
