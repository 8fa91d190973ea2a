/**
 * Bundles test/edge/checks.ts into one classic script for a runtime without modules or Node
 * built-ins. The library comes from dist/ (what the package ships, built by the vitest global
 * setup), with pako and @noble/hashes bundled in; the shared fixture checks come from
 * test/helpers/, with their `vitest` import resolved to test/edge/expect.ts.
 */
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { rolldown, type Plugin } from "rolldown";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The global the bundle defines: `EDGE_CHECKS.runFixtureFile(file, json)`. */
export const BUNDLE_GLOBAL = "EDGE_CHECKS";

/** `src/x.js` → `dist/x.js`, and `vitest` → test/edge/expect.ts. */
const edgeResolve: Plugin = {
  name: "edge-resolve",
  resolveId(source, importer) {
    if (source === "vitest") return join(root, "test/edge/expect.ts");
    if (!importer || !source.startsWith(".")) return null;
    const inSrc = relative(join(root, "src"), resolve(dirname(importer), source));
    return inSrc.startsWith("..") || isAbsolute(inSrc) ? null : join(root, "dist", inSrc);
  },
};

/** The bundle's code, and the modules it could not bundle (must be none: the runtime has no `import`). */
export async function bundleEdgeChecks(): Promise<{ code: string; imports: string[]; modules: string[] }> {
  const build = await rolldown({
    input: join(root, "test/edge/checks.ts"),
    platform: "browser",
    plugins: [edgeResolve],
  });
  try {
    const { output } = await build.generate({ format: "iife", name: BUNDLE_GLOBAL });
    const chunk = output[0];
    return {
      code: chunk.code,
      imports: [...chunk.imports, ...chunk.dynamicImports],
      modules: Object.keys(chunk.modules).map((m) => relative(root, m)),
    };
  } finally {
    await build.close();
  }
}
