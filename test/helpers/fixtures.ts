/**
 * The per-version fixtures (fixtures/<env>/<name>.json, written by scripts/fixtures.mjs): the table
 * each pinned environment produced, found whether it has a file of its own or shares one with
 * other environments that produced the same bytes ("sameTableFrom").
 *
 * A test of a table that depends on Flask's version runs it against every environment
 * ({@link fixtureMatrix}), with the library configured for that environment's Flask (its
 * `generatedBy.flask`); a test that only needs some table takes the newest ({@link fixtureFor}).
 */
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { flaskEnvs } from "../../scripts/venvs.mjs";

const FIXTURES = new URL("../../fixtures/", import.meta.url).pathname;

/** The versions an environment's generator recorded (scripts/fixture_file.py's generated_by). */
export interface GeneratedBy {
  env: string;
  python: string;
  zlib: string;
  flask: string;
  werkzeug: string;
  itsdangerous: string;
  markupsafe: string;
  [pkg: string]: string | null;
}

/** One environment's table. */
export interface EnvTable<T> {
  /** The environment, e.g. "flask-3.1". */
  env: string;
  /** What made it (for a shared file: this environment's own record). */
  generatedBy: GeneratedBy;
  /** The file that holds it, relative to fixtures/. */
  file: string;
  /** The table (shared tables are the same object for every environment that produced them). */
  table: T;
}

interface Provenance {
  generatedBy: GeneratedBy;
  tableSha256: string;
  sameTableFrom?: (GeneratedBy & { tableSha256: string })[];
}

/** The environments of the Flask matrix, oldest Flask first (scripts/pyenv/envs.json, without a role). */
export const FIXTURE_ENVS: readonly string[] = flaskEnvs().map((e) => e.name);
/** The newest environment: it holds a file for every table. */
export const NEWEST_ENV: string = FIXTURE_ENVS.at(-1)!;

const parsed = new Map<string, unknown>();

/** The parsed file, cached (the big tables are read once per test file). */
export function readFixtureFile(file: string): Provenance & Record<string, unknown> {
  let value = parsed.get(file);
  if (value === undefined) {
    value = JSON.parse(readFileSync(join(FIXTURES, file), "utf8"));
    parsed.set(file, value);
  }
  return value as Provenance & Record<string, unknown>;
}

/** The files holding table `name` (fixtures/<env>/<name>), relative to fixtures/. */
export function fixtureFiles(name: string): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(FIXTURES, d.name, name)))
    .map((d) => `${d.name}/${name}`);
}

/**
 * Table `name` of every environment, oldest first.
 *
 * @throws Error when an environment has no table, or two files claim the same one.
 */
export function fixtureMatrix<T = Record<string, unknown>>(name: string): EnvTable<T>[] {
  const byEnv = new Map<string, EnvTable<T>>();
  for (const file of fixtureFiles(name)) {
    const doc = readFixtureFile(file);
    for (const generatedBy of [doc.generatedBy, ...(doc.sameTableFrom ?? [])]) {
      if (byEnv.has(generatedBy.env)) throw new Error(`${name}: two files hold the table of ${generatedBy.env}`);
      byEnv.set(generatedBy.env, { env: generatedBy.env, generatedBy, file, table: doc as T });
    }
  }
  return FIXTURE_ENVS.map((env) => {
    const found = byEnv.get(env);
    if (!found) throw new Error(`fixtures: no ${name} for ${env}; run npm run fixtures`);
    return found;
  });
}

/** Table `name` of environment `env` (default: the newest). */
export function fixtureFor<T = Record<string, unknown>>(name: string, env: string = NEWEST_ENV): EnvTable<T> {
  const found = fixtureMatrix<T>(name).find((t) => t.env === env);
  if (!found) throw new Error(`fixtures: unknown environment ${env}`);
  return found;
}

/** The cases of table `name` in environment `env` (default: the newest). */
export function fixtureCases<T>(name: string, env: string = NEWEST_ENV): T[] {
  return fixtureFor<{ cases: T[] }>(name, env).table.cases;
}

/**
 * The distinct tables `name` has, each with the environments that produced it: for tables whose
 * checks do not depend on the Flask version (itsdangerous), where one run per table is enough.
 */
export function distinctTables<T = Record<string, unknown>>(name: string): { file: string; envs: string[]; table: T }[] {
  const out = new Map<string, { file: string; envs: string[]; table: T }>();
  for (const t of fixtureMatrix<T>(name)) {
    const entry = out.get(t.file) ?? { file: t.file, envs: [], table: t.table };
    entry.envs.push(t.env);
    out.set(t.file, entry);
  }
  return [...out.values()];
}
