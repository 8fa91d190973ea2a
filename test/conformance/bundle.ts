/**
 * Bundles the conformance suite (test/conformance/entry.ts) into one self-contained file for
 * runtimes without Node built-ins or a package resolver. The library comes from dist/ (what the
 * package ships, built by the vitest global setup), with pako and @noble/hashes bundled in; the
 * shared checks come from test/helpers/, with their `vitest` import resolved to
 * test/conformance/expect.ts.
 *
 * One build, two wrappers of the same code: an ES module (browsers, Node, Bun, Deno, workerd) and
 * a classic script defining a global (the Edge Runtime's VM evaluates scripts, not modules).
 */
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { rolldown, type Plugin } from "rolldown";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The global the classic script defines: `CONFORMANCE.runTable(table, json)`. */
export const BUNDLE_GLOBAL = "CONFORMANCE";

/** `src/x.js` → `dist/x.js`, and `vitest` → test/conformance/expect.ts. */
const distResolve: Plugin = {
  name: "dist-resolve",
  resolveId(source, importer) {
    if (source === "vitest") return join(root, "test/conformance/expect.ts");
    if (!importer || !source.startsWith(".")) return null;
    const inSrc = relative(join(root, "src"), resolve(dirname(importer), source));
    return inSrc.startsWith("..") || isAbsolute(inSrc) ? null : join(root, "dist", inSrc);
  },
};

/** The bundle. */
export interface Bundle {
  /** As an ES module. */
  module: string;
  /** As a classic script defining {@link BUNDLE_GLOBAL}. */
  script: string;
  /** What it could not bundle (must be nothing: a runtime may have no `import` of packages). */
  imports: string[];
  /** The files it holds, relative to the repository. */
  modules: string[];
}

let built: Promise<Bundle> | undefined;

/** Builds the bundle (once per process). */
export function bundleConformance(): Promise<Bundle> {
  built ??= build();
  return built;
}

async function build(): Promise<Bundle> {
  const bundle = await rolldown({
    input: join(root, "test/conformance/entry.ts"),
    platform: "browser",
    plugins: [distResolve],
  });
  try {
    const [module] = (await bundle.generate({ format: "es" })).output;
    const [script] = (await bundle.generate({ format: "iife", name: BUNDLE_GLOBAL })).output;
    return {
      module: module.code,
      script: script.code,
      imports: [...new Set([...module.imports, ...module.dynamicImports, ...script.imports, ...script.dynamicImports])],
      modules: Object.keys(module.modules).map((m) => relative(root, m)),
    };
  } finally {
    await bundle.close();
  }
}
