/**
 * What a test needs from the machine (a Python environment, a server, a browser, a runtime) and
 * what happens when it is missing: on a developer's machine the suite is skipped with a loud
 * message saying what to install; under CI (`CI=true`, as `.ci/run` runs) it fails instead, so
 * that CI never passes by skipping.
 */

/** Whether this run is CI's (`CI` set to anything but "", "0" or "false"). */
export const IN_CI = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());

/**
 * Reports a missing requirement of `suite`: throws under CI, else prints a framed warning and
 * returns `false` (so a caller writes `const ok = have || missing(...)` and skips when not ok).
 *
 * @param suite - What is skipped, e.g. "test/live/interop.test.ts".
 * @param what - What is missing and how to install it.
 */
export function missing(suite: string, what: string): false {
  if (IN_CI) throw new Error(`${suite} cannot run under CI: ${what}`);
  const line = "!".repeat(100);
  console.warn(`\n${line}\n!! SKIPPED: ${suite}\n!! ${what}\n${line}\n`);
  return false;
}
