// ESLint's flat config: JavaScript's and typescript-eslint's recommended rules (the syntactic set:
// no type information, so that a run takes seconds) over the sources, tests, benchmarks, scripts
// and examples, with the few changes this code base needs, each with its reason. Formatting is
// Prettier's (.prettierrc.json), not ESLint's.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  { ignores: ["dist/", ".bench/", "coverage/", "docs/api/", "fixtures/", "node_modules/", "**/.next/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    // A disable comment for a rule that reports nothing (or is not configured) is an error.
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // The code reads and escapes control characters on purpose: cookie and HTTP grammars,
      // Python's repr, terminal colours.
      "no-control-regex": "off",
      // Regular expressions match aligned output column by column; literal spaces read better.
      "no-regex-spaces": "off",
      // Ports of Python and C keep their initialisations line for line (`ts = None` before a try).
      "no-useless-assignment": "off",
      // `let [year, day] = ...` where one of them changes is fine.
      "prefer-const": ["error", { destructuring: "all" }],
      // `_name` says "unused on purpose" (an overridden method's parameters, a key left out).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // Markup is a String subclass: some APIs take String objects deliberately.
      "@typescript-eslint/no-wrapper-object-types": "off",
      // `declare global { namespace Express { ... } }` is how Express's types are augmented.
      "@typescript-eslint/no-namespace": ["error", { allowDeclarations: true }],
    },
  },
  {
    // Scripts that other runtimes run: their own globals.
    files: ["test/runtimes/hosts/**"],
    languageOptions: { globals: { ...globals.browser, ...globals.serviceworker, Bun: "readonly", Deno: "readonly" } },
  },
  {
    // Tests glue frameworks together; `any` stays out of the public API (src/), not out of them.
    files: ["test/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
