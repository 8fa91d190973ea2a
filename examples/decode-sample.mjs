// The main job on built-in sample data: read a session cookie that a real Flask app wrote
// (recorded in fixtures/flask-3.1/flask-sessions.json), verify it with the app's SECRET_KEY, show what is
// inside with its Python types, change it, and issue a cookie Flask accepts.
//
//   npm run demo
import { readFileSync } from "node:fs";
import {
  SecureCookieSessionInterface,
  URLSafeTimedSerializer,
  flash,
  getFlashedMessages,
  Tuple,
  Markup,
  UUID,
} from "flask-session-cookie";

const fixtures = JSON.parse(readFileSync(new URL("../fixtures/flask-3.1/flask-sessions.json", import.meta.url), "utf8"));
const sample = fixtures.cases.find((c) => c.id === "login-two-flashes");
const app = { secretKey: sample.config.SECRET_KEY };

/** A Python-style view of a JavaScript value, so the types are visible. */
function show(value) {
  if (value instanceof Tuple) return `(${value.map(show).join(", ")}${value.length === 1 ? "," : ""})`;
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  if (value instanceof Markup) return `Markup(${JSON.stringify(String(value))})`;
  if (value instanceof UUID) return `UUID('${value}')`;
  if (value instanceof Uint8Array) return `bytes(${value.length})`;
  if (value instanceof Date) return `datetime(${value.toISOString()})`;
  if (typeof value === "bigint") return `${value} (int)`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${show(v)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value);
}

console.log("A session cookie written by Flask %s (sample data):\n  %s\n", fixtures.versions.flask, sample.cookie);

// Verify it as the Flask app would, at the time it was issued (the sample is from 2023).
const sessions = new SecureCookieSessionInterface({ now: () => sample.timestamp + 60 });
const session = sessions.openSession(app, { cookieValue: sample.cookie });
console.log("Verified with the app's SECRET_KEY: %s", session.loadError === null ? "valid" : session.loadError.message);
for (const [key, value] of session) console.log("  %s = %s", key.padEnd(10), show(value));

console.log("\nFlashed messages (popped, as get_flashed_messages does):");
for (const [category, message] of getFlashedMessages(session, { withCategories: true })) {
  console.log("  [%s] %s", category, message);
}

// Change it in Node and issue a cookie Flask accepts.
session.set("theme", "dark");
session.set("last_seen_from", new Tuple("node", 20));
flash(session, "Settings saved by the Node service", "info");
const { setCookie } = sessions.saveSession(app, session);
console.log("\nNode's updated cookie for Flask:\n  Set-Cookie: %s", setCookie);

const reopened = sessions.openSession(app, setCookie.split(";")[0]);
console.log("\nRead back: %s", show(reopened.toDict()));

// A forged cookie is refused, never trusted and never a crash.
const forged = sessions.openSession({ secretKey: "not-the-key" }, { cookieValue: sample.cookie });
console.log(
  "\nThe same cookie checked with the wrong key: empty session, because %s: %s",
  forged.loadError.name,
  forged.loadError.message,
);

// Plain itsdangerous tokens work too, e.g. a password-reset link.
const reset = new URLSafeTimedSerializer(app.secretKey, { salt: "password-reset" });
const token = reset.dumps({ user_id: 42 });
console.log("\nAn itsdangerous token: %s -> %s", token, show(reset.loads(token, { maxAge: 3600 })));
