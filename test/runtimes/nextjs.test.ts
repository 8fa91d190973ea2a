/**
 * Next.js, for real: the App Router app of test/runtimes/next-app/ (the README's route handler and
 * its read-only check as Next 16's proxy.ts, and the same library in a route on Next's Edge
 * runtime), built with `next build` against the packed layout of the built library (package.json
 * and dist/, installed into the app's node_modules), started with `next start` on loopback and
 * driven with one browser cookie jar shared with the real Flask app.
 *
 * The build is reused while nothing that goes into it changed (the app's sources, the library's
 * dist/ and package.json, and the versions of Next and React): the key is stored in `.next/`.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Browser } from "../helpers/browser.js";
import { startChildServer, type ChildServer } from "../helpers/child-server.js";
import { pythonWithFlask, startFlask, type FlaskServer } from "../helpers/flask-server.js";
import { missing } from "../helpers/requirement.js";
import { installedVersion, NPM_INSTALL, RUNTIMES_DIR } from "./installed.js";

const SUITE = "test/runtimes/nextjs.test.ts";
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const APP = join(RUNTIMES_DIR, "next-app");
const NEXT = join(RUNTIMES_DIR, "node_modules/next/dist/bin/next");
const SECRET_KEY = "next-secret-key";
const ENV = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", FLASK_SECRET_KEY: SECRET_KEY };
/** What Next writes into the app folder (ignored by git), and the installed library. */
const GENERATED = new Set([".next", "node_modules", "next-env.d.ts"]);

const nextVersion = installedVersion("next");
const python = pythonWithFlask(`${SUITE} (a Next.js app sharing the session with Flask)`);
const ready = nextVersion !== null || missing(SUITE, `Next.js is not installed: ${NPM_INSTALL}`);

/** Every file under `dir` (relative, sorted), skipping the generated folders at its top. */
function files(dir: string, top = true): string[] {
  return readdirSync(dir)
    .filter((name) => !(top && GENERATED.has(name)))
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path, false).map((f) => join(name, f)) : [name];
    })
    .sort();
}

/** Installs the library as a user's app gets it: its package.json and dist/, as `flask-session-cookie`. */
function installLibrary(): string {
  const target = join(APP, "node_modules/flask-session-cookie");
  rmSync(target, { recursive: true, force: true });
  cpSync(join(ROOT, "package.json"), join(target, "package.json"));
  cpSync(join(ROOT, "dist"), join(target, "dist"), { recursive: true });
  return target;
}

/** A digest of everything that goes into the build. */
function buildKey(library: string): string {
  const hash = createHash("sha256");
  hash.update(`next ${nextVersion} react ${installedVersion("react")} react-dom ${installedVersion("react-dom")}\n`);
  for (const [dir, names] of [
    [APP, files(APP)],
    [library, files(library)],
  ] as const) {
    for (const name of names) hash.update(`${relative(ROOT, join(dir, name))}\n`).update(readFileSync(join(dir, name)));
  }
  return hash.digest("hex");
}

/** Builds the app unless the build in .next/ was made from the same inputs. */
async function build(): Promise<void> {
  const key = buildKey(installLibrary());
  const keyFile = join(APP, ".next/flask-session-cookie-build-key");
  if (existsSync(join(APP, ".next/BUILD_ID")) && existsSync(keyFile) && readFileSync(keyFile, "utf8") === key) return;
  await promisify(execFile)(process.execPath, [NEXT, "build"], {
    cwd: APP,
    env: ENV,
    timeout: 400_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  writeFileSync(keyFile, key);
}

/** The cookie with one character of its signature changed (not the last: its low bits may be padding). */
function forged(cookie: string): string {
  return cookie.slice(0, -5) + (cookie.at(-5) === "A" ? "B" : "A") + cookie.slice(-4);
}

describe.skipIf(!ready || !python)("Next.js: an App Router app and Flask share one session", () => {
  let flask: FlaskServer;
  let next: ChildServer;
  const url = () => ({ url: `http://127.0.0.1:${next.port}` });

  beforeAll(async () => {
    const [, started] = await Promise.all([build(), startFlask(python!, { SECRET_KEY })]);
    flask = started;
    next = await startChildServer("next start", process.execPath, [NEXT, "start", "-H", "127.0.0.1", "-p", "0"], {
      cwd: APP,
      env: ENV,
      listening: /^- Local:\s+http:\/\/127\.0\.0\.1:(\d+)/,
    });
  }, 420_000);

  afterAll(async () => {
    await next?.stop();
    await flask?.stop();
  });

  test("a route handler reads what Flask's login wrote, flash messages as (category, message)", async () => {
    const browser = new Browser();
    await browser.request(flask, "POST", "/login", { user_id: "7" });
    const read = await browser.request(url(), "GET", "/api/cart");
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ user: "7", cart: null, flashes: [["success", "You are logged in."]] });
  });

  test("the README's POST handler writes a cookie Flask reads, Flask's own keys kept", async () => {
    const browser = new Browser();
    await browser.request(flask, "POST", "/login", { user_id: "8" });
    const written = await browser.request(url(), "POST", "/api/cart");
    expect(written.body).toEqual({ ok: true });
    expect(written.setCookie).toHaveLength(1);
    expect(written.vary?.split(/,\s*/)).toContain("Cookie");
    const back = await browser.request(flask, "GET", "/session");
    const session = Object.fromEntries((back.body.session as { dict: [string, unknown][] }).dict);
    expect(session.cart).toEqual({ list: ["tea"] });
    expect(session._user_id).toBe("8");
    expect(session._fresh).toBe(true);
  });

  test("proxy.ts lets a logged-in user through and sends anyone else, forged cookie included, to /login", async () => {
    const browser = new Browser();
    const anonymous = await browser.request(url(), "GET", "/account");
    expect(anonymous.status).toBe(307);
    expect(anonymous.headers.get("location")).toMatch(/\/login$/);

    await browser.request(flask, "POST", "/login", { user_id: "9" });
    const through = await browser.request(url(), "GET", "/account");
    expect(through.status).toBe(200);
    expect(through.body).toEqual({ account: "9" });

    await browser.plant("session", forged((await browser.cookie("session"))!));
    const refused = await browser.request(url(), "GET", "/account");
    expect(refused.status).toBe(307);
  });

  test("in Next's Edge runtime: reads Flask's session, writes one Flask reads, refuses a forged one", async () => {
    const browser = new Browser();
    await browser.request(flask, "POST", "/login", { user_id: "10" });
    const read = await browser.request(url(), "GET", "/api/edge");
    expect(read.body).toEqual({ runtime: "edge", user: "10", loadError: null });

    const written = await browser.request(url(), "POST", "/api/edge");
    expect(written.body).toEqual({ visits: 1 });
    const back = await browser.request(flask, "GET", "/session");
    const session = Object.fromEntries((back.body.session as { dict: [string, unknown][] }).dict);
    expect(session.visits).toEqual({ int: "1" });
    expect(session._user_id).toBe("10");

    await browser.plant("session", forged((await browser.cookie("session"))!));
    const refused = await browser.request(url(), "GET", "/api/edge");
    expect(refused.status).toBe(200);
    expect(refused.body).toEqual({ runtime: "edge", user: null, loadError: "BadTimeSignature" });
  });
});
