import { configDefaults, defineConfig } from "vitest/config";

/**
 * The suites `npm run test:unit` leaves out: whatever needs more than the TypeScript sources and
 * the recorded fixtures, or takes more than a few seconds. `npm test` runs them all. A new suite
 * of that kind goes in one of these folders (or in this list, with its reason).
 */
const SLOW = [
  "test/live/**", // a real Flask server on loopback (Python environments)
  "test/fuzz/**", // the differential fuzzer and its regressions, judged by a live Python
  "test/properties/**", // fast-check properties: hundreds of random cases each
  "test/runtimes/**", // other JavaScript runtimes (browsers, Bun, Deno, workerd, Node versions)
  "test/docs/**", // the TypeScript compiler over the documentation (examples, API reference)
  "test/docs.test.ts", // every export's TSDoc, through the TypeScript compiler
  "test/cli/commands.test.ts", // the built command-line tool, as a subprocess (dist/)
  "test/cli/readme.test.ts", // the same, as the documentation shows it
  "test/cli/python.test.ts", // the built tool against Python's verdicts
  "test/package.test.ts", // npm pack, publint, attw, a consumer of the tarball
  "test/builtin-prototypes.test.ts", // every built entry point (dist/), in a child Node with --allow-natives-syntax
  "test/adapters/exports.test.ts", // the built adapters (dist/)
  "test/edge-runtime.test.ts", // the built bundle in an edge-runtime sandbox
  "test/float-repr.test.ts", // thousands of floats through a live Python
  "test/deflate.test.ts", // every length to 3000 of every kind of content, against pako
  "test/deflate-bound.test.ts", // every length to 5000 of every kind of content, against pako
  "test/inflate.test.ts", // CPython's streams, and about 10,700 more against pako (every size to 2000, 10 MB)
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 240_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/**/*.test.ts"], exclude: [...configDefaults.exclude, ...SLOW] },
      },
      {
        extends: true,
        // Builds dist/ once before the suites that run the built package.
        test: {
          name: "slow",
          include: SLOW.map((glob) => (glob.endsWith("/**") ? `${glob}/*.test.ts` : glob)),
          globalSetup: ["test/setup/build.ts"],
        },
      },
    ],
  },
});
