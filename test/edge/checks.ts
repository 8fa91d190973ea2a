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
  followedSetCookieCases,
  type BadCookieCase,
  type SessionCase,
  type SetCookieCase,
} from "../helpers/flask-cases.js";

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

/** A fixture file's cases → the prepared cases to run. */
type Suite = (cases: unknown[]) => Prepared[];

function suite<T extends { id: string }>(
  checks: ((c: T) => void)[],
  { select = (cases: T[]) => cases, count = () => checks.length }: { select?: (cases: T[]) => T[]; count?: (c: T) => number } = {},
): Suite {
  return (cases) =>
    select(cases as T[]).map((c) => ({ id: c.id, checks: count(c), run: checks.map((check) => [check.name, () => check(c)]) }));
}

/** Each fixture file and the checks its cases get: the same as in the Node tests. */
const SUITES: Record<string, Suite> = {
  "itsdangerous.json": suite<Case>([checkCase], { count: (c) => c.checks.length }),
  "itsdangerous-mutations.json": suite<Case>([checkCase], { count: (c) => c.checks.length }),
  "flask-sessions.json": suite<SessionCase>([checkSessionRead, checkSessionWrite]),
  "flask-set-cookie.json": suite<SetCookieCase>([checkSetCookie], { select: followedSetCookieCases }),
  "flask-bad-cookies.json": suite<BadCookieCase>([checkBadCookie]),
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
  return suite((JSON.parse(json) as { cases: unknown[] }).cases);
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
