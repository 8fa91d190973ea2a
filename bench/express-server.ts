/**
 * A hello-world Express app for the Express benchmark, run by bench/run.ts in its own process (so
 * that it has a core to itself while the load generator uses the other). Modes:
 *
 * - `hello`: the route alone.
 * - `session-read`: the session middleware, and the route reads `_user_id` (the session is not
 *   modified, so nothing is signed: the typical request).
 * - `session-write`: the route also changes the session, so every response carries a new cookie.
 * - `noop`: a pass-through `app.use((req, res, next) => next())` before the hello route: what one
 *   middleware layer costs in Express itself, whatever it does.
 *
 * And, for `npm run bench:express` (bench/express-breakdown.ts), the session middleware's work in
 * parts, each mode doing the one before plus one more step in a single `app.use` layer:
 *
 * - `parse`: find the session cookie in the `Cookie` header (Werkzeug's `parse_cookie`).
 * - `loads`: and verify and decode it (the serializer's `loads`, with Flask's `max_age`).
 * - `open`: `FlaskSessions.open(req)` instead (the session object too), put on `req.session`; the
 *   route reads `_user_id` as in `session-read`. No response hook: nothing is saved.
 *
 * The middleware is the real adapter, `flask-session-cookie/express` (src/adapters/express.ts),
 * when this tree has it, else the labelled stand-in of bench/express-standin.ts.
 *
 * Listens on 127.0.0.1 on a free port, prints `LISTENING <port> <implementation>`, and exits when
 * its stdin closes (so it never outlives the benchmark).
 */
import express, { type RequestHandler, type Response } from "express";
import type { AddressInfo } from "node:net";
import type { FlaskSession } from "../src/index.js";
import { IMPLEMENTATION, sessionMiddleware, sessionOf } from "./express-standin.js";
import { parseCookie } from "../src/flask/cookie.js";
import { FlaskSessions } from "../src/adapters/web.js";

interface Adapter {
  middleware: RequestHandler;
  session: (req: unknown, res: Response) => FlaskSession;
  implementation: string;
}

/** The real adapter if this tree has one (it is on another branch as this is written). */
async function adapter(secretKey: string): Promise<Adapter> {
  const path = "../src/adapters/express.js"; // a variable: the stand-in still compiles without it
  const real = (await import(path).catch(() => null)) as {
    flaskSession?: (options: { secretKey: string }) => RequestHandler;
  } | null;
  if (real?.flaskSession) {
    return {
      middleware: real.flaskSession({ secretKey }),
      session: (req) => (req as { session: FlaskSession }).session,
      implementation: "flask-session-cookie/express (src/adapters/express.ts)",
    };
  }
  return { middleware: sessionMiddleware({ secretKey }), session: (_req, res) => sessionOf(res), implementation: IMPLEMENTATION };
}

const mode = process.argv[2] ?? "hello";
const secretKey = process.env.BENCH_SECRET_KEY ?? "bench-secret-key";
const app = express();
app.disable("x-powered-by");
let implementation = "none (hello world)";
// The server's own CPU time, read by the benchmark before and after each run (ahead of any
// middleware, so reading it costs the same in every mode).
app.get("/__cpu", (_req, res) => {
  const usage = process.cpuUsage();
  res.send(String(usage.user + usage.system));
});

if (mode === "hello") {
  app.get("/", (_req, res) => {
    res.send("Hello World!");
  });
} else if (mode === "session-read" || mode === "session-write") {
  const used = await adapter(secretKey);
  implementation = used.implementation;
  app.use(used.middleware);
  app.get("/", (req, res) => {
    const session = used.session(req, res);
    const user = session.get("_user_id");
    if (mode === "session-write") session.set("visits", ((session.get("visits") as number | undefined) ?? 0) + 1);
    res.send(user === "42" ? "Hello World!" : "Hello stranger!");
  });
} else if (mode === "noop") {
  implementation = "a pass-through app.use((req, res, next) => next())";
  app.use((_req, _res, next) => next());
  app.get("/", (_req, res) => {
    res.send("Hello World!");
  });
} else if (mode === "parse" || mode === "loads" || mode === "open") {
  const sessions = new FlaskSessions({ secretKey });
  const serializer = sessions.sessionInterface.getSigningSerializer(sessions.config);
  const maxAge = sessions.sessionInterface.getPermanentSessionLifetime(sessions.config);
  let seen: unknown = null;
  implementation = `the session middleware up to ${mode} (bench/express-server.ts)`;
  if (mode === "open") {
    app.use((req, _res, next) => {
      (req as { session?: unknown }).session = sessions.open(req);
      next();
    });
  } else {
    app.use((req, _res, next) => {
      const value = parseCookie(req.headers.cookie).get("session");
      seen = mode === "loads" && value ? serializer.loads(value, { maxAge }) : value;
      next();
    });
  }
  app.get("/", (req, res) => {
    const user = mode === "open" ? (req as unknown as { session: FlaskSession }).session.get("_user_id") : seen && "42";
    res.send(user === "42" ? "Hello World!" : "Hello stranger!");
  });
} else {
  throw new Error(`unknown mode ${mode}`);
}

const server = app.listen(0, "127.0.0.1", () => {
  process.stdout.write(`LISTENING ${(server.address() as AddressInfo).port} ${implementation}\n`);
});
process.stdin.on("end", () => server.close(() => process.exit(0)));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
