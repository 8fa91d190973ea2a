/**
 * Every code example of the documentation type-checks under `strict`: the ```ts blocks of
 * README.md and docs/, and every ```ts block in a TSDoc comment of src/ (test/helpers/examples.ts
 * says what a block may lean on). A failure names the file and line to fix, and how.
 *
 * A few made-up examples are checked with them, to show that the check finds an error where it
 * is, in a preamble too, and keeps a module augmentation from leaking into other examples.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { allExamples, checkExamples, type Example, type ExampleProblem, markdownFiles } from "../helpers/examples.js";

const HOW =
  "Fix the example; or, for a fragment, declare what it uses: in Markdown in a `<!-- ts-preamble ... -->`\n" +
  "comment right before the block; for a name many examples share, in test/examples/prelude.d.ts; or, if\n" +
  "it cannot be checked here, mark it ```ts nocheck: <the reason>. KEEP_EXAMPLES=1 keeps the checked\n" +
  "files (node_modules/.cache/flask-session-cookie-examples/), with a tsconfig.json for tsc.";

const SELF = "test/docs/examples.test.ts";
const made: Example[] = [
  { file: SELF, line: 1001, code: 'const wrong: number = "text";' },
  {
    file: SELF,
    line: 2001,
    code: "wrongInPreamble.toFixed();",
    preamble: { code: "declare const ok: string;\nconst wrongInPreamble: number = ok;", line: 1998 },
  },
  { file: SELF, line: 3001, code: "this does not even parse", nocheck: "a made-up example that must be skipped" },
  {
    file: SELF,
    line: 4001,
    code: 'declare module "flask-session-cookie" {\n  interface FlaskSessionData {\n    selfTestKey?: string;\n  }\n}',
  },
  { file: SELF, line: 5001, code: 'session.set("selfTestKey", 42); // fine unless the augmentation above leaked' },
  { file: "src/flask/tuple.ts", line: 90001, code: "const fine = tuple(1, 2);\nconst wrong: string = fine;" },
];

describe("documentation examples", () => {
  const examples = allExamples();
  let problems: ExampleProblem[];
  beforeAll(() => {
    problems = checkExamples([...examples, ...made], { keep: Boolean(process.env.KEEP_EXAMPLES) });
  }, 120_000);

  test("are found in README.md, docs/ and src/", () => {
    const files = new Set(examples.map((e) => e.file));
    expect(markdownFiles()).toContain("README.md");
    expect(files.has("README.md")).toBe(true);
    expect([...files].filter((f) => f.startsWith("docs/")).length).toBeGreaterThan(2);
    expect([...files].filter((f) => f.startsWith("src/")).length).toBeGreaterThan(20);
  });

  test("each block marked nocheck says why", () => {
    const unexplained = examples.filter((e) => e.nocheck !== undefined && e.nocheck.length < 10);
    expect(unexplained.map((e) => `${e.file}:${e.line}: \`\`\`ts nocheck needs a reason`)).toEqual([]);
  });

  test("the check finds errors where they are, skips nocheck, and keeps augmentations apart", () => {
    const mine = problems.filter((p) => p.file === SELF || p.line > 90000);
    expect(mine.map((p) => `${p.file}:${p.line}: ${p.message.split(":")[0]}`)).toEqual([
      "src/flask/tuple.ts:90002: TS2322",
      `${SELF}:1001: TS2322`,
      `${SELF}:1999: (in the ts-preamble) TS2322`,
    ]);
  });

  test("type-check under strict", () => {
    const real = problems.filter((p) => p.file !== SELF && p.line < 90000);
    const report = real.map((p) => `${p.file}:${p.line}: ${p.message.replace(/\n/g, "\n    ")}`).join("\n");
    expect(real.length, `${real.length} type errors in documentation examples:\n${report}\n\n${HOW}`).toBe(0);
  });
});
