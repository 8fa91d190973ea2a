/**
 * Builds dist/ once before the tests that need the built package (the packaging test, the CLI
 * tests), so that no test builds while another one runs the output.
 */
import { execFileSync } from "node:child_process";

export default function setup(): void {
  const root = new URL("../..", import.meta.url).pathname;
  execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
}
