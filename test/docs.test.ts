/**
 * Every export of every entry point is documented (TSDoc), and every value, class and function
 * has an `@example`, as the house style asks. Reads the sources with the TypeScript compiler.
 */
import ts from "typescript";
import { expect, test } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const entries = [
  "src/index.ts",
  "src/adapters/web.ts",
  "src/adapters/express.ts",
  "src/adapters/koa.ts",
  "src/adapters/fastify.ts",
];

// One program for every entry point (it used to be built once per entry: five times the work).
let program: ts.Program | undefined;

test.each(entries)("%s: every export has TSDoc, and an @example unless it is a type", (entry) => {
  program ??= ts.createProgram(
    entries.map((e) => root + e),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      types: ["node"],
      noEmit: true,
    },
  );
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(root + entry)!)!;
  const undocumented: string[] = [];
  const withoutExample: string[] = [];
  const exports = checker.getExportsOfModule(module);
  expect(exports.length).toBeGreaterThan(0);
  for (const symbol of exports) {
    let target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    let declaration: ts.Node | undefined = target.declarations?.[0];
    // `export * as name from "./module.js"`: the documentation is on the export statement.
    if (declaration && ts.isSourceFile(declaration)) {
      declaration = symbol.declarations?.[0]?.parent;
      target = symbol;
    }
    if (!declaration) continue;
    const docs = ts
      .getJSDocCommentsAndTags(declaration)
      .map((d) => d.getText())
      .join("\n");
    if (/@internal\b/.test(docs)) continue;
    if (!docs) undocumented.push(symbol.name);
    else if (!docs.includes("@example") && !(target.flags & (ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface))) {
      withoutExample.push(symbol.name);
    }
  }
  expect(undocumented, "exports without TSDoc").toEqual([]);
  expect(withoutExample, "exports without an @example").toEqual([]);
});
