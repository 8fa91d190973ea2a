/**
 * The API reference (`npm run docs:api`, TypeDoc over the package's entry points) builds without
 * a warning: no export, member or parameter type without documentation, no link that leads
 * nowhere, no exported type that refers to one that is not exported. It runs TypeDoc with
 * typedoc.config.js, as the script does, up to validation (no HTML is written).
 *
 * A made-up entry point with an undocumented export and a broken link is checked too, to show
 * that the check fails when it should.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Application, Logger, LogLevel, type TypeDocOptions, TSConfigReader, TypeDocReader } from "typedoc";
import { afterAll, describe, expect, test } from "vitest";

const root = new URL("../..", import.meta.url).pathname;

/** Keeps TypeDoc's warnings and errors instead of printing them. */
class Collected extends Logger {
  readonly messages: string[] = [];
  override log(message: string, level: LogLevel): void {
    super.log(message, level);
    if (level >= LogLevel.Warn) this.messages.push(`${LogLevel[level]}: ${message}`);
  }
}

/** TypeDoc's warnings and errors, with typedoc.config.js or with `options` alone. */
async function typedocMessages(options?: TypeDocOptions): Promise<string[]> {
  const app = options
    ? await Application.bootstrap(options, [new TSConfigReader()])
    : await Application.bootstrap({ options: root }, [new TypeDocReader(), new TSConfigReader()]);
  const logger = new Collected();
  app.logger = logger;
  const project = await app.convert();
  if (project) app.validate(project);
  else logger.messages.push("Error: TypeDoc could not convert the project");
  return logger.messages;
}

describe("the API reference", () => {
  // Outside node_modules, which TypeDoc takes for external code.
  const scratch = mkdtempSync(join(tmpdir(), "fsc-api-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test("every export of every entry point is documented, and every link resolves", async () => {
    const messages = await typedocMessages();
    expect(
      messages,
      "TypeDoc's warnings (npm run docs:api shows them too): document the export, member or parameter it names, " +
        "export the type it names, or fix the {@link}",
    ).toEqual([]);
  }, 120_000);

  test("the check fails for an undocumented export and a broken link", async () => {
    writeFileSync(
      join(scratch, "entry.ts"),
      "/** Documented, with a link to {@link Nowhere}. */\nexport function documented(): void {}\n\nexport const undocumented = 1;\n",
    );
    writeFileSync(
      join(scratch, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "NodeNext", target: "ES2022", noEmit: true },
        files: ["entry.ts"],
      }),
    );
    const messages = await typedocMessages({
      entryPoints: [join(scratch, "entry.ts")],
      tsconfig: join(scratch, "tsconfig.json"),
      validation: { notExported: true, invalidLink: true, notDocumented: true },
    });
    expect(messages.some((m) => m.includes("undocumented") && m.includes("does not have any documentation"))).toBe(true);
    expect(messages.some((m) => m.includes("Nowhere"))).toBe(true);
  }, 120_000);
});
