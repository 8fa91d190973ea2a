/**
 * A hello-world Express app for the Express benchmark, run by bench/run.ts in its own process (so
 * that it has a core to itself while the load generator uses the other). Modes:
 *
 * - `hello`: the route alone.
 * - `session-read`: the session middleware, and the route reads `_user_id` (the session is not
 *   modified, so nothing is signed: the typical request).
 * - `session-write`: the route also changes the session, so every response carries a new cookie.
 *
 * Listens on 127.0.0.1 on a free port, prints `LISTENING <port>`, and exits when its stdin closes
 * (so it never outlives the benchmark).
 */
import express from "express";
import type { AddressInfo } from "node:net";
import { sessionMiddleware, sessionOf } from "./express-standin.js";

const mode = process.argv[2] ?? "hello";
const secretKey = process.env.BENCH_SECRET_KEY ?? "bench-secret-key";
const app = express();
app.disable("x-powered-by");

if (mode === "hello") {
  app.get("/", (_req, res) => {
    res.send("Hello World!");
  });
} else if (mode === "session-read" || mode === "session-write") {
  app.use(sessionMiddleware({ secretKey }));
  app.get("/", (_req, res) => {
    const session = sessionOf(res);
    const user = session.get("_user_id");
    if (mode === "session-write") session.set("visits", ((session.get("visits") as number | undefined) ?? 0) + 1);
    res.send(user === "42" ? "Hello World!" : "Hello stranger!");
  });
} else {
  throw new Error(`unknown mode ${mode}`);
}

const server = app.listen(0, "127.0.0.1", () => {
  process.stdout.write(`LISTENING ${(server.address() as AddressInfo).port}\n`);
});
process.stdin.on("end", () => server.close(() => process.exit(0)));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
