/**
 * Builds dist/ once before the tests that need the built package (the packaging test, the CLI
 * tests), so that no test builds while another one runs the output.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";

export default function setup(): void {
  const root = new URL("../..", import.meta.url).pathname;
  // From an empty dist/, so that no file of a module since moved or deleted is left to be packed.
  rmSync(new URL("../../dist", import.meta.url), { recursive: true, force: true });
  execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
}
