#!/usr/bin/env node
// Finds the Python interpreter that has Flask and itsdangerous (Debian's python3-flask installs
// them for /usr/bin/python3 only; the python3 first on PATH may be another interpreter), and runs a
// script with it:  node scripts/python.mjs scripts/gen_itsdangerous_fixtures.py [args...]
//
// Order tried: $FLASK_PYTHON, /usr/bin/python3, python3 on PATH. Used by the fixture generators,
// the live tests, the benchmarks and the demo.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const INSTALL_HINT =
  "No Python interpreter with Flask was found. On Debian/Ubuntu run: " +
  "sudo apt-get update && sudo apt-get install -y python3-flask " +
  "(it installs Flask and itsdangerous for /usr/bin/python3), or point FLASK_PYTHON at an interpreter that has them.";

const PROBE =
  "import sys, flask, itsdangerous, werkzeug, zlib; " +
  "from importlib.metadata import version; " +
  "print(version('flask'), version('itsdangerous'), version('werkzeug'), zlib.ZLIB_RUNTIME_VERSION, sys.version.split()[0])";

let cached;

/**
 * The interpreter that imports flask, with the versions it reports, or `null` when there is none.
 * @returns {{ python: string, flask: string, itsdangerous: string, werkzeug: string, zlib: string, version: string } | null}
 */
export function findPython() {
  if (cached !== undefined) return cached;
  const candidates = [process.env.FLASK_PYTHON, "/usr/bin/python3", "python3"].filter(Boolean);
  cached = null;
  for (const python of candidates) {
    const probe = spawnSync(python, ["-c", PROBE], { encoding: "utf8" });
    if (probe.status === 0) {
      const [flask, itsdangerous, werkzeug, zlib, version] = probe.stdout.trim().split(/\s+/);
      cached = { python, flask, itsdangerous, werkzeug, zlib, version };
      break;
    }
  }
  return cached;
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
  const run = spawnSync(found.python, args, { stdio: "inherit" });
  process.exit(run.status ?? 1);
}
