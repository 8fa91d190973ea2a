/**
 * The entry of the bundle that runs inside the edge runtime (test/edge-runtime.test.ts): the same
 * per-case checks as the Node fixture tests (test/helpers/*-cases.ts), over fixtures handed in as
 * JSON text. It returns JSON text, so that no object crosses between the two realms.
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
import { pendingCookieWork } from "../helpers/pending.js";

/** The outcome of one fixture file. */
export interface SuiteResult {
  file: string;
  /** Cases run. */
  cases: number;
  /** Checks run: Python's recorded verdicts for itsdangerous cases, one per check function for Flask cases. */
  checks: number;
  failures: { id: string; error: string }[];
}

/** One case, ready to run: its id, how many checks it counts for, and its check functions bound to it. */
interface Prepared {
  id: string;
  checks: number;
  run: [name: string, check: () => void][];
}

/** The environment that wrote a fixture table (its generatedBy): which Flask to configure. */
interface Maker {
  env: string;
  flask: string;
}

/** A fixture file's cases → the prepared cases to run. */
type Suite = (cases: unknown[], maker: Maker) => Prepared[];

function suite<T extends { id: string }>(
  file: string,
  checks: ((c: T, flaskVersion: string) => void)[],
  { count = () => checks.length }: { count?: (c: T) => number } = {},
): Suite {
  return (cases, maker) =>
    (cases as T[]).map((c) => ({
      id: c.id,
      checks: count(c),
      run: checks.map((check) => [check.name, () => pendingCookieWork(maker, `${file} ${c.id}`, () => check(c, maker.flask))]),
    }));
}

/** Each fixture file and the checks its cases get: the same as in the Node tests. */
const SUITES: Record<string, Suite> = {
  "itsdangerous.json": suite<Case>("itsdangerous.json", [checkCase], { count: (c) => c.checks.length }),
  "itsdangerous-mutations.json": suite<Case>("itsdangerous-mutations.json", [checkCase], { count: (c) => c.checks.length }),
  "flask-sessions.json": suite<SessionCase>("flask-sessions.json", [checkSessionRead, checkSessionWrite]),
  "flask-set-cookie.json": suite<SetCookieCase>("flask-set-cookie.json", [checkSetCookie]),
  "flask-bad-cookies.json": suite<BadCookieCase>("flask-bad-cookies.json", [checkBadCookie]),
};

/** The names the library exports, as seen inside the runtime (the whole entry point is bundled and evaluated). */
export const LIBRARY_EXPORTS = Object.keys(library).sort();

/** A random UUID from the runtime's Web Crypto (the core's one use of it; no fixture covers it). */
export function randomUUID(): string {
  return library.UUID.random().toString();
}

/** The fixture files this bundle knows how to check. */
export const FIXTURE_FILES = Object.keys(SUITES);

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `thrown non-error: ${String(error)}`;
}

function prepare(file: string, json: string): Prepared[] {
  const suite = SUITES[file];
  if (!suite) throw new Error(`no checks for fixture file ${file}`);
  const doc = JSON.parse(json) as { cases: unknown[]; generatedBy: Maker };
  return suite(doc.cases, doc.generatedBy);
}

/** How many cases of a fixture file (its JSON text) are checked, here and in the Node tests. */
export function casesToCheck(file: string, json: string): number {
  return prepare(file, json).length;
}

/** Runs every case of one fixture file (its JSON text) through its checks; returns a {@link SuiteResult} as JSON. */
export function runFixtureFile(file: string, json: string): string {
  const result: SuiteResult = { file, cases: 0, checks: 0, failures: [] };
  for (const c of prepare(file, json)) {
    result.cases++;
    result.checks += c.checks;
    for (const [name, check] of c.run) {
      try {
        check();
      } catch (error) {
        result.failures.push({ id: `${c.id} (${name})`, error: describeError(error) });
      }
    }
  }
  return JSON.stringify(result);
}
