/**
 * The code examples of the documentation, as a type checker sees them: every ```ts block of
 * README.md and docs/ (except the generated docs/api/), and every ```ts block in a doc comment of
 * src/ (the TSDoc `@example`s), each written to its own module in a scratch folder and
 * type-checked together under `strict`, with `flask-session-cookie` and its subpaths mapped to
 * src/ (from package.json's `exports`, so a new entry point is covered without a change here).
 *
 * What a block may lean on, so that a fragment need not repeat its context:
 * - test/examples/prelude.d.ts: the names examples use without defining them (`session`,
 *   `request`, `signer`, `io`, ...), as globals; a block's own declarations hide them.
 * - In src/, every export of the file the comment is in, and of the main entry point, as if
 *   imported (an API reference shows an example beside the thing it documents).
 * - In Markdown, a hidden preamble: an HTML comment right before the block,
 *   `<!-- ts-preamble` newline, TypeScript lines, `-->`. Nothing else is implicit there: a
 *   README block imports what it uses, as a reader who copies it must.
 * - A block that cannot be checked here says why in its info string: ```` ```ts nocheck: <reason> ````.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

export const root = new URL("../..", import.meta.url).pathname;

/** One code block. */
export interface Example {
  /** The file it is in, relative to the repository. */
  readonly file: string;
  /** The line (1-based) of its first line of code. */
  readonly line: number;
  /** Its code, as a reader sees it (doc comments' ` * ` removed). */
  readonly code: string;
  /** Lines checked before the code, and the line (1-based) they start on in `file`. */
  readonly preamble?: { readonly code: string; readonly line: number };
  /** Why it is not checked, when it is marked so. */
  readonly nocheck?: string;
}

/** A type error in an example, located in the file a reader edits. */
export interface ExampleProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

const FENCE = /^\s*```(\S*)\s*(.*)$/;

function isTypeScript(lang: string): boolean {
  return lang === "ts" || lang === "typescript";
}

function nocheckReason(info: string): string | undefined {
  const match = /^nocheck\b:?\s*(.*)$/.exec(info.trim());
  return match ? match[1]!.trim() : undefined;
}

/**
 * The ```ts blocks of a Markdown file, each with the `<!-- ts-preamble ... -->` comment that
 * precedes it, if any.
 */
export function markdownExamples(file: string): Example[] {
  const lines = readFileSync(join(root, file), "utf8").split("\n");
  const examples: Example[] = [];
  let preamble: { code: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    if (text.trimStart().startsWith("<!-- ts-preamble")) {
      const start = i;
      const body: string[] = [];
      const first = text.trimStart().slice("<!-- ts-preamble".length);
      const inline = first.trim() !== "";
      if (first.includes("-->")) body.push(first.slice(0, first.indexOf("-->")));
      else {
        if (inline) body.push(first);
        while (++i < lines.length && !lines[i]!.includes("-->")) body.push(lines[i]!);
        const last = lines[i] ?? "";
        if (last.trim() !== "-->") body.push(last.slice(0, last.indexOf("-->")));
      }
      preamble = { code: body.join("\n"), line: inline ? start + 1 : start + 2 };
      continue;
    }
    const fence = FENCE.exec(text);
    if (!fence) {
      if (text.trim() !== "") preamble = undefined; // a preamble belongs to the very next block
      continue;
    }
    const start = i;
    const body: string[] = [];
    while (++i < lines.length && !/^\s*```\s*$/.test(lines[i]!)) body.push(lines[i]!);
    if (isTypeScript(fence[1]!)) {
      const nocheck = nocheckReason(fence[2]!);
      examples.push({
        file,
        line: start + 2,
        code: body.join("\n"),
        ...(preamble ? { preamble } : {}),
        ...(nocheck !== undefined ? { nocheck } : {}),
      });
    }
    preamble = undefined;
  }
  return examples;
}

/** The ```ts blocks inside the doc comments (`/** ... *\/`) of a TypeScript file. */
export function tsdocExamples(file: string): Example[] {
  const text = readFileSync(join(root, file), "utf8");
  const examples: Example[] = [];
  for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const firstLine = text.slice(0, comment.index).split("\n").length;
    const lines = comment[0].split("\n").map((line) => line.replace(/^\s*\*(?!\/) ?/, ""));
    for (let i = 0; i < lines.length; i++) {
      const fence = FENCE.exec(lines[i]!);
      if (!fence) continue;
      const start = i;
      const body: string[] = [];
      while (++i < lines.length && !/^\s*```\s*$/.test(lines[i]!)) body.push(lines[i]!);
      if (!isTypeScript(fence[1]!)) continue;
      const nocheck = nocheckReason(fence[2]!);
      examples.push({ file, line: firstLine + start + 1, code: body.join("\n"), ...(nocheck !== undefined ? { nocheck } : {}) });
    }
  }
  return examples;
}

function filesUnder(dir: string, ext: string, skip: (path: string) => boolean = () => false): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (skip(path)) continue;
    if (entry.isDirectory()) out.push(...filesUnder(path, ext, skip));
    else if (entry.name.endsWith(ext)) out.push(path);
  }
  return out.sort();
}

/** The documentation files whose blocks are checked: README.md and docs/ (not the generated docs/api/). */
export function markdownFiles(): string[] {
  return ["README.md", ...filesUnder("docs", ".md", (path) => path === "docs/api")];
}

/** The source files whose doc comments are checked. */
export function sourceFiles(): string[] {
  return filesUnder("src", ".ts", (path) => path.endsWith(".d.ts"));
}

/** Every example of the documentation. */
export function allExamples(): Example[] {
  return [...markdownFiles().flatMap(markdownExamples), ...sourceFiles().flatMap(tsdocExamples)];
}

/** `flask-session-cookie` and its subpaths, mapped to the sources their built files come from. */
export function packagePaths(): Record<string, string[]> {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    name: string;
    exports: Record<string, string | { types?: string; default?: string }>;
  };
  const paths: Record<string, string[]> = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const built = typeof target === "string" ? target : (target.default ?? target.types);
    if (!built?.startsWith("./dist/") || !/\.(js|d\.ts)$/.test(built)) continue;
    const source = built.replace(/^\.\/dist\//, "src/").replace(/(\.d)?\.ts$|\.js$/, ".ts");
    paths[subpath === "." ? pkg.name : `${pkg.name}/${subpath.slice(2)}`] = [join(root, source)];
  }
  return paths;
}

/** The names a source file exports, read from its syntax (`export * from` followed), for the implicit import. */
export function exportsOf(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const source = ts.createSourceFile(file, readFileSync(join(root, file), "utf8"), ts.ScriptTarget.ES2022);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (clause && ts.isNamedExports(clause)) names.push(...clause.elements.map((e) => e.name.text));
      else if (clause) names.push(clause.name.text);
      else if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        const target = join(file, "..", statement.moduleSpecifier.text.replace(/\.js$/, ".ts"));
        names.push(...exportsOf(relative(root, join(root, target)), seen));
      }
      continue;
    }
    const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
    if (!modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    if (modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) continue;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
      }
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      names.push(statement.name.text);
    }
  }
  return [...new Set(names)];
}

/** The other source files of a file's folder. */
function siblingsOf(file: string): string[] {
  const dir = file.slice(0, file.lastIndexOf("/"));
  return readdirSync(join(root, dir))
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts") && `${dir}/${name}` !== file)
    .map((name) => `${dir}/${name}`)
    .sort();
}

/** The names a declaration file declares in `declare global { ... }`. */
function globalsOf(file: string): Set<string> {
  const source = ts.createSourceFile(file, readFileSync(join(root, file), "utf8"), ts.ScriptTarget.ES2022);
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) names.add(node.name.text);
    else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name) names.add(node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** The local names an example's own `import` statements bind. */
function importedNames(code: string): Set<string> {
  const source = ts.createSourceFile("example.ts", code, ts.ScriptTarget.ES2022);
  const names = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause) continue;
    const clause = statement.importClause;
    if (clause.name) names.add(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
    else if (bindings) for (const element of bindings.elements) names.add(element.name.text);
  }
  return names;
}

/** Whether an example changes types for every file of its program (`declare module`, `declare global`). */
function augments(code: string): boolean {
  return /^\s*declare\s+(module\s+["']|global\b)/m.test(code);
}

const PRELUDE = "test/examples/prelude.d.ts";
const MAIN_ENTRY = "src/index.ts";

interface Written {
  readonly example: Example;
  /** Lines before the example's code in the written module. */
  readonly headerLines: number;
  /** Lines of the implicit import before the preamble. */
  readonly importLines: number;
}

/** A compiler host that parses each file once for all the programs of a check. */
function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const cache = new Map<string, ts.SourceFile | undefined>();
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!cache.has(fileName)) cache.set(fileName, getSourceFile(fileName, languageVersion, onError, shouldCreate));
    return cache.get(fileName);
  };
  return host;
}

/**
 * Type-checks every example that is not marked `nocheck`, in a scratch folder inside
 * node_modules/.cache (so that packages resolve as from the repository), removed afterwards
 * unless `keep` is set. An example that augments a module (`declare module "..."`) is checked
 * in a program of its own, so that its declarations do not leak into the others. Returns the
 * problems, each located in the documentation's own file.
 */
export function checkExamples(examples: readonly Example[], options: { keep?: boolean } = {}): ExampleProblem[] {
  const dir = join(root, "node_modules/.cache/flask-session-cookie-examples", String(process.pid));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
    types: ["node"],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    paths: packagePaths(),
  };
  // The same options as a tsconfig.json, for whoever keeps the folder to look at it with tsc.
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          target: "ES2022",
          module: "ESNext",
          moduleResolution: "Bundler",
          lib: ["ES2022", "DOM", "DOM.Iterable"],
          types: ["node"],
          strict: true,
          skipLibCheck: true,
          noEmit: true,
          paths: compilerOptions.paths,
        },
        files: [join(root, PRELUDE)],
        include: ["*.ts"],
      },
      null,
      2,
    ),
  );
  try {
    const preludeNames = globalsOf(PRELUDE);
    const written = new Map<string, Written>();
    const groups: string[][] = [[]];
    const spec = (file: string) => relative(dir, join(root, file)).replace(/\.ts$/, ".js");
    examples.forEach((example, index) => {
      if (example.nocheck !== undefined) return;
      const header: string[] = [];
      if (example.file.startsWith("src/")) {
        // The file's own exports, then the main entry's, then those of its folder's other files
        // (a name two of them export is left out): each name from the first that has it.
        const taken = new Set([...importedNames(example.code), ...preludeNames]);
        const sources = [example.file, MAIN_ENTRY, ...siblingsOf(example.file)];
        const counts = new Map<string, number>();
        for (const file of siblingsOf(example.file))
          for (const name of exportsOf(file)) counts.set(name, (counts.get(name) ?? 0) + 1);
        for (const file of new Set(sources)) {
          const sibling = file !== example.file && file !== MAIN_ENTRY;
          const names = exportsOf(file).filter((name) => !taken.has(name) && !(sibling && counts.get(name)! > 1));
          names.forEach((name) => taken.add(name));
          if (names.length) header.push(`import { ${names.join(", ")} } from "${spec(file)}";`);
        }
      }
      const importLines = header.length;
      if (example.preamble) header.push(...example.preamble.code.split("\n"));
      const path = join(dir, `${String(index).padStart(4, "0")}-${example.file.replace(/[^\w.-]+/g, "_")}-${example.line}.ts`);
      writeFileSync(path, [...header, example.code, "export {};", ""].join("\n"));
      written.set(path, { example, headerLines: header.length, importLines });
      if (augments(example.code)) groups.push([path]);
      else groups[0]!.push(path);
    });
    const host = cachingHost(compilerOptions);
    const diagnostics: ts.Diagnostic[] = [];
    let oldProgram: ts.Program | undefined;
    for (const group of groups) {
      const program = ts.createProgram([join(root, PRELUDE), ...group], compilerOptions, host, oldProgram);
      oldProgram = program;
      if (group === groups[0]) diagnostics.push(...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics());
      for (const file of [join(root, PRELUDE), ...group]) {
        const source = program.getSourceFile(file);
        diagnostics.push(...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source));
      }
    }
    const problems: ExampleProblem[] = [];
    for (const diagnostic of diagnostics) {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
      const text = `TS${diagnostic.code}: ${message}`;
      const at = diagnostic.file && written.get(diagnostic.file.fileName);
      if (!diagnostic.file || !at) {
        const line = diagnostic.file ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1 : 0;
        problems.push({ file: diagnostic.file ? relative(root, diagnostic.file.fileName) : "(examples)", line, message: text });
        continue;
      }
      const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line; // 0-based
      const { example } = at;
      if (line >= at.headerLines)
        problems.push({ file: example.file, line: example.line + line - at.headerLines, message: text });
      else if (example.preamble && line >= at.importLines) {
        problems.push({
          file: example.file,
          line: example.preamble.line + line - at.importLines,
          message: `(in the ts-preamble) ${text}`,
        });
      } else
        problems.push({
          file: example.file,
          line: example.line,
          message: `(in the implicit import of ${example.file}'s exports) ${text}`,
        });
    }
    return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  } finally {
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}
