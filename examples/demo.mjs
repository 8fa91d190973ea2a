// The main job, live: a real Flask app and a small Express service share one session.
// Starts both on loopback, walks login (Flask) → flash → Node update → Flask read with real HTTP
// and one browser cookie, prints what each side saw, and stops both.
//
//   npm run demo
//
// Without a Python that has Flask, it says how to get it and decodes the recorded fixtures instead.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { findPython, INSTALL_HINT } from "../scripts/python.mjs";
import { createService } from "./express-service.mjs";

const SECRET_KEY = "demo-secret-key-shared-by-flask-and-node";
const FLASK_APP = new URL("../scripts/flask_app.py", import.meta.url).pathname;

const found = findPython();
if (!found) {
  console.log(`${INSTALL_HINT}\n\nWithout Flask there is no live round trip; decoding the recorded fixtures instead.\n`);
  await import("./decode-sample.mjs");
  process.exit(0);
}

/** Python's repr of a typed value (scripts/pyvalues.py), so Flask's types are visible. */
function py(value) {
  if (value === null) return "None";
  if (value === true || value === false) return value ? "True" : "False";
  if (typeof value === "string") return `'${value.length > 40 ? value.slice(0, 20) + "..." : value}'`;
  if ("int" in value) return value.int;
  if ("float" in value) return value.float;
  if ("tuple" in value) return `(${value.tuple.map(py).join(", ")}${value.tuple.length === 1 ? "," : ""})`;
  if ("list" in value) return `[${value.list.map(py).join(", ")}]`;
  if ("dict" in value) return `{${value.dict.map(([k, v]) => `'${k}': ${py(v)}`).join(", ")}}`;
  if ("bytes" in value) return `bytes.fromhex('${value.bytes}')`;
  if ("markup" in value) return `Markup('${value.markup}')`;
  if ("uuid" in value) return `UUID('${value.uuid}')`;
  if ("datetime" in value) return `datetime('${value.iso}')`;
  return JSON.stringify(value);
}

/** One browser: a single cookie jar for both servers (as behind one host), and bounded requests. */
const jar = new Map();
async function browse(base, method, path, body) {
  const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const response = await fetch(base + path, {
    method,
    headers: { ...(cookie && { cookie }), ...(body && { "content-type": "application/json" }) },
    body: body && JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const setCookie = response.headers.getSetCookie();
  for (const header of setCookie) {
    const [pair] = header.split(";");
    const [name, ...value] = pair.split("=");
    if (/Max-Age=0|Expires=Thu, 01 Jan 1970/.test(header)) jar.delete(name);
    else jar.set(name, value.join("="));
  }
  return { status: response.status, body: await response.json(), setCookie };
}

function startFlask() {
  const child = spawn(found.python, [FLASK_APP, "--port", "0", "--quiet", "--config", JSON.stringify({ SECRET_KEY })], {
    stdio: ["pipe", "pipe", "inherit"], // it exits by itself if this process dies (stdin EOF)
  });
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("Flask did not start within 15 s")), 15_000);
    createInterface({ input: child.stdout }).on("line", (line) => {
      const match = /^LISTENING (\d+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Flask exited (code ${code}) before listening`));
    });
  });
  return { child, ready };
}

const flask = startFlask();
const service = createService({ secretKey: SECRET_KEY }).listen(0, "127.0.0.1");
try {
  const flaskUrl = await flask.ready;
  await new Promise((resolve) => (service.listening ? resolve() : service.once("listening", resolve)));
  const nodeUrl = `http://127.0.0.1:${service.address().port}`;
  console.log(`Flask ${found.flask} (Python ${found.version}) on ${flaskUrl}; the Express service on ${nodeUrl}.`);
  console.log("One browser, one cookie jar, one session.\n");

  console.log("1. Browser → Flask  POST /login   (Flask-Login style login, then flash())");
  const login = await browse(flaskUrl, "POST", "/login", { user_id: "42" });
  console.log(`   Flask's session:  ${py(login.body.session)}`);
  console.log(`   Set-Cookie:       ${login.setCookie[0]}\n`);

  console.log("2. Browser → Node   GET /api/me   (req.session, getFlashedMessages)");
  const me = await browse(nodeUrl, "GET", "/api/me");
  for (const [key, value] of Object.entries(me.body.seen)) console.log(`   Node read  ${key.padEnd(10)} = ${value}`);
  console.log(`   Node showed the flashed messages: ${JSON.stringify(me.body.messages)}\n`);

  console.log("3. Browser → Node   POST /api/preferences   (set values, flash() for Flask)");
  const update = await browse(nodeUrl, "POST", "/api/preferences", { theme: "dark" });
  console.log(`   Set-Cookie:       ${update.setCookie[0]}\n`);

  console.log("4. Browser → Flask  GET /flashes   (session[...], get_flashed_messages(with_categories=True))");
  const flashes = await browse(flaskUrl, "GET", "/flashes");
  for (const [key, value] of flashes.body.session.dict) console.log(`   Flask read ${key.padEnd(14)} = ${py(value)}`);
  console.log(`   Flask showed the flashed messages: ${py(flashes.body.flashes)}\n`);

  console.log("5. Browser → Node   POST /api/logout   (session.clear())");
  const logout = await browse(nodeUrl, "POST", "/api/logout");
  console.log(`   Set-Cookie:       ${logout.setCookie[0]}`);
  const after = await browse(flaskUrl, "GET", "/session");
  console.log(`   Flask's session afterwards: ${py(after.body.session)}`);
} finally {
  service.close();
  service.closeAllConnections();
  flask.child.kill("SIGTERM");
  await new Promise((resolve) => (flask.child.exitCode !== null ? resolve() : flask.child.once("exit", resolve)));
  console.log("\nStopped Flask and the Express service.");
}
