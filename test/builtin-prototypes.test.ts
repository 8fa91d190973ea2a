/**
 * Importing the library leaves the engine's built-ins as they were (#16). V8 turns a prototype
 * that a user-made object inherits from into a slow "dictionary mode" object, and for
 * `String.prototype` it never makes it fast again: from then on every `charCodeAt` loop of the
 * process, the app's own included, ran 2.5-5x slower (that is what `class Markup extends String`
 * did). V8 says whether an object has fast properties through `%HasFastProperties`, a native
 * available with `--allow-natives-syntax`; so a child Node with that flag imports every entry
 * point of the built package (package.json's `exports` and its `bin`), uses what could reshape a
 * built-in (Markup, Tuple, every Flask tag, a session round trip) and reports.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  exports: Record<string, string | { default: string }>;
  bin: Record<string, string>;
};
/** The built file of every subpath export (except package.json itself). */
const entries = Object.values(pkg.exports)
  .map((target) => (typeof target === "string" ? target : target.default))
  .filter((file) => file.endsWith(".js"))
  .map((file) => join(root, file));

const work = mkdtempSync(join(tmpdir(), "fsc-builtins-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The prototypes whose shape is checked, and the native that reports it. */
const REPORT = `
const fastProperties = () => ({
  "String.prototype": %HasFastProperties(String.prototype),
  "Array.prototype": %HasFastProperties(Array.prototype),
  "Object.prototype": %HasFastProperties(Object.prototype),
});
`;

function node(args: string[]): string {
  return execFileSync(process.execPath, ["--allow-natives-syntax", ...args], {
    cwd: work,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

const ALL_FAST = { "String.prototype": true, "Array.prototype": true, "Object.prototype": true };

describe("the built-in prototypes keep fast properties", () => {
  test("the check itself sees a String subclass make String.prototype slow", () => {
    // Without this, a check that always says "fast" would pass.
    const script = join(work, "control.mjs");
    writeFileSync(
      script,
      `${REPORT}\nconst before = fastProperties();\nclass S extends String {}\nnew S("x");\nconsole.log(JSON.stringify([before, fastProperties()]));\n`,
    );
    expect(JSON.parse(node([script]))).toEqual([ALL_FAST, { ...ALL_FAST, "String.prototype": false }]);
  });

  test("after importing every entry point and using Markup, Tuple and every Flask tag", () => {
    const script = join(work, "entries.mjs");
    writeFileSync(
      script,
      `${REPORT}
const before = fastProperties();
const modules = [];
for (const entry of ${JSON.stringify(entries)}) modules.push(await import(entry));
const afterImport = fastProperties();
const { Markup, Tuple, UUID, SecureCookieSessionInterface, TaggedJSONSerializer } = modules[0];
const m = new Markup("<b>hi</b>");
const used = [String(m), m + "", \`\${m}\`, JSON.stringify({ m }), Markup.escape("<i>").toString(), m.length];
const sessions = new SecureCookieSessionInterface();
const session = sessions.openSession({ secretKey: "k" }, null);
session.set("all", [new Tuple("a", 1), new Uint8Array([0, 255]), m, new UUID("12345678123456781234567812345678"), new Date(0), { " t": 1 }]);
const { setCookie } = sessions.saveSession({ secretKey: "k" }, session);
const again = sessions.openSession({ secretKey: "k" }, setCookie.split(";")[0]);
used.push(again.get("all").length, new TaggedJSONSerializer().loads('{" m":"x"}').toString());
console.log(JSON.stringify({ before, afterImport, afterUse: fastProperties(), used }));
`,
    );
    const report = JSON.parse(node([script])) as Record<string, unknown>;
    expect(report).toEqual({
      before: ALL_FAST,
      afterImport: ALL_FAST,
      afterUse: ALL_FAST,
      used: ["<b>hi</b>", "<b>hi</b>", "<b>hi</b>", '{"m":"<b>hi</b>"}', "&lt;i&gt;", 9, 6, "x"],
    });
  });

  test.each(Object.entries(pkg.bin))("after the command-line tool (%s) decodes a session", (_name, bin) => {
    const report = join(work, "report-on-exit.mjs");
    writeFileSync(
      report,
      `${REPORT}\nprocess.on("exit", () => process.stderr.write("\\nFAST " + JSON.stringify(fastProperties()) + "\\n"));\n`,
    );
    const cookie = "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.ej69Upl3TXU0599FxiUBFdmK56g"; // fixtures/flask-3.1/flask-bad-cookies.json "valid"
    const run = spawnSync(process.execPath, ["--allow-natives-syntax", "--import", report, join(root, bin), "decode", cookie], {
      cwd: work,
      encoding: "utf8",
    });
    expect(run.stdout).toContain("'user': 'alice'");
    const stderr = run.stderr;
    expect(JSON.parse(/FAST (.*)/.exec(stderr)![1]!)).toEqual(ALL_FAST);
  });
});
