/**
 * Finds what ties a source file to Node: imports of Node built-ins (`node:fs`, or the bare `fs`),
 * and Node's globals (`process`, `Buffer`, `require`, ...), read from the TypeScript syntax tree so
 * that comments and strings (a TSDoc example with `process.env`) do not count.
 */
import { builtinModules } from "node:module";
import ts from "typescript";

/** Globals that Node has and browsers and edge runtimes do not. */
export const NODE_GLOBALS = new Set([
  "process",
  "Buffer",
  "require",
  "module",
  "global",
  "__dirname",
  "__filename",
  "setImmediate",
  "clearImmediate",
  "NodeJS",
]);

/** Names under which code reaches the global object. */
const GLOBAL_OBJECTS = new Set(["globalThis", "self", "window", "global"]);

export interface NodeUse {
  line: number;
  column: number;
  what: string;
}

/** Whether an import specifier names a Node built-in: `node:fs`, `fs`, `fs/promises`. */
export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0]!);
}

/** `x.process`, `{ process: 1 }`, `class { process() {} }`: a property named like a global is not the global. */
function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent)) return parent.name === node;
  if (ts.isQualifiedName(parent)) return parent.right === node;
  return (
    (ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isMethodSignature(parent) ||
      ts.isGetAccessorDeclaration(parent) ||
      ts.isSetAccessorDeclaration(parent) ||
      ts.isEnumMember(parent)) &&
    parent.name === node
  );
}

function moduleSpecifier(node: ts.Node): ts.StringLiteralLike | undefined {
  let spec: ts.Node | undefined;
  if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) spec = node.moduleSpecifier;
  else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
    spec = node.moduleReference.expression;
  else if (
    ts.isCallExpression(node) &&
    (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
      (ts.isIdentifier(node.expression) && node.expression.text === "require"))
  ) {
    spec = node.arguments[0];
  } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) spec = node.argument.literal;
  return spec && ts.isStringLiteralLike(spec) ? spec : undefined;
}

/**
 * Every import of a Node-only module (by default the Node built-ins; `nodeOnly` may add more) and
 * every use of a Node global in `source`, in order.
 */
export function findNodeUses(
  fileName: string,
  source: string,
  nodeOnly: (specifier: string) => boolean = isNodeBuiltin,
): NodeUse[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const uses: NodeUse[] = [];
  const report = (node: ts.Node, what: string) => {
    const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
    uses.push({ line: line + 1, column: character + 1, what });
  };
  const visit = (node: ts.Node): void => {
    const spec = moduleSpecifier(node);
    if (spec && nodeOnly(spec.text)) report(spec, `imports the Node-only module "${spec.text}"`);
    if (ts.isIdentifier(node) && NODE_GLOBALS.has(node.text) && !isPropertyName(node)) report(node, `uses Node's ${node.text}`);
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      GLOBAL_OBJECTS.has(node.expression.text) &&
      NODE_GLOBALS.has(node.name.text)
    ) {
      report(node, `uses Node's ${node.name.text} through ${node.expression.text}`);
    }
    if (
      ts.isElementAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      GLOBAL_OBJECTS.has(node.expression.text) &&
      ts.isStringLiteralLike(node.argumentExpression) &&
      NODE_GLOBALS.has(node.argumentExpression.text)
    ) {
      report(node, `uses Node's ${node.argumentExpression.text} through ${node.expression.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return uses;
}
