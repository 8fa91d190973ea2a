/**
 * The core outside Node (issue #4): the checks of itsdangerous.fixtures.test.ts and
 * flask.fixtures.test.ts, bundled with the built library (dist/) into one script
 * (edge/bundle.ts), run inside Vercel's EdgeVM (`@edge-runtime/vm`, the Edge Runtime's sandbox: a
 * V8 context with only Web APIs, no `process`, `Buffer` or `require`, no `eval`) over the same
 * fixture files (the newest Flask's: the versions are the Node tests' business), handed in as
 * JSON text.
 */
import { readFileSync } from "node:fs";
import { fixtureFor } from "./helpers/fixtures.js";
import { EdgeVM } from "@edge-runtime/vm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as library from "../src/index.js";
import { BUNDLE_GLOBAL, bundleEdgeChecks } from "./edge/bundle.js";
import { casesToCheck, FIXTURE_FILES, type SuiteResult } from "./edge/checks.js";
import type { Case } from "./helpers/itsdangerous-cases.js";
import type { SessionCase } from "./helpers/flask-cases.js";
import { hasIntegralFloat } from "./helpers/typed.js";

/** What Node has and an edge runtime or a browser does not. */
const NODE_GLOBALS = ["process", "Buffer", "require", "module", "exports", "global", "__dirname", "__filename", "setImmediate"];

/** The newest environment's table `name`, as text. */
function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/${fixtureFor(name).file}`, import.meta.url), "utf8");
}

/** Each fixture file, its text, and how many of its cases the Node tests check. */
const FILES = FIXTURE_FILES.map((file) => {
  const json = fixture(file);
  return { file, json, count: casesToCheck(file, json) };
});

describe("inside an edge runtime (EdgeVM: Web APIs only)", () => {
  let vm: EdgeVM;
  let modules: string[] = [];
  const results: SuiteResult[] = [];

  /** Runs an expression inside the VM; JSON text crosses the realm boundary, objects do not. */
  function inVM<T>(expression: string): T {
    return JSON.parse(vm.evaluate<string>(`JSON.stringify(${expression})`)) as T;
  }

  function runFile(file: string, json: string): SuiteResult {
    const run = vm.evaluate<(file: string, json: string) => string>(`${BUNDLE_GLOBAL}.runFixtureFile`);
    return JSON.parse(run(file, json)) as SuiteResult;
  }

  beforeAll(async () => {
    const bundle = await bundleEdgeChecks();
    expect(bundle.imports, "the bundle must be self-contained").toEqual([]);
    modules = bundle.modules;
    vm = new EdgeVM();
    // Before any of our code runs: the runtime really lacks what Node has.
    expect(inVM(`${JSON.stringify(NODE_GLOBALS)}.filter((name) => typeof globalThis[name] !== "undefined")`)).toEqual([]);
    vm.evaluate(bundle.code);
  });

  afterAll(() => {
    const cases = results.reduce((n, r) => n + r.cases, 0);
    const checks = results.reduce((n, r) => n + r.checks, 0);
    console.info(`Edge VM: ${cases} fixture cases, ${checks} checks passed in ${results.length} files.`);
  });

  test("the runtime has no Node globals, no eval, and is the Edge Runtime", () => {
    expect(inVM(`${JSON.stringify(NODE_GLOBALS)}.map((name) => typeof globalThis[name])`)).toEqual(NODE_GLOBALS.map(() => "undefined"));
    expect(inVM(`(() => { try { eval("1"); return "eval allowed"; } catch (e) { return e.name; } })()`)).toBe("EvalError");
    expect(inVM("typeof EdgeRuntime")).toBe("string");
  });

  test("the bundle holds the built library, not the sources; all of its entry point loads; Web Crypto works", () => {
    expect(modules.filter((m) => m.startsWith("src/"))).toEqual([]);
    expect(modules).toContain("dist/flask/session.js");
    expect(inVM(`${BUNDLE_GLOBAL}.LIBRARY_EXPORTS`)).toEqual(Object.keys(library).sort());
    expect(inVM(`${BUNDLE_GLOBAL}.randomUUID()`)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test.each(FILES.map((f) => [`${f.file}: ${f.count} cases`, f] as const))("%s pass inside the VM", (_name, { file, json, count }) => {
    const result = runFile(file, json);
    const shown = result.failures.slice(0, 10).map((f) => `${f.id}: ${f.error}`);
    expect(shown, `${result.failures.length} checks failed inside the edge VM (first 10 shown)`).toEqual([]);
    expect(result.cases, "every case the Node tests run").toBe(count);
    expect(result.checks).toBeGreaterThanOrEqual(count);
    results.push(result);
  });

  test("a check that fails inside the VM is reported with its case and the difference", () => {
    // Python's verdict turned from "ok" into "BadSignature": our (correct) answer must now fail.
    const tokenTable = JSON.parse(fixture("itsdangerous.json")) as { cases: Case[]; generatedBy: unknown };
    const tokens = tokenTable.cases;
    const c = tokens.find((x) => x.constructError === undefined && x.checks.some((check) => check.call === "unsign" && check.result === "ok"))!;
    const forged: Case = {
      ...c,
      checks: c.checks.map((check) => (check.call === "unsign" && check.result === "ok" ? { ...check, result: "BadSignature", message: "forged" } : check)),
    };
    let result = runFile("itsdangerous.json", JSON.stringify({ generatedBy: tokenTable.generatedBy, cases: [forged] }));
    expect(result.cases).toBe(1);
    expect(result.failures.map((f) => f.id)).toEqual([`${c.id} (checkCase)`]);
    expect(result.failures[0]!.error).toContain("Python raised BadSignature (forged), we returned");

    // A Set-Cookie Flask never sent: the edge expect's toBe must catch it.
    const sessionTable = JSON.parse(fixture("flask-sessions.json")) as { cases: SessionCase[]; generatedBy: unknown };
    const s = sessionTable.cases.find((x) => !hasIntegralFloat(x.session))!;
    result = runFile("flask-sessions.json", JSON.stringify({ generatedBy: sessionTable.generatedBy, cases: [{ ...s, setCookie: `${s.setCookie}x` }] }));
    expect(result.failures.map((f) => f.id)).toEqual([`${s.id} (checkSessionWrite)`]);
    expect(result.failures[0]!.error).toMatch(/^AssertionError: expected "session=.*" to be "session=.*x" \/\/ Object\.is equality$/);
  });
});
