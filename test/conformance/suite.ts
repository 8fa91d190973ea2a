/**
 * The conformance suite: the same per-case checks as the Node tests (test/helpers/*-cases.ts) over
 * every fixture table Python wrote, plus the hostile-input table (test/helpers/limits-cases.ts),
 * run against the built library (dist/) through its public API. Bundled once
 * (test/conformance/bundle.ts) and run unchanged in each runtime (test/runtimes.test.ts,
 * test/edge-runtime.test.ts); the Node tests import it from the sources to count the cases each
 * runtime must run.
 *
 * Fixture tables are found, not listed: any `fixtures/**\/<kind>.json` whose kind has checks here
 * is run, so a table added for another Flask version (fixtures/flask-3.1/flask-sessions.json) joins
 * the suite by itself (once, if its cases are those of a table already run). A kind without checks
 * must be named in {@link NOT_IN_SUITE} with the reason.
 *
 * Everything crossing into or out of a runtime is JSON text, so that no object crosses realms.
 */
import * as library from "../../src/index.js";
import { checkCase, type Case } from "../helpers/itsdangerous-cases.js";
import {
  checkBadCookie,
  checkSessionRead,
  checkSessionWrite,
  checkSetCookie,
  type BadCookieCase,
  type SessionCase,
  type SetCookieCase,
} from "../helpers/flask-cases.js";
import type { MadeBy } from "../helpers/flask-config.js";
import { limitCases } from "../helpers/limits-cases.js";

/** A failed check: the case, the check function, and the error. */
export interface Failure {
  id: string;
  error: string;
}

/** The outcome of one fixture table (or of the hostile-input table, {@link LIMITS_TABLE}). */
export interface TableResult {
  /** The fixture file relative to fixtures/ (`flask-sessions.json`, `flask-3.1/flask-sessions.json`), or {@link LIMITS_TABLE}. */
  table: string;
  /** Cases run. */
  cases: number;
  /** Cases whose every check passed. */
  passed: number;
  /** Checks run: Python's recorded verdicts for itsdangerous cases, one per check function for the others. */
  checks: number;
  /** How many checks failed; only the first {@link MAX_FAILURES} are in `failures`. */
  failed: number;
  failures: Failure[];
  /** Wall-clock milliseconds the table took in the runtime. */
  ms: number;
}

/** What one runtime says about itself and what it ran. */
export interface Report {
  environment: Environment;
  tables: TableResult[];
}

/** The hostile-input table's name in a {@link Report}. */
export const LIMITS_TABLE = "limits (hostile inputs)";

/** Failures kept per table: enough to diagnose, small enough to cross a browser protocol. */
export const MAX_FAILURES = 20;

/** One case, ready to run: its id, how many checks it counts for, and its check functions bound to it. */
interface Prepared {
  id: string;
  checks: number;
  run: [name: string, check: () => void][];
}

/** A parsed fixture file (`{ cases, generatedBy, ... }`) → the prepared cases to run. */
type Suite = (file: { cases: unknown[]; generatedBy?: MadeBy }) => Prepared[];

/**
 * The checks of one kind of table, each run with the library set to the Flask and Werkzeug that
 * wrote the table (its generatedBy; a hand-made table without one: the newest).
 */
function suite<T extends { id: string }>(
  checks: ((c: T, made: MadeBy) => void)[],
  { count = () => checks.length }: { count?: (c: T) => number } = {},
): Suite {
  return (file) => {
    const made = file.generatedBy ?? { flask: "3.1" };
    return (file.cases as T[]).map((c) => ({
      id: c.id,
      checks: count(c),
      run: checks.map((check) => [check.name, () => check(c, made)]),
    }));
  };
}

/** Each kind of fixture table (its file name) and the checks its cases get: the same as in the Node tests. */
const SUITES: Record<string, Suite> = {
  "itsdangerous.json": suite<Case>([checkCase], { count: (c) => c.checks.length }),
  "itsdangerous-mutations.json": suite<Case>([checkCase], { count: (c) => c.checks.length }),
  "flask-sessions.json": suite<SessionCase>([checkSessionRead, checkSessionWrite]),
  "flask-set-cookie.json": suite<SetCookieCase>([checkSetCookie]),
  "flask-bad-cookies.json": suite<BadCookieCase>([checkBadCookie]),
};

/**
 * Kinds of fixture table that the suite does not run, and why: each is checked by the Node tests
 * on internals (not the public API the suite holds to).
 */
export const NOT_IN_SUITE: Record<string, string> = {
  "flask-session.json":
    "Flask-Session's server-side records (msgpack, JSON, pickle), checked in Node by test/flask-session/fixtures.test.ts and hostile.test.ts",
  "flask-login.json": "Flask-Login's remember cookies and session keys, checked in Node by test/login.fixtures.test.ts",
  "flask-wtf.json": "Flask-WTF's CSRF tokens and verdicts, checked in Node by test/csrf.fixtures.test.ts",
  "python-semantics.json": "checks internals (src/json.ts, the Cookie header reader) beyond the public API: Node tests only",
  "zlib-compress.json":
    "byte-exact deflate of generated inputs rebuilt with Node's crypto: Node tests only (the tables above run compressed tokens)",
  "zlib-inflate.json":
    "checks the internal inflate (src/zlib/inflate.ts): Node tests only (the tables above and the zlib bomb run it)",
  "werkzeug-cookies.json":
    "Werkzeug's Cookie reader, dump_cookie and idna codec per release (rows, not cases; 1.6 MB in all): Node tests only (test/cookie-werkzeug.test.ts); the session tables run the reader and writer everywhere",
};

/** The kind of a fixture table: its file name (`flask-3.1/flask-sessions.json` → `flask-sessions.json`). */
export function kindOf(table: string): string {
  return table.slice(table.lastIndexOf("/") + 1);
}

/** Whether the suite runs this fixture table (else its kind is in {@link NOT_IN_SUITE}, or unknown). */
export function inSuite(table: string): boolean {
  return kindOf(table) in SUITES;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `thrown non-error: ${String(error)}`;
}

function prepare(table: string, json: string): Prepared[] {
  const run = SUITES[kindOf(table)];
  if (!run) throw new Error(`no checks for fixture table ${table}`);
  return run(JSON.parse(json) as { cases: unknown[]; generatedBy?: MadeBy });
}

function prepareLimits(): Prepared[] {
  return limitCases().map((c) => ({ id: c.id, checks: 1, run: [["check", c.check]] }));
}

/** How many cases of a fixture table (its JSON text) the suite runs: the count every runtime must reach. */
export function casesIn(table: string, json: string): number {
  return prepare(table, json).length;
}

/** How many hostile-input cases the suite runs. */
export function limitCaseCount(): number {
  return limitCases().length;
}

function runPrepared(table: string, prepared: Prepared[]): TableResult {
  const started = Date.now();
  const result: TableResult = { table, cases: 0, passed: 0, checks: 0, failed: 0, failures: [], ms: 0 };
  for (const c of prepared) {
    result.cases++;
    result.checks += c.checks;
    const failedBefore = result.failed;
    for (const [name, check] of c.run) {
      try {
        check();
      } catch (error) {
        result.failed++;
        if (result.failures.length < MAX_FAILURES) result.failures.push({ id: `${c.id} (${name})`, error: describeError(error) });
      }
    }
    if (result.failed === failedBefore) result.passed++;
  }
  result.ms = Date.now() - started;
  return result;
}

/** Runs every case of one fixture table (its path under fixtures/ and its JSON text); returns a {@link TableResult} as JSON. */
export function runTable(table: string, json: string): string {
  return JSON.stringify(runPrepared(table, prepare(table, json)));
}

/** Runs the hostile-input table; returns a {@link TableResult} as JSON. */
export function runLimits(): string {
  return JSON.stringify(runPrepared(LIMITS_TABLE, prepareLimits()));
}

/** What the runtime is, as seen from inside: its user agent and which platform globals it has. */
export interface Environment {
  userAgent: string | null;
  /** `process.versions.node`, where there is one (Node, Bun, Deno; workerd fakes one). */
  node: string | null;
  /** Which of the globals that tell runtimes apart exist. */
  globals: Record<string, boolean>;
}

/** The globals that tell runtimes apart. */
const TELLING_GLOBALS = [
  "window",
  "document",
  "process",
  "Buffer",
  "require",
  "Deno",
  "Bun",
  "EdgeRuntime",
  "WebSocketPair",
  "HTMLRewriter",
];

/** The runtime, as seen from inside. */
export function environment(): Environment {
  const scope = globalThis as { navigator?: { userAgent?: string }; process?: { versions?: { node?: string } } };
  return {
    userAgent: scope.navigator?.userAgent ?? null,
    node: scope.process?.versions?.node ?? null,
    globals: Object.fromEntries(
      TELLING_GLOBALS.map((name) => [name, typeof (globalThis as Record<string, unknown>)[name] !== "undefined"]),
    ),
  };
}

/** The fixture tables a runtime is asked to run (fixtures/ relative paths), as the test's fixture server lists them. */
export interface Manifest {
  tables: string[];
}

/**
 * Runs the whole suite: every table of the manifest, read through `read` (a path relative to the
 * fixture server: `manifest.json`, `fixtures/<table>`), then the hostile-input table.
 *
 * @param read - Fetches a file of the fixture server as text.
 */
export async function runConformance(read: (path: string) => Promise<string>): Promise<Report> {
  const manifest = JSON.parse(await read("manifest.json")) as Manifest;
  const tables: TableResult[] = [];
  for (const table of manifest.tables) {
    tables.push(JSON.parse(runTable(table, await read(`fixtures/${table}`))) as TableResult);
  }
  tables.push(JSON.parse(runLimits()) as TableResult);
  return { environment: environment(), tables };
}

/** {@link runConformance} against a fixture server at `base` (ending in `/`), with the runtime's own `fetch`. */
export function runConformanceFrom(base: string): Promise<Report> {
  return runConformance(async (path) => {
    const response = await fetch(new URL(path, base));
    if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
    return response.text();
  });
}

/** The names the library exports, as seen inside the runtime (the whole entry point is bundled and evaluated). */
export const LIBRARY_EXPORTS = Object.keys(library).sort();

/** A random UUID from the runtime's Web Crypto (the core's one use of it; no fixture covers it). */
export function randomUUID(): string {
  return library.UUID.random().toString();
}
