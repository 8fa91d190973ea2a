#!/usr/bin/env node
// Regenerates the fixtures (`npm run fixtures`): every generator of GENERATORS, in every pinned
// environment it runs under (scripts/pyenv/envs.json), two at a time.
//
//   node scripts/fixtures.mjs                 regenerate everything
//   node scripts/fixtures.mjs --check         regenerate into a temporary folder and compare with
//                                             the committed tables (exit 1 on any difference)
//   node scripts/fixtures.mjs --only flask    only the generators whose script contains "flask"
//   node scripts/fixtures.mjs --env flask-3.1 only these environments (repeatable)
//
// A per-version generator takes `--out DIR` and writes DIR/<name>.json with scripts/fixture_file.py:
// a "generatedBy" line (the environment's versions), a "tableSha256" line (the hash of the rest of
// the file) and the table. The committed result is fixtures/<env>/<name>.json, except that with
// `dedupe`, environments that produced the same table byte for byte share one file: the newest
// of them holds it (so the newest environment always has every table), with a "sameTableFrom"
// line listing the others' generatedBy and tableSha256. test/helpers/fixtures.ts finds the table
// of any environment; test/fixtures-matrix.test.ts checks the hashes and that every environment
// has every table.
//
// To add a generator: an entry below (envs: "all", the Flask matrix of envs.json (no "role"), or
// a list of names; dedupe: whether to share identical tables), a script that honours --out and
// writes with write_fixture() (or an `args` function giving its own command line), and tests
// that load its tables through test/helpers/fixtures.ts (fixtureMatrix or fixtureFor), or read
// fixtures/<env>/<name> themselves when it is not deduplicated.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureEnv, flaskEnvs } from "./venvs.mjs";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const FIXTURES = join(ROOT, "fixtures");

/**
 * The generators. `envs: "all"` runs one in every environment of the Flask matrix and writes
 * fixtures/<env>/; `versionIndependent` ones run once (in the newest environment) and write
 * their own files. `args(dir, env)` is the command line after the script (default `--out dir`).
 * `inPlace` generators write fixtures/<env>/ themselves (not through the scratch folder): they
 * are rerun by `npm run fixtures` but not compared by `--check`.
 * @type {{ script: string, outputs: string[], envs?: "all" | string[], dedupe?: boolean, versionIndependent?: boolean, inPlace?: boolean, args?: (dir: string, env: string) => string[] }[]}
 */
export const GENERATORS = [
  {
    script: "scripts/gen_itsdangerous_fixtures.py",
    outputs: ["itsdangerous.json", "itsdangerous-mutations.json"],
    envs: "all",
    dedupe: true,
  },
  {
    script: "scripts/gen_flask_fixtures.py",
    outputs: ["flask-sessions.json", "flask-set-cookie.json", "flask-bad-cookies.json"],
    envs: "all",
    dedupe: true,
  },
  { script: "scripts/gen_python_semantics.py", outputs: ["python-semantics.json"], envs: "all", dedupe: true },
  // Werkzeug's cookie reader and writer, one table per release (test/cookie-werkzeug.test.ts).
  {
    script: "scripts/gen_werkzeug_cookies.py",
    outputs: ["werkzeug-cookies.json"],
    envs: "all",
    args: (dir) => [join(dir, "werkzeug-cookies.json")],
  },
  // Flask-Login's remember cookies and Flask-WTF's CSRF tokens (test/flask-login*, test/flask-wtf*).
  {
    script: "scripts/gen_login_fixtures.py",
    outputs: ["flask-login.json", "flask-wtf.json"],
    envs: "all",
    inPlace: true,
    args: (_dir, env) => ["--env", env],
  },
  { script: "scripts/gen_inflate_fixtures.py", outputs: ["zlib-inflate.json"], versionIndependent: true },
  { script: "scripts/gen_zlib_fixtures.py", outputs: ["zlib-compress.json"], versionIndependent: true },
  { script: "scripts/gen_idna_tables.py", outputs: ["src/flask/cookie/idna-tables.ts"], versionIndependent: true },
];

/** The lines of a fixture file that record where it came from, not what it says (scripts/fixture_file.py). */
export const PROVENANCE = [' "generatedBy": ', ' "sameTableFrom": ', ' "tableSha256": '];

/** The text a fixture's tableSha256 is the hash of: the file without its provenance lines. */
export function tableText(text) {
  return text
    .split("\n")
    .filter((line) => !PROVENANCE.some((prefix) => line.startsWith(prefix)))
    .join("\n");
}

/** sha256 of `text` in hex. */
export function sha256(text) {
  return createHash("sha256").update(text).digest("hex");
}

/** The provenance of a fixture file (its first lines), without parsing the whole table. */
export function provenance(text) {
  const head = text.slice(0, 20_000).split("\n");
  const line = (key) => head.find((l) => l.startsWith(` "${key}": `));
  const value = (key) => {
    const found = line(key);
    return found === undefined ? undefined : JSON.parse(found.slice(key.length + 5).replace(/,$/, ""));
  };
  return { generatedBy: value("generatedBy"), tableSha256: value("tableSha256"), sameTableFrom: value("sameTableFrom") ?? [] };
}

function parseArgs(argv) {
  const options = { check: false, only: [], envs: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--check") options.check = true;
    else if (argv[i] === "--only") options.only.push(argv[++i]);
    else if (argv[i] === "--env") options.envs.push(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]} (use --check, --only NAME, --env ENV)`);
  }
  return options;
}

/** Runs `python script args` in environment `env`; resolves with its stderr, rejects on failure. */
function run(python, env, script, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...process.env, FSC_PYTHON_ENV: env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${script} in ${env} failed (status ${code}):\n${output}`)),
    );
  });
}

/** Runs the tasks, `limit` at a time. */
async function pool(tasks, limit) {
  const results = [];
  let next = 0;
  async function worker() {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** The committed file that holds environment `env`'s table `name`, or null. */
function committedFile(name, env) {
  if (!existsSync(FIXTURES)) return null;
  for (const dir of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const file = join(FIXTURES, dir.name, name);
    if (!existsSync(file)) continue;
    const { generatedBy, sameTableFrom } = provenance(readFileSync(file, "utf8"));
    if (generatedBy?.env === env || sameTableFrom.some((g) => g.env === env)) return file;
  }
  return null;
}

/** Writes one table of every environment: shared files for identical tables when `dedupe`. */
function store(name, produced, dedupe, envOrder) {
  for (const dir of readdirSync(FIXTURES, { withFileTypes: true })) {
    // A shared table is regenerated in every environment (main() sees to it), so every old copy
    // goes; otherwise only the regenerated environments lose theirs.
    if (dir.isDirectory() && (dedupe || produced.has(dir.name))) rmSync(join(FIXTURES, dir.name, name), { force: true });
  }
  const groups = new Map();
  for (const env of envOrder.filter((e) => produced.has(e))) {
    const text = produced.get(env);
    const key = dedupe ? provenance(text).tableSha256 : env;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(env);
  }
  const written = [];
  for (const envs of groups.values()) {
    const holder = envs.at(-1); // the newest
    let text = produced.get(holder);
    const others = envs.slice(0, -1).map((env) => {
      const p = provenance(produced.get(env));
      return { ...p.generatedBy, tableSha256: p.tableSha256 };
    });
    if (others.length > 0) {
      const lines = text.split("\n");
      const at = lines.findIndex((l) => l.startsWith(' "generatedBy": ')) + 1;
      lines.splice(at, 0, ` "sameTableFrom": ${JSON.stringify(others)},`);
      text = lines.join("\n");
    }
    mkdirSync(join(FIXTURES, holder), { recursive: true });
    writeFileSync(join(FIXTURES, holder, name), text);
    written.push(`${holder}/${name}${others.length ? ` (also ${others.map((o) => o.env).join(", ")})` : ""}`);
  }
  return written;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const allEnvs = flaskEnvs().map((e) => e.name);
  const newest = allEnvs.at(-1);
  const chosen = GENERATORS.filter((g) => options.only.length === 0 || options.only.some((o) => g.script.includes(o)));
  const envsOf = (g) => {
    const envs = g.versionIndependent ? [newest] : g.envs === "all" ? allEnvs : g.envs;
    return options.envs.length ? envs.filter((e) => options.envs.includes(e)) : envs;
  };
  if (!options.check && options.envs.length && chosen.some((g) => g.dedupe)) {
    throw new Error(
      "Tables shared between environments (dedupe) are written from all of them at once: drop --env, or add --check.",
    );
  }
  const pythons = new Map();
  for (const env of new Set(chosen.flatMap(envsOf))) pythons.set(env, ensureEnv(env));

  const scratch = mkdtempSync(join(tmpdir(), "fsc-fixtures-"));
  const tasks = [];
  for (const g of chosen) {
    for (const env of envsOf(g)) {
      if ((g.versionIndependent || g.inPlace) && options.check) continue; // they write their own files
      const dir = join(scratch, env);
      mkdirSync(dir, { recursive: true });
      const args = g.versionIndependent ? [] : g.args ? g.args(dir, env) : ["--out", dir];
      tasks.push(async () => {
        const started = Date.now();
        await run(pythons.get(env), env, g.script, args);
        console.log(`${g.script} in ${env}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      });
    }
  }
  try {
    await pool(tasks, 2);
    let differences = 0;
    for (const g of chosen.filter((x) => !x.versionIndependent && !x.inPlace)) {
      for (const name of g.outputs) {
        const produced = new Map();
        for (const env of envsOf(g)) produced.set(env, readFileSync(join(scratch, env, name), "utf8"));
        if (!options.check) {
          for (const line of store(name, produced, g.dedupe ?? false, allEnvs)) console.log(`wrote fixtures/${line}`);
          continue;
        }
        for (const [env, text] of produced) {
          // A shared table: the hash its environment recorded; else the file's own text.
          const file = g.dedupe ? committedFile(name, env) : join(FIXTURES, env, name);
          const committedText = file && existsSync(file) ? readFileSync(file, "utf8") : null;
          let recorded = null;
          if (committedText !== null && g.dedupe) {
            const committed = provenance(committedText);
            recorded =
              (committed.generatedBy.env === env ? committed : committed.sameTableFrom.find((x) => x.env === env))?.tableSha256 ??
              null;
          } else if (committedText !== null) recorded = sha256(committedText);
          const fresh = g.dedupe ? provenance(text).tableSha256 : sha256(text);
          if (recorded === null) {
            console.error(`${name} of ${env}: no committed table`);
            differences++;
          } else if (recorded !== fresh) {
            console.error(
              `${name} of ${env}: regenerated table ${fresh.slice(0, 12)} differs from the committed ${recorded.slice(0, 12)} (${file})`,
            );
            differences++;
          }
        }
      }
    }
    if (options.check) {
      console.log(
        differences === 0 ? "every committed table is what its environment produces" : `${differences} table(s) differ`,
      );
      process.exitCode = differences === 0 ? 0 : 1;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
