/**
 * One conformance suite, run unchanged in every runtime that is installed: the bundle of
 * test/conformance/ (the fixture tables of itsdangerous and Flask, both directions, and the
 * hostile-input table, over the built library) in Node 20/22/24, Bun, Deno, Cloudflare's workerd,
 * the Edge Runtime's VM, Chromium, Firefox ESR and WebKitGTK. Each runtime pulls the bundle and the
 * tables from a loopback server, reports cases run and passed per table, and must pass every case
 * and run exactly as many as the Node tests count. The server runtimes also serve the README's
 * fetch-handler recipe on a loopback port and share a session with the real Flask app.
 *
 * A runtime that is not installed is skipped with what to install (`npm run runtimes:install`,
 * Debian's packages), and fails under CI, whose .ci/run installs them all. The closing table says
 * which ran and which were skipped, and why.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bundleConformance, type Bundle } from "../conformance/bundle.js";
import { FIXTURES_DIR, fixtureTables, MAX_SUITE_BYTES } from "../conformance/fixtures.js";
import { LIMITS_TABLE, limitCaseCount, type Report } from "../conformance/suite.js";
import { Browser } from "../helpers/browser.js";
import { pythonWithFlask, startFlask, type FlaskServer } from "../helpers/flask-server.js";
import type { Served } from "../helpers/http.js";
import { missing } from "../helpers/requirement.js";
import { compareTyped, fromTyped, type Typed } from "../helpers/typed.js";
import { startFixtureServer } from "./fixture-server.js";
import { RUNTIMES, type Launch, type Runtime } from "./registry.js";
import { runFolder, type ServingRuntime } from "./servers.js";

const SUITE = "test/runtimes/conformance.test.ts";
const SECRET_KEY = "runtimes-secret-key";

/** Runtimes started at once: two cores, and a browser or a runtime each. */
const CONCURRENCY = 3;

const found = fixtureTables();
const expected = new Map([...found.tables.map((t) => [t.table, t.cases] as const), [LIMITS_TABLE, limitCaseCount()]]);
const expectedCases = [...expected.values()].reduce((a, b) => a + b, 0);

/** Each runtime found now (the test list is fixed before any test runs), or why not. */
const RUNS = RUNTIMES.map((runtime) => ({ runtime, launch: runtime.find() }));

/** One line of the closing table. */
interface Row {
  runtime: string;
  version: string;
  cases: number | null;
  passed: number | null;
  seconds: number | null;
  note: string;
}
const rows = new Map<string, Row>();

let active = 0;
const waiting: (() => void)[] = [];
async function limited<T>(run: () => Promise<T>): Promise<T> {
  while (active >= CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  active++;
  try {
    return await run();
  } finally {
    active--;
    waiting.shift()?.();
  }
}

/** A typed session with its dicts' entries in sorted order and datetimes without Python's `iso`. */
function sameSession(actual: Typed, expectedSession: Typed): string | null {
  return compareTyped(fromTyped(actual), expectedSession, "$", { ignoreKeyOrder: true });
}

/** Values of every tagged type, and a `__proto__` key that must stay data. */
const RICH: Typed = {
  dict: [
    ["cart", { tuple: ["tea", { int: "2" }] }],
    ["token", { bytes: "00ff10" }],
    ["big", { int: "1180591620717411303424" }],
    ["ratio", { float: "0.1" }],
    ["id", { uuid: "12345678123456781234567812345678" }],
    ["when", { datetime: 1700000000 }],
    ["note", { markup: "<b>hi</b>" }],
    ["nested", { dict: [["__proto__", { list: [{ int: "1" }, null, true] }]] }],
  ],
};

/** The server runtime reads Flask's login, writes values of every type, and Flask reads them back. */
async function shareSession(server: ServingRuntime, flask: FlaskServer): Promise<void> {
  const browser = new Browser();
  const login = await browser.request(flask, "POST", "/login", { user_id: "7", remember: true });
  expect(login.status).toBe(200);
  const read = await browser.request(server, "GET", "/session");
  expect(read.body.loadError, "the runtime opened Flask's cookie").toBeNull();
  expect(sameSession(read.body.session as Typed, login.body.session as Typed)).toBeNull();

  const written = await browser.request(server, "POST", "/session", { set: RICH });
  expect(written.setCookie, "the runtime wrote the session back").toHaveLength(1);
  expect(written.vary).toBe("Cookie");
  const back = await browser.request(flask, "GET", "/session");
  expect(sameSession(written.body.session as Typed, back.body.session as Typed), "Flask reads what the runtime wrote").toBeNull();
  for (const [key, value] of (RICH as { dict: [string, Typed][] }).dict) {
    const entry = (back.body.session as { dict: [string, Typed][] }).dict.find(([k]) => k === key);
    expect(entry && compareTyped(fromTyped(value), entry[1], `$.${key}`), `Flask's ${key}`).toBeNull();
  }
}

/** Checks a runtime's report: the right runtime, every table, every case run and passed. */
function checkReport(runtime: Runtime, version: string, report: Report): void {
  expect(runtime.misidentified(report.environment, version), "the suite ran in this runtime").toBeNull();
  expect(report.tables.map((t) => t.table)).toEqual([...expected.keys()]);
  for (const table of report.tables) {
    const shown = table.failures.slice(0, 10).map((f) => `${f.id}: ${f.error}`);
    expect(shown, `${table.table}: ${table.failed} checks failed in ${runtime.name} (first 10 shown)`).toEqual([]);
    expect(table.cases, `${table.table}: as many cases as the Node tests run`).toBe(expected.get(table.table));
    expect(table.passed).toBe(table.cases);
  }
}

async function runIn(runtime: Runtime, launch: Launch, base: string, flask: FlaskServer | null, bundle: Bundle): Promise<void> {
  const started = Date.now();
  const folder = runFolder(bundle);
  const row: Row = { runtime: runtime.name, version: "?", cases: null, passed: null, seconds: null, note: "failed" };
  rows.set(runtime.name, row);
  try {
    let version: string;
    let report: Report;
    if (launch.kind === "server") {
      const server = await launch.start(folder, base, SECRET_KEY);
      try {
        version = server.version;
        row.version = version;
        const response = await fetch(`${server.url}/conformance`, { signal: AbortSignal.timeout(300_000) });
        report = (await response.json()) as Report;
        if (!response.ok) throw new Error(`${runtime.name}: ${JSON.stringify(report)}`);
        record(row, report);
        checkReport(runtime, version, report);
        if (flask) {
          await shareSession(server, flask);
          row.note = "all passed; shared a session with Flask";
        } else row.note = "all passed; no Flask to share a session with";
      } finally {
        await server.stop();
      }
    } else {
      ({ version, report } = await (launch.kind === "browser" ? launch.run(base) : launch.run(folder, base)));
      row.version = version;
      record(row, report);
      checkReport(runtime, version, report);
      row.note = "all passed";
    }
  } finally {
    row.seconds = (Date.now() - started) / 1000;
    folder.remove();
  }
}

function record(row: Row, report: Report): void {
  row.cases = report.tables.reduce((n, t) => n + t.cases, 0);
  row.passed = report.tables.reduce((n, t) => n + t.passed, 0);
}

function printTable(): void {
  const lines = RUNS.map(({ runtime, launch }) => {
    const row = rows.get(runtime.name);
    if (!launch.ok) return [runtime.name, "-", "-", "-", "-", `skipped: ${launch.reason}`];
    if (!row) return [runtime.name, "-", "-", "-", "-", "not run"];
    return [
      row.runtime,
      row.version,
      String(row.cases ?? "-"),
      String(row.passed ?? "-"),
      row.seconds?.toFixed(1) ?? "-",
      row.note,
    ];
  });
  const header = ["runtime", "version", "cases", "passed", "seconds", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
  console.info(
    [
      `Conformance suite: ${expectedCases} cases in ${expected.size} tables (${found.duplicates.length} duplicate and ${found.excluded.length} excluded tables not run)`,
      format(header),
      ...lines.map(format),
    ].join("\n"),
  );
}

describe("one conformance suite in every runtime", () => {
  let bundle: Bundle;
  let fixtures: Served;
  let flask: FlaskServer | null = null;
  const python = pythonWithFlask(`${SUITE} (the session shared between each server runtime and Flask)`);

  beforeAll(async () => {
    bundle = await bundleConformance();
    fixtures = await startFixtureServer(
      bundle,
      FIXTURES_DIR,
      found.tables.map((t) => t.table),
    );
    if (python) flask = await startFlask(python, { SECRET_KEY });
  });

  afterAll(async () => {
    printTable();
    await fixtures?.close();
    await flask?.stop();
  });

  test("every fixture table is run, or excluded with a reason", () => {
    expect(
      found.unknown,
      "fixture tables of a kind the suite does not know: add its checks to test/conformance/suite.ts, or its reason to NOT_IN_SUITE",
    ).toEqual([]);
    // Every Flask release's table of each kind (fixtures/<env>/), the ones several share once.
    expect(found.tables.map((t) => t.table)).toContain("flask-3.1/flask-sessions.json");
    expect(found.tables.map((t) => t.table)).toContain("flask-2.2/flask-set-cookie.json");
    expect(found.tables.map((t) => t.table)).toContain("flask-3.1/itsdangerous.json");
  });

  test(`the tables fit a browser's budget (${MAX_SUITE_BYTES / 1024 / 1024} MiB)`, () => {
    expect(found.tables.reduce((n, t) => n + t.bytes, 0)).toBeLessThanOrEqual(MAX_SUITE_BYTES);
  });

  test("the bundle is self-contained and holds the built library, not the sources", () => {
    expect(bundle.imports).toEqual([]);
    expect(bundle.modules.filter((m) => m.startsWith("src/"))).toEqual([]);
    expect(bundle.modules).toContain("dist/flask/session.js");
    expect(bundle.modules).toContain("dist/adapters/web.js");
  });

  test.concurrent.for(RUNS.map((r) => [r.runtime.name, r] as const))(
    "%s",
    { timeout: 400_000 },
    async ([, { runtime, launch }], context) => {
      if (!launch.ok) {
        missing(`${SUITE}: ${runtime.name}`, launch.reason);
        context.skip(launch.reason);
        return;
      }
      await limited(() => runIn(runtime, launch.value, `${fixtures.url}/`, flask, bundle));
    },
  );
});
