/**
 * The documentation shows the tool's real output: every `$ ` command in the console blocks of
 * docs/cli.md and of the README's "Command-line tool" section is run and must print exactly the
 * lines under it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { cliAll, expectNoSecretInOutputs, root, type Run, type RunOptions } from "../helpers/cli.js";

interface Example {
  file: string;
  line: string;
  args: string[];
  env: Record<string, string>;
  expected: string;
}

/** Shell words: bare, '...' and "..." (no escapes, no expansion: the README needs none). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) words.push(match[1] ?? match[2] ?? match[3]!);
  return words;
}

/** The README's "Command-line tool" section, and all of docs/cli.md. */
function documents(): [string, string][] {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const start = readme.indexOf("\n## Command-line tool\n");
  const end = readme.indexOf("\n## ", start + 1);
  expect(start, "README.md has a Command-line tool section").toBeGreaterThan(-1);
  return [
    ["README.md", readme.slice(start, end === -1 ? undefined : end)],
    ["docs/cli.md", readFileSync(join(root, "docs/cli.md"), "utf8")],
  ];
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const [file, text] of documents()) {
    for (const block of text.matchAll(/```console\n([\s\S]*?)```/g)) {
      for (const chunk of block[1]!.split(/^(?=\$ )/m)) {
        const [line, ...output] = chunk.replace(/\n$/, "").split("\n");
        const words = shellWords(line!.slice(2));
        const env: Record<string, string> = {};
        while (/^[A-Z_]+=/.test(words[0]!)) {
          const [name, ...value] = words.shift()!.split("=");
          env[name!] = value.join("=");
        }
        expect(words.shift(), line).toBe("flask-session-cookie");
        out.push({ file, line: line!, args: words, env, expected: output.join("\n") + "\n" });
      }
    }
  }
  return out;
}

describe("the command-line tool's output, as the documentation shows it", () => {
  const list = examples();
  let runs: Run[];
  beforeAll(async () => {
    runs = await cliAll(list.map((e) => [e.args, { env: e.env } satisfies RunOptions] as const));
  });

  test("has examples of decode, verify and sign", () => {
    expect(new Set(list.map((e) => e.args[0]))).toEqual(new Set(["decode", "verify", "sign"]));
    expect(new Set(list.map((e) => e.file))).toEqual(new Set(["README.md", "docs/cli.md"]));
  });

  test.each(list.map((e, i) => [`${e.file}: ${e.line.slice(0, 100)}`, i] as const))("%s", (_line, i) => {
    const run = runs[i]!;
    expect(run.stdout + run.stderr).toBe(list[i]!.expected);
  });

  test("no secret in any output", () => {
    expectNoSecretInOutputs(["fixture-secret-key", "key-2023", "key-2024", "key-2025"]);
  });
});
