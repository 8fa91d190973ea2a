#!/usr/bin/env node
// Finds the Python interpreter of one of the pinned environments (scripts/pyenv/envs.json,
// built by scripts/venvs.mjs) and runs a script with it:
//
//   node scripts/python.mjs scripts/gen_itsdangerous_fixtures.py [args...]
//   FSC_PYTHON_ENV=flask-2.2 node scripts/python.mjs scripts/flask_app.py   (FSC_PYTHON_ENV is passed on)
//
// Which environment: the `env` argument of findPython(), else $FSC_PYTHON_ENV, else the default
// (DEFAULT_ENV). An environment not built yet is built on first use (from PyPI, with the hashes
// the repository holds). $FLASK_PYTHON names an interpreter to use instead of any environment.
// Used by the fixture generators, the live tests, the benchmarks and the demo.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ensureEnv, flaskEnvs, listEnvs } from "./venvs.mjs";

/** The environment used when none is named: the newest Flask (the library's default `flaskVersion` too). */
export const DEFAULT_ENV = flaskEnvs().at(-1).name;

export const INSTALL_HINT =
  "No Python environment with Flask could be built. Run `npm run pyenv` (it needs CPython 3.10-3.13, " +
  "for example from pyenv, and network access to PyPI) and read what it says, or point FLASK_PYTHON at an interpreter that has Flask.";

const PROBE =
  "import sys, flask, itsdangerous, werkzeug, zlib; " +
  "from importlib.metadata import version; " +
  "print(version('flask'), version('itsdangerous'), version('werkzeug'), zlib.ZLIB_RUNTIME_VERSION, sys.version.split()[0])";

const cache = new Map();

/**
 * The interpreter of environment `env` (default: $FSC_PYTHON_ENV, else DEFAULT_ENV), with the
 * versions it reports, or `null` when it cannot be had. Cached per environment.
 * @param {string} [env]
 * @returns {{ env: string, python: string, flask: string, itsdangerous: string, werkzeug: string, zlib: string, version: string } | null}
 */
export function findPython(env) {
  const name = env ?? process.env.FSC_PYTHON_ENV ?? DEFAULT_ENV;
  if (cache.has(name)) return cache.get(name);
  let found = null;
  let python = process.env.FLASK_PYTHON || null;
  if (!python) {
    try {
      python = ensureEnv(name, { quiet: true });
    } catch (error) {
      console.warn(`Python environment ${name}: ${error instanceof Error ? error.message : error}`);
    }
  }
  if (python) {
    const probe = spawnSync(python, ["-c", PROBE], { encoding: "utf8" });
    if (probe.status === 0) {
      const [flask, itsdangerous, werkzeug, zlib, version] = probe.stdout.trim().split(/\s+/);
      found = { env: name, python, flask, itsdangerous, werkzeug, zlib, version };
    }
  }
  cache.set(name, found);
  return found;
}

/**
 * The names of the Flask environments (the version matrix), oldest Flask first. Environments with
 * a `role` in envs.json (old Flask-Session releases, for one generator's fixtures) are left out:
 * `envNames(role)` lists those.
 */
export function envNames(role) {
  return listEnvs()
    .filter((e) => e.role === role)
    .map((e) => e.name);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const found = findPython();
  if (!found) {
    console.error(INSTALL_HINT);
    process.exit(3);
  }
  const args = process.argv.slice(2);
  if (args.length === 0) {
    console.log(JSON.stringify(found));
    process.exit(0);
  }
  // The script learns which environment it runs in (the fixture generators record it).
  const run = spawnSync(found.python, args, { stdio: "inherit", env: { ...process.env, FSC_PYTHON_ENV: found.env } });
  process.exit(run.status ?? 1);
}
