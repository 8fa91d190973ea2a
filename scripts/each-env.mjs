#!/usr/bin/env node
// Runs a generator script under every pinned Python environment (scripts/pyenv/envs.json), oldest
// Flask first, passing `--env <name>` so that it writes fixtures/<name>/...:
//
//   node scripts/each-env.mjs scripts/gen_login_fixtures.py
//
// Stops at the first failure. Environments are built on first use (scripts/python.mjs).
import { spawnSync } from "node:child_process";
import { envNames, findPython, INSTALL_HINT } from "./python.mjs";

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error("usage: node scripts/each-env.mjs <script.py> [args...]");
  process.exit(2);
}
for (const env of envNames()) {
  const found = findPython(env);
  if (!found) {
    console.error(`${env}: ${INSTALL_HINT}`);
    process.exit(3);
  }
  const run = spawnSync(found.python, [script, "--env", env, ...args], { stdio: "inherit" });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
