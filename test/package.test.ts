/**
 * The package as users get it: packed, checked by publint and "Are the types wrong?", installed
 * into an empty project and imported by name from ESM and from CommonJS (`require()` of ESM,
 * which Node >= 20.19 supports: our `engines` floor).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const root = new URL("..", import.meta.url).pathname;
let work: string;
let tarball: string;

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

describe("the packed package", () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "fsc-pack-"));
    // dist/ was built by the global setup; --ignore-scripts keeps pack from rebuilding it while
    // other test files use it.
    run("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", work], root);
    tarball = join(work, readdirSync(work).find((f) => f.endsWith(".tgz"))!);
    const app = join(work, "app");
    run("mkdir", ["-p", app], work);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
    run("npm", ["install", "--silent", "--prefer-offline", "--no-audit", "--no-fund", tarball], app);
  }, 240_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("publint finds nothing to fix", () => {
    const out = run(join(root, "node_modules/.bin/publint"), ["run", tarball, "--strict"], root);
    expect(out).toContain("All good!");
  });

  test("its types resolve in every module mode (attw)", () => {
    // require() of ESM is supported from Node 20.19, the engines floor, so that rule is waived;
    // the CommonJS test below proves it works.
    const out = run(join(root, "node_modules/.bin/attw"), [tarball, "--ignore-rules", "cjs-resolves-to-esm", "--format", "table-flipped"], root);
    expect(out).toMatch(/No problems found|🟢/);
  });

  test("imports by name from ESM and round-trips a token", () => {
    const script = `
      import { URLSafeTimedSerializer, SecureCookieSessionInterface } from "flask-session-cookie";
      const s = new URLSafeTimedSerializer("k", { salt: "s" });
      const sessions = new SecureCookieSessionInterface();
      const session = sessions.openSession({ secretKey: "k" }, null);
      console.log(JSON.stringify(s.loads(s.dumps({ a: 1 }))), session.size);
    `;
    const out = run("node", ["--input-type=module", "-e", script], join(work, "app"));
    expect(out.trim()).toBe('{"a":1} 0');
  });

  test("`npx flask-session-cookie` runs the installed command-line tool", () => {
    const app = join(work, "app");
    const help = run("npx", ["--no-install", "flask-session-cookie", "--help"], app);
    expect(help).toMatch(/^flask-session-cookie: inspect, verify and issue Flask session cookies/);
    expect(help).toContain("flask-session-cookie verify <cookie>");
    // A real verdict through the installed bin: its imports resolve inside the installed package.
    const cookie = "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.ej69Upl3TXU0599FxiUBFdmK56g"; // fixtures/flask-3.1/flask-bad-cookies.json "valid"
    const verdict = execFileSync("npx", ["--no-install", "flask-session-cookie", "verify", "--json", "--now", "1700000060", cookie], {
      cwd: app,
      encoding: "utf8",
      env: { ...process.env, FLASK_SECRET_KEY: "fixture-secret-key" },
    });
    expect(JSON.parse(verdict)).toMatchObject({ verdict: "valid", python: "{'user': 'alice'}" });
  });

  test("requires by name from CommonJS", () => {
    const script = `
      const { Signer } = require("flask-session-cookie");
      const signer = new Signer("k");
      console.log(signer.unsign(signer.sign("hello")));
    `;
    const out = run("node", ["-e", script], join(work, "app"));
    expect(out.trim()).toBe("hello");
  });
});
