#!/usr/bin/env node
// The pinned Python environments the oracles run in (scripts/pyenv/envs.json).
//
//   node scripts/venvs.mjs build [name...]   build the missing ones (all by default)
//   node scripts/venvs.mjs list              each environment as JSON: versions, interpreter, built or not
//   node scripts/venvs.mjs path <name>       the environment's python, built if missing
//   node scripts/venvs.mjs lock [name...]    re-resolve <name>.in into <name>.txt with hashes (uv)
//
// An environment is `python -m venv` plus `pip install --require-hashes --no-deps` of its
// <name>.txt, so every file installed is one whose hash the repository holds. It is kept in a
// cache folder named by the hash of its requirement file and interpreter version
// ($FSC_VENV_DIR, default ~/.cache/flask-session-cookie/venvs): an environment is reused only
// while both are unchanged, which is what makes reusing it sound; worktrees of the repository
// share them. A build goes to a temporary folder renamed into place when complete, so an
// interrupted or concurrent build never leaves a half-made environment behind.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const PYENV = join(HERE, "pyenv");

/** The cache folder that holds the built environments. */
export const VENV_DIR =
  process.env.FSC_VENV_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "flask-session-cookie", "venvs");

/**
 * The environments, oldest Flask first, as envs.json lists them.
 * @returns {{ name: string, python: string, flask: string, werkzeug: string, itsdangerous: string, role?: string }[]}
 */
export function listEnvs() {
  return JSON.parse(readFileSync(join(PYENV, "envs.json"), "utf8")).envs;
}

/**
 * The Flask matrix: the environments without a "role" (those serve one generator only, such as
 * the old Flask-Session releases), oldest Flask first. The fixture matrix, the live tests and the
 * default oracle use these.
 */
export function flaskEnvs() {
  return listEnvs().filter((e) => e.role === undefined);
}

/** The environment called `name`; throws with the known names when there is none. */
export function getEnv(name) {
  const env = listEnvs().find((e) => e.name === name);
  if (!env)
    throw new Error(
      `Unknown Python environment '${name}' (known: ${listEnvs()
        .map((e) => e.name)
        .join(", ")})`,
    );
  return env;
}

function runs(python, minor) {
  const probe = spawnSync(python, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8" });
  return probe.status === 0 && probe.stdout.trim() === minor;
}

/**
 * A CPython interpreter of the version `minor` ("3.12"): from pyenv's versions folder, then
 * `python3.12` on PATH, then /usr/bin/python3.12; `null` when there is none.
 */
export function findInterpreter(minor) {
  const candidates = [];
  const pyenvRoot = process.env.PYENV_ROOT || join(homedir(), ".pyenv");
  const versions = join(pyenvRoot, "versions");
  if (existsSync(versions)) {
    const patch = (v) => Number(v.split(".")[2] ?? 0);
    for (const v of readdirSync(versions)
      .filter((v) => /^\d+\.\d+\.\d+$/.test(v) && v.startsWith(minor + "."))
      .sort((a, b) => patch(b) - patch(a))) {
      candidates.push(join(versions, v, "bin", `python${minor}`));
    }
  }
  candidates.push(`python${minor}`, `/usr/bin/python${minor}`);
  return candidates.find((python) => runs(python, minor)) ?? null;
}

/** The hash that names an environment's folder: its requirement file and interpreter version. */
function envKey(env) {
  const requirements = readFileSync(join(PYENV, `${env.name}.txt`));
  return createHash("sha256").update(env.python).update("\0").update(requirements).digest("hex").slice(0, 12);
}

/** Where the environment lives (built or not). */
export function envDir(name) {
  const env = getEnv(name);
  return join(VENV_DIR, `${env.name}-${envKey(env)}`);
}

/**
 * The environment's python when it is built, else `null`. (`existsSync` follows the venv's
 * symlink to its base interpreter: an environment whose interpreter was removed, say by a pyenv
 * upgrade, counts as not built, and is built again.)
 */
export function envPython(name) {
  const python = join(envDir(name), "bin", "python");
  return existsSync(join(envDir(name), ".complete")) && existsSync(python) ? python : null;
}

function run(command, args, quiet) {
  const result = spawnSync(command, args, { stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit", encoding: "utf8" });
  if (result.status !== 0) {
    const output = quiet ? `\n${result.stdout}${result.stderr}` : "";
    throw new Error(`${command} ${args.join(" ")} failed (status ${result.status})${output}`);
  }
}

/**
 * Builds the environment unless it is built already; returns its python.
 * @param {string} name
 * @param {{ quiet?: boolean }} [options]
 */
export function ensureEnv(name, { quiet = false } = {}) {
  const ready = envPython(name);
  if (ready) return ready;
  const env = getEnv(name);
  const interpreter = findInterpreter(env.python);
  if (!interpreter) {
    throw new Error(
      `Python ${env.python} is needed for the '${name}' environment and was not found ` +
        `(looked in pyenv's versions, python${env.python} on PATH and /usr/bin). Install CPython ${env.python}, for example with 'pyenv install ${env.python}'.`,
    );
  }
  const final = envDir(name);
  const temporary = `${final}.tmp-${process.pid}`;
  // A complete environment whose interpreter is gone is rebuilt from scratch.
  if (existsSync(join(final, ".complete"))) rmSync(final, { recursive: true, force: true });
  mkdirSync(VENV_DIR, { recursive: true });
  rmSync(temporary, { recursive: true, force: true });
  if (!quiet) console.log(`Building the Python environment ${name} (Python ${env.python}, Flask ${env.flask}) in ${final}`);
  try {
    run(interpreter, ["-m", "venv", temporary], quiet);
    const pip = join(temporary, "bin", "python");
    const requirements = join(PYENV, `${env.name}.txt`);
    run(
      pip,
      [
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-input",
        "--require-hashes",
        "--no-deps",
        "--only-binary",
        ":all:",
        "-r",
        requirements,
      ],
      quiet,
    );
    writeFileSync(join(temporary, ".complete"), JSON.stringify({ ...env, interpreter, key: envKey(env) }) + "\n");
    // Another process may have finished the same build meanwhile: then its environment is used.
    if (existsSync(final) && !existsSync(join(final, ".complete"))) rmSync(final, { recursive: true, force: true });
    try {
      renameSync(temporary, final);
    } catch (error) {
      if (!existsSync(join(final, ".complete"))) throw error;
      rmSync(temporary, { recursive: true, force: true });
    }
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  // The renamed venv's console scripts (bin/pip, bin/flask) still name the temporary folder in
  // their first line; its `python` finds the venv from its own location, and it is all that the
  // tests and generators run (`python -m ...`).
  return join(final, "bin", "python");
}

/** Re-resolves `<name>.in` into `<name>.txt` with uv (installed into the cache on first use). */
function lock(names) {
  const tool = join(VENV_DIR, "uv-tool");
  const uv = join(tool, "bin", "uv");
  if (!existsSync(uv)) {
    const interpreter = findInterpreter("3.11") ?? findInterpreter("3.12") ?? "python3";
    run(interpreter, ["-m", "venv", tool], false);
    run(
      join(tool, "bin", "python"),
      ["-m", "pip", "install", "--quiet", "--require-hashes", "-r", join(PYENV, "tools.txt")],
      false,
    );
  }
  for (const name of names) {
    const env = getEnv(name);
    run(
      uv,
      [
        "pip",
        "compile",
        "--quiet",
        "--python-version",
        env.python,
        "--generate-hashes",
        "--no-header",
        join(PYENV, `${name}.in`),
        "-o",
        join(PYENV, `${name}.txt`),
      ],
      false,
    );
    console.log(`locked ${name}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command = "build", ...rest] = process.argv.slice(2);
  const names = rest.length ? rest : listEnvs().map((e) => e.name);
  try {
    if (command === "build") {
      for (const name of names) ensureEnv(name);
      for (const name of names) console.log(`${name}: ${envPython(name)}`);
    } else if (command === "list") {
      const rows = listEnvs().map((env) => ({ ...env, interpreter: findInterpreter(env.python), built: envPython(env.name) }));
      console.log(JSON.stringify(rows, null, 2));
    } else if (command === "path") {
      console.log(ensureEnv(getEnv(rest[0] ?? "").name, { quiet: true }));
    } else if (command === "lock") {
      lock(names);
    } else {
      console.error("usage: node scripts/venvs.mjs build|list|path|lock [name...]");
      process.exit(2);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
