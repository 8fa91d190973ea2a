/**
 * Where the runtimes come from: the npm packages of test/runtimes/package.json (installed apart
 * from the library's own devDependencies by `npm run runtimes:install`, which .ci/run runs) and
 * Debian's packages (chromium, firefox-esr, webkit2gtk-driver with xvfb, which .ci/run installs).
 *
 * The npm packages are loaded at run time, by path: they are not the library's dependencies, and
 * the type-check must pass without them (each driver declares the little it uses of their API).
 */
import { execFileSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** test/runtimes/ */
export const RUNTIMES_DIR = fileURLToPath(new URL(".", import.meta.url));

/** How a developer installs the npm runtimes (the skip messages say it). */
export const NPM_INSTALL = "npm run runtimes:install (npm ci --prefix test/runtimes)";

const requireHere = createRequire(join(RUNTIMES_DIR, "package.json"));

/** Something a runtime needs, found or not. */
export type Found<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The version of a package installed in test/runtimes/node_modules, or null. */
export function installedVersion(name: string): string | null {
  const file = join(RUNTIMES_DIR, "node_modules", name, "package.json");
  if (!existsSync(file)) return null;
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

/** Loads an npm package of test/runtimes/ (typed by the caller's declaration of what it uses). */
export function loadPackage<T>(name: string): Found<T> {
  if (installedVersion(name) === null) return { ok: false, reason: `npm package ${name} is not installed: ${NPM_INSTALL}` };
  return { ok: true, value: requireHere(name) as T };
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A binary shipped inside an npm package of test/runtimes/ (`bun`, `deno` and `workerd` ship theirs
 * in one package per platform, installed as an optional dependency; `--ignore-scripts` leaves the
 * wrappers' own bin stubs unlinked, so the platform package is used directly).
 *
 * @param packages - The package for each `${platform}-${arch}` it ships for.
 * @param file - The binary's path inside the package.
 */
export function npmBinary(what: string, packages: Record<string, string>, file: string): Found<string> {
  const name = packages[`${process.platform}-${process.arch}`];
  if (name === undefined) return { ok: false, reason: `no ${what} binary on npm for ${process.platform}-${process.arch}` };
  const path = join(RUNTIMES_DIR, "node_modules", name, file);
  if (!executable(path)) return { ok: false, reason: `${what} is not installed (npm package ${name}): ${NPM_INSTALL}` };
  return { ok: true, value: path };
}

/** A binary from a Debian package, or why not (with the apt-get line that installs it). */
export function systemBinary(path: string, aptPackages: string): Found<string> {
  if (!executable(path)) return { ok: false, reason: `${path} is missing: apt-get install -y ${aptPackages}` };
  return { ok: true, value: path };
}

/** The first line `binary args` prints (a version), trimmed. */
export function firstLine(binary: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync(binary, args, { encoding: "utf8", env, stdio: ["ignore", "pipe", "ignore"], timeout: 20_000 })
    .split("\n")[0]!
    .trim();
}
