// TypeDoc: the API reference, from the TSDoc of the package's entry points (read from
// package.json's `exports`, so a new entry point is documented without a change here), written
// to docs/api/ (generated, not committed) by `npm run docs:api`. Every warning is an error, and
// the validation finds exports without documentation, links that lead nowhere and exported
// types that are not exported; test/docs/api.test.ts runs the same check in `npm test`.
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

/** Each entry point's source: `./dist/adapters/web.js` comes from `src/adapters/web.ts`. */
export const entryPoints = Object.values(pkg.exports)
  .map((target) => (typeof target === "string" ? target : target.default))
  .filter((built) => built.startsWith("./dist/") && built.endsWith(".js"))
  .map((built) => built.replace(/^\.\/dist\//, "./src/").replace(/\.js$/, ".ts"));

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  entryPoints,
  tsconfig: "./tsconfig.build.json",
  out: "./docs/api",
  name: pkg.name,
  readme: "none",
  excludeInternal: true,
  excludePrivate: true,
  // Members inherited from the platform (Markup is a String, Tuple an Array) are documented there.
  excludeExternals: true,
  treatWarningsAsErrors: true,
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  // Node's util.inspect protocol: a method's parameter type, not part of the API.
  intentionallyNotExported: ["InspectFunction"],
  // Markup is a String: TypeScript's own comment on String.replace links to its parameter.
  externalSymbolLinkMappings: {
    typescript: { searchValue: "https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/String/replace" },
  },
  githubPages: false,
  // No links to the sources: they need a git remote, which a copy of the repository may not have.
  disableSources: true,
};
