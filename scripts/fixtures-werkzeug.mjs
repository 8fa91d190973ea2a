#!/usr/bin/env node
// Regenerates fixtures/<env>/werkzeug-cookies.json under every pinned environment
// (scripts/gen_werkzeug_cookies.py), then src/flask/cookie/idna-tables.ts with the newest
// environment's Python (scripts/gen_idna_tables.py). Part of `npm run fixtures`.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { envNames, findPython, INSTALL_HINT } from "./python.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

function run(python, args) {
  const result = spawnSync(python, args, { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const names = envNames();
for (const env of names) {
  const found = findPython(env);
  if (!found) {
    console.error(`${env}: ${INSTALL_HINT}`);
    process.exit(3);
  }
  const out = join("fixtures", env, "werkzeug-cookies.json");
  mkdirSync(join(ROOT, "fixtures", env), { recursive: true });
  run(found.python, ["scripts/gen_werkzeug_cookies.py", out]);
}
run(findPython(names[names.length - 1]).python, ["scripts/gen_idna_tables.py"]);
