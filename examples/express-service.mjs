// A small Express service that shares a Flask app's session: it reads who is logged in
// (Flask-Login's _user_id), shows the messages Flask flashed, changes the session and flashes a
// message Flask will show. The only line about sessions is `app.use(flaskSession(...))`.
//
//   FLASK_SECRET_KEY=... node examples/express-service.mjs      (listens on 127.0.0.1:3000)
//
// The demo (npm run demo) runs it next to a real Flask app.
import express from "express";
import { flaskSession, flash, getFlashedMessages } from "flask-session-cookie/express";
import { Tuple } from "flask-session-cookie";

/** The service, for a Flask app whose SECRET_KEY is `secretKey`. */
export function createService({ secretKey }) {
  const app = express();
  app.use(express.json());
  app.use(flaskSession({ secretKey })); // Flask's config names in camelCase, Flask's defaults

  // Who is logged in, and the messages Flask flashed (shown once, as get_flashed_messages does).
  app.get("/api/me", (req, res) => {
    const userId = req.session.get("_user_id"); // Flask-Login's user id: a string
    const seen = describe(req.session.toDict()); // what Node sees, with JavaScript types
    res.json({
      user: userId ?? null,
      fresh: req.session.get("_fresh") ?? false,
      messages: getFlashedMessages(req.session, { withCategories: true }),
      seen,
    });
  });

  // Change the session, and flash a message for the Flask side.
  app.post("/api/preferences", (req, res) => {
    if (!req.session.get("_user_id")) return res.status(401).json({ error: "Log in first." });
    req.session.set("theme", String(req.body?.theme ?? "light"));
    req.session.set("last_seen_from", new Tuple("node-service", 1)); // a Python tuple for Flask
    req.session.set("order_id", 1234567890123456789n); // a big int, exact in Python
    flash(req.session, "Preferences saved by the Node service.", "info");
    res.json({ saved: true });
  });

  // Log out for both sides: Flask sees an empty session from now on.
  app.post("/api/logout", (req, res) => {
    req.session.clear();
    res.json({ loggedOut: true });
  });

  return app;
}

/** The session's values with their JavaScript types, to show what Node received. */
export function describe(data) {
  const show = (value) => {
    if (value instanceof Tuple) return `Tuple(${value.map(show).join(", ")})`;
    if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
    if (typeof value === "bigint") return `${value}n`;
    if (typeof value === "string") return JSON.stringify(value.length > 40 ? value.slice(0, 20) + "..." : value);
    if (value !== null && typeof value === "object")
      return `{${Object.entries(value)
        .map(([k, v]) => `${k}: ${show(v)}`)
        .join(", ")}}`;
    return String(value);
  };
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, `${show(value)} (${kind(value)})`]));
}

function kind(value) {
  if (value instanceof Tuple) return "Tuple";
  if (Array.isArray(value)) return "Array";
  if (value === null) return "null";
  return typeof value;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const secretKey = process.env.FLASK_SECRET_KEY;
  if (!secretKey) {
    console.error("Set FLASK_SECRET_KEY to the Flask app's SECRET_KEY.");
    process.exit(2);
  }
  const port = Number(process.env.PORT ?? 3000);
  createService({ secretKey }).listen(port, "127.0.0.1", () => console.log(`Listening on http://127.0.0.1:${port}`));
}
