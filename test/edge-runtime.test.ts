/**
 * The conformance bundle (test/conformance/: the checks of the fixture and limits tests, bundled
 * with the built library, dist/) inside Vercel's EdgeVM (`@edge-runtime/vm`, the Edge Runtime's
 * sandbox: a V8 context with only Web APIs, no `process`, `Buffer` or `require`, no `eval`): the
 * sandbox really is one, the whole entry point loads there, and a check that fails inside is
 * reported with its case and the difference. The whole suite runs there, and in every other
 * runtime, in test/runtimes/conformance.test.ts.
 */
import { readFileSync } from "node:fs";
import { EdgeVM } from "@edge-runtime/vm";
import { beforeAll, describe, expect, test } from "vitest";
import * as library from "../src/index.js";
import { BUNDLE_GLOBAL, bundleConformance } from "./conformance/bundle.js";
import { FIXTURES_DIR } from "./conformance/fixtures.js";
import type { TableResult } from "./conformance/suite.js";
import type { Case } from "./helpers/itsdangerous-cases.js";
import type { SessionCase } from "./helpers/flask-cases.js";
import { hasIntegralFloat } from "./helpers/typed.js";
import { fixtureFor } from "./helpers/fixtures.js";

/** What Node has and an edge runtime or a browser does not. */
const NODE_GLOBALS = ["process", "Buffer", "require", "module", "exports", "global", "__dirname", "__filename", "setImmediate"];

/** The newest environment's table `name` (fixtures/<env>/<name>), as text. */
function fixture(name: string): string {
  return readFileSync(`${FIXTURES_DIR}${fixtureFor(name).file}`, "utf8");
}

describe("inside an edge runtime (EdgeVM: Web APIs only)", () => {
  let vm: EdgeVM;
  let modules: string[] = [];

  /** Runs an expression inside the VM; JSON text crosses the realm boundary, objects do not. */
  function inVM<T>(expression: string): T {
    return JSON.parse(vm.evaluate<string>(`JSON.stringify(${expression})`)) as T;
  }

  function runTable(table: string, json: string): TableResult {
    const run = vm.evaluate<(table: string, json: string) => string>(`${BUNDLE_GLOBAL}.runTable`);
    return JSON.parse(run(table, json)) as TableResult;
  }

  beforeAll(async () => {
    const bundle = await bundleConformance();
    expect(bundle.imports, "the bundle must be self-contained").toEqual([]);
    modules = bundle.modules;
    vm = new EdgeVM();
    // Before any of our code runs: the runtime really lacks what Node has.
    expect(inVM(`${JSON.stringify(NODE_GLOBALS)}.filter((name) => typeof globalThis[name] !== "undefined")`)).toEqual([]);
    vm.evaluate(bundle.script);
  });

  test("the runtime has no Node globals, no eval, and is the Edge Runtime", () => {
    expect(inVM(`${JSON.stringify(NODE_GLOBALS)}.map((name) => typeof globalThis[name])`)).toEqual(
      NODE_GLOBALS.map(() => "undefined"),
    );
    expect(inVM(`(() => { try { eval("1"); return "eval allowed"; } catch (e) { return e.name; } })()`)).toBe("EvalError");
    expect(inVM("typeof EdgeRuntime")).toBe("string");
  });

  test("the bundle holds the built library, not the sources; all of its entry point loads; Web Crypto works", () => {
    expect(modules.filter((m) => m.startsWith("src/"))).toEqual([]);
    expect(modules).toContain("dist/flask/session.js");
    expect(inVM(`${BUNDLE_GLOBAL}.LIBRARY_EXPORTS`)).toEqual(Object.keys(library).sort());
    expect(inVM(`${BUNDLE_GLOBAL}.randomUUID()`)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  test("a check that fails inside the VM is reported with its case and the difference", () => {
    // Python's verdict turned from "ok" into "BadSignature": our (correct) answer must now fail.
    const tokens = (JSON.parse(fixture("itsdangerous.json")) as { cases: Case[] }).cases;
    const c = tokens.find(
      (x) => x.constructError === undefined && x.checks.some((check) => check.call === "unsign" && check.result === "ok"),
    )!;
    const forged: Case = {
      ...c,
      checks: c.checks.map((check) =>
        check.call === "unsign" && check.result === "ok" ? { ...check, result: "BadSignature", message: "forged" } : check,
      ),
    };
    let result = runTable("itsdangerous.json", JSON.stringify({ cases: [forged] }));
    expect([result.cases, result.passed, result.failed]).toEqual([1, 0, 1]);
    expect(result.failures.map((f) => f.id)).toEqual([`${c.id} (checkCase)`]);
    expect(result.failures[0]!.error).toContain("Python raised BadSignature (forged), we returned");

    // A Set-Cookie Flask never sent: the edge expect's toBe must catch it.
    const sessions = (JSON.parse(fixture("flask-sessions.json")) as { cases: SessionCase[] }).cases;
    const s = sessions.find((x) => !hasIntegralFloat(x.session))!;
    result = runTable("flask-sessions.json", JSON.stringify({ cases: [{ ...s, setCookie: `${s.setCookie}x` }] }));
    expect(result.failures.map((f) => f.id)).toEqual([`${s.id} (checkSessionWrite)`]);
    expect(result.failures[0]!.error).toMatch(
      /^AssertionError: expected "session=.*" to be "session=.*x" \/\/ Object\.is equality$/,
    );
  });
});
