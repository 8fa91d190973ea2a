/**
 * The core (src/ except adapters/ and cli/) uses no Node built-ins, so that it runs in browsers
 * and edge runtimes: a static guard over its sources, reporting each file and line. The run
 * inside an edge runtime (edge-runtime.test.ts) proves the same of the built code and its
 * dependencies.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { findNodeUses, isNodeBuiltin } from "./helpers/node-uses.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = join(root, "src");

/** Folders of src/ that may use Node: the framework adapters, the command-line tool and the session stores. */
const NODE_ALLOWED = ["adapters", "cli", "stores"];

/** The core's source files, relative to the repository. */
function coreFiles(): string[] {
  return readdirSync(src, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !NODE_ALLOWED.includes(f.split(/[\\/]/)[0]!))
    .map((f) => relative(root, join(src, f)))
    .sort();
}

/** Node built-ins, and relative imports from a core file into adapters/ or cli/ (they bring Node in too). */
function nodeOnlyFrom(file: string): (specifier: string) => boolean {
  return (specifier) =>
    isNodeBuiltin(specifier) ||
    (specifier.startsWith(".") && NODE_ALLOWED.includes(relative(src, join(root, file, "..", specifier)).split(/[\\/]/)[0]!));
}

describe("the core uses no Node built-ins", () => {
  const files = coreFiles();

  test("finds the core's files", () => {
    expect(files).toContain("src/index.ts");
    expect(files).toContain("src/flask/session.ts");
  });

  test("no core file imports a Node built-in, the adapters or the CLI, or uses a Node global", () => {
    const found = files.flatMap((file) =>
      findNodeUses(file, readFileSync(join(root, file), "utf8"), nodeOnlyFrom(file)).map(
        (u) => `${file}:${u.line}:${u.column} ${u.what}`,
      ),
    );
    expect(found).toEqual([]);
  });
});

describe("the guard itself", () => {
  test("finds each kind of Node use, with its line, and ignores comments, strings and property names", () => {
    const source = [
      'import { readFileSync } from "node:fs";',
      'import type { Hash } from "crypto";',
      "/** process.env.SECRET_KEY in a comment, Buffer.from in a doc. */",
      'const text = "process, Buffer and require( in a string";',
      "const options = { process: true, require: false };",
      "options.process;",
      "const b = Buffer.from(text);",
      "const key = process.env.KEY;",
      'const fs = require("fs");',
      "const env = globalThis.process;",
      'const buf = globalThis["Buffer"];',
      'const zlib = await import("zlib");',
      "let t: NodeJS.Timeout;",
      "setImmediate(() => {});",
    ].join("\n");
    expect(findNodeUses("sample.ts", source).map((u) => `${u.line} ${u.what}`)).toEqual([
      '1 imports the Node-only module "node:fs"',
      '2 imports the Node-only module "crypto"',
      "7 uses Node's Buffer",
      "8 uses Node's process",
      '9 imports the Node-only module "fs"',
      "9 uses Node's require",
      "10 uses Node's process through globalThis",
      "11 uses Node's Buffer through globalThis",
      '12 imports the Node-only module "zlib"',
      "13 uses Node's NodeJS",
      "14 uses Node's setImmediate",
    ]);

    const core = nodeOnlyFrom("src/flask/session.ts");
    expect(["../adapters/express.js", "../cli/main.js", "./cookie.js", "../json.js", "pako", "node:zlib"].filter(core)).toEqual([
      "../adapters/express.js",
      "../cli/main.js",
      "node:zlib",
    ]);
  });
});
