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
 * - `timed`: `session-read` with the adapter's own work timed inside the server, request by
 *   request (performance.now() around the middleware up to its `next()`, and around its response
 *   hook up to Node's own `writeHead`); `GET /__timing` answers the medians and minima in µs
 *   since the previous `/__timing`. `timed-loads` times, in the same place, only what `loads`
 *   mode does (find the cookie, `loads` it): how much of the middleware's time that is. Timing in place is immune to what the load generator and
 *   other processes cost, which the CPU time per request is not.
 *
 * The middleware is the real adapter, `flask-session-cookie/express` (src/adapters/express.ts).
 * The library is imported only by the modes that use it: the hello-world baselines must not pay
 * for what importing it may do to the process (it once made `String.prototype` slow, #16).
 *
 * Listens on 127.0.0.1 on a free port, prints `LISTENING <port> <implementation>`, and exits when
 * its stdin closes (so it never outlives the benchmark).
 */
import express, { type RequestHandler, type Response } from "express";
import type { AddressInfo } from "node:net";
import type { FlaskSession } from "../src/index.js";

interface Adapter {
  middleware: RequestHandler;
  session: (req: unknown, res: Response) => FlaskSession;
  implementation: string;
}

/** The real adapter, imported when a mode needs it. */
async function adapter(secretKey: string): Promise<Adapter> {
  const { flaskSession } = await import("../src/adapters/express.js");
  return {
    middleware: flaskSession({ secretKey }) as RequestHandler,
    session: (req) => (req as { session: FlaskSession }).session,
    implementation: "flask-session-cookie/express (src/adapters/express.ts)",
  };
}

/** The session API and the cookie reader, imported when a mode needs them. */
async function library() {
  const [{ FlaskSessions }, { findCookie, parseCookie }] = await Promise.all([
    import("../src/adapters/web.js"),
    import("../src/flask/cookie.js"),
  ]);
  return { FlaskSessions, findCookie, parseCookie };
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
// User time alone, for bench/express-breakdown.ts: the kernel's share (the sockets) swings with
// how requests batch up under load, the user time much less.
app.get("/__cpu-user", (_req, res) => {
  res.send(String(process.cpuUsage().user));
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
} else if (mode === "timed" || mode === "timed-loads") {
  const used = await adapter(secretKey);
  implementation = `${used.implementation}, timed in place`;
  const { FlaskSessions, findCookie } = await library();
  const sessions = new FlaskSessions({ secretKey });
  const serializer = sessions.sessionInterface.getSigningSerializer(sessions.config);
  const maxAge = sessions.sessionInterface.getPermanentSessionLifetime(sessions.config);
  let seen: unknown = null;
  if (mode === "timed-loads") {
    implementation = "find the cookie and loads it, timed in place";
    used.middleware = (req, _res, next) => {
      const value = findCookie(req.headers.cookie, "session");
      seen = value ? serializer.loads(value, { maxAge }) : null;
      next();
    };
    used.session = () => ({ get: () => (seen ? "42" : null) }) as unknown as FlaskSession;
  }
  const opens: number[] = [];
  const hooks: number[] = [];
  const empties: number[] = [];
  const stats = (values: number[]) => {
    const sorted = Float64Array.from(values).sort();
    return { median: (sorted[sorted.length >> 1] ?? NaN) * 1000, min: (sorted[0] ?? NaN) * 1000 };
  };
  app.get("/__timing", (_req, res) => {
    // What two clock reads cost by themselves, subtracted from both figures.
    const clock = stats(empties);
    const open = stats(opens);
    const hook = stats(hooks);
    res.json({ requests: opens.length, clockUs: clock, openUs: open, hookUs: hook });
    opens.length = hooks.length = empties.length = 0;
  });
  // Around the adapter: Node's writeHead, as the adapter will find it, notes when the hook is
  // done; the adapter's wrapper is timed from the outside.
  app.use((_req, res, next) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      hookEnd = performance.now();
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as typeof res.writeHead;
    next();
  });
  let hookEnd = 0;
  app.use((req, res, next) => {
    const start = performance.now();
    used.middleware(req, res, () => {
      const end = performance.now();
      empties.push(performance.now() - end);
      opens.push(end - start);
      const wrapped = res.writeHead;
      res.writeHead = function (this: Response, ...args: unknown[]) {
        const hookStart = performance.now();
        const result = (wrapped as (...a: unknown[]) => Response).apply(this, args);
        hooks.push(hookEnd - hookStart);
        return result;
      } as typeof res.writeHead;
      next();
    });
  });
  app.get("/", (req, res) => {
    res.send(used.session(req, res).get("_user_id") === "42" ? "Hello World!" : "Hello stranger!");
  });
} else if (mode === "noop") {
  implementation = "a pass-through app.use((req, res, next) => next())";
  app.use((_req, _res, next) => next());
  app.get("/", (_req, res) => {
    res.send("Hello World!");
  });
} else if (mode === "parse" || mode === "loads" || mode === "open") {
  const { FlaskSessions, parseCookie } = await library();
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
