/**
 * The per-version fixtures are what the pinned environments produced, and all there: every
 * environment of scripts/pyenv/envs.json has every table of every per-version generator
 * (scripts/fixtures.mjs), exactly once; each file's table hashes to its tableSha256, which is the
 * hash every environment sharing the file recorded for its own run (so a shared table was
 * produced, byte for byte, by each of them); each record names the versions its environment pins;
 * and the library's version table (src/flask/versions.ts) agrees with the environments.
 * `npm run fixtures:check` regenerates everything and compares the hashes.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { GENERATORS, provenance, sha256, tableText } from "../scripts/fixtures.mjs";
import { flaskEnvs, listEnvs } from "../scripts/venvs.mjs";
import { VERIFIED_FLASK_VERSIONS, flaskBehaviour } from "../src/index.js";
import { FIXTURE_ENVS, fixtureFiles, fixtureMatrix } from "./helpers/fixtures.js";

const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;
const names = GENERATORS.filter((g) => g.dedupe).flatMap((g) => g.outputs);
const perEnvironment = GENERATORS.filter((g) => !g.versionIndependent && !g.dedupe).flatMap((g) => g.outputs);
const envs = new Map(flaskEnvs().map((e) => [e.name, e]));

describe.each(names)("%s", (name) => {
  test("every environment has the table, once", () => {
    expect(fixtureMatrix(name).map((t) => t.env)).toEqual(FIXTURE_ENVS);
  });

  test.each(fixtureFiles(name))("%s hashes to what each environment that produced it recorded", (file) => {
    const text = readFileSync(`${FIXTURES}${file}`, "utf8");
    const { generatedBy, tableSha256, sameTableFrom } = provenance(text);
    expect(file.startsWith(`${generatedBy.env}/`), "a file lives in its holder's folder").toBe(true);
    const actual = sha256(tableText(text));
    expect(actual).toBe(tableSha256);
    for (const other of sameTableFrom) expect(other.tableSha256, `${other.env}'s own run`).toBe(actual);
    for (const record of [generatedBy, ...sameTableFrom]) {
      const pinned = envs.get(record.env);
      expect(pinned, `${record.env} is a pinned environment`).toBeDefined();
      expect([record.flask, record.werkzeug, record.itsdangerous]).toEqual([
        pinned!.flask,
        pinned!.werkzeug,
        pinned!.itsdangerous,
      ]);
      expect(record.python!.split(".").slice(0, 2).join(".")).toBe(pinned!.python);
    }
  });
});

test.each(perEnvironment)("%s: every environment has its own", (name) => {
  expect(FIXTURE_ENVS.filter((env) => !existsSync(`${FIXTURES}${env}/${name}`))).toEqual([]);
});

test("fixtures/ has a folder per environment (of the matrix or with a role) and no other, and no stale top-level copy of a per-version table", () => {
  const entries = readdirSync(FIXTURES, { withFileTypes: true });
  const known = listEnvs().map((e) => e.name);
  for (const env of FIXTURE_ENVS)
    expect(
      entries.some((e) => e.isDirectory() && e.name === env),
      env,
    ).toBe(true);
  expect(entries.filter((e) => e.isDirectory() && !known.includes(e.name)).map((e) => e.name)).toEqual([]);
  expect(entries.filter((e) => e.isFile() && [...names, ...perEnvironment].includes(e.name)).map((e) => e.name)).toEqual([]);
});

test("the verified Flask releases are the environments' Flask, and each one's Werkzeug is the default", () => {
  expect([...VERIFIED_FLASK_VERSIONS]).toEqual([...envs.values()].map((e) => e.flask));
  for (const env of envs.values()) {
    expect(flaskBehaviour(env.flask).flask).toBe(env.flask);
    expect(flaskBehaviour(env.flask).werkzeug).toBe(env.werkzeug.split(".").slice(0, 2).join("."));
  }
});
