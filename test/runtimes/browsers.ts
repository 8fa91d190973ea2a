/**
 * The browsers: Debian's Chromium driven by playwright-core (Chrome DevTools Protocol), Debian's
 * Firefox ESR driven by puppeteer-core (WebDriver BiDi), and WebKitGTK's MiniBrowser driven over
 * plain W3C WebDriver (WebKitWebDriver) under Xvfb. Each opens the fixture server's blank page, so
 * that the bundle and the tables come from the page's own origin, imports the bundle there and
 * runs the suite: the code runs as a page's script would, with the page's globals.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Report } from "../conformance/suite.js";
import { startChildServer, type ChildServer } from "../helpers/child-server.js";
import { firstLine, loadPackage, systemBinary, type Found } from "./installed.js";

/** What a browser gave back: its version and the suite's report. */
export interface BrowserRun {
  version: string;
  report: Report;
}

/** Runs the suite against the fixture server at `base` (ending in `/`). */
export type BrowserLauncher = (base: string) => Promise<BrowserRun>;

/** The suite, as the page runs it: import the bundle from the page's origin, then pull the tables. */
const IN_PAGE = `import("/conformance.mjs").then((m) => m.runConformanceFrom(location.origin + "/")).then(JSON.stringify)`;

/** Unlimited for the suite: a slow engine under load takes tens of seconds. */
const SCRIPT_TIMEOUT_MS = 300_000;

const CHROMIUM = "/usr/bin/chromium";
const FIREFOX = "/usr/lib/firefox-esr/firefox-esr";
const WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver";
const XVFB = "/usr/bin/Xvfb";
/** Debian's MiniBrowser for WebKitGTK 4.1 (libwebkit2gtk-4.1-0), the browser WebKitWebDriver starts. */
const MINIBROWSER = `/usr/lib/${process.arch === "arm64" ? "aarch64" : "x86_64"}-linux-gnu/webkit2gtk-4.1/MiniBrowser`;

/** A page, as playwright-core and puppeteer-core both have it. */
interface Page {
  goto(url: string): Promise<unknown>;
  evaluate(script: string): Promise<unknown>;
}

/** The part of playwright-core this file uses. */
interface Playwright {
  chromium: {
    launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<{
      version(): string;
      newPage(): Promise<Page>;
      close(): Promise<void>;
    }>;
  };
}

/** The part of puppeteer-core this file uses. */
interface Puppeteer {
  launch(options: {
    browser: "firefox";
    executablePath: string;
    headless: boolean;
    userDataDir: string;
    protocolTimeout: number;
  }): Promise<{
    version(): Promise<string>;
    newPage(): Promise<Page>;
    close(): Promise<void>;
  }>;
}

/** Opens the fixture server's page and runs the suite there. */
async function suiteInPage(page: Page, base: string): Promise<Report> {
  await page.goto(base);
  return JSON.parse((await page.evaluate(IN_PAGE)) as string) as Report;
}

function combine<A, B>(a: Found<A>, b: Found<B>): Found<[A, B]> {
  if (!a.ok) return a;
  if (!b.ok) return b;
  return { ok: true, value: [a.value, b.value] };
}

/** Chromium (Debian's), headless, through playwright-core's CDP client. */
export function chromium(): Found<BrowserLauncher> {
  const found = combine(systemBinary(CHROMIUM, "chromium"), loadPackage<Playwright>("playwright-core"));
  if (!found.ok) return found;
  const [executablePath, playwright] = found.value;
  return {
    ok: true,
    value: async (base) => {
      const browser = await playwright.chromium.launch({
        executablePath,
        headless: true,
        // No sandbox (root in CI); no network beyond loopback: no Google services, updates or sync.
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      });
      try {
        const report = await suiteInPage(await browser.newPage(), base);
        return { version: browser.version(), report };
      } finally {
        await browser.close();
      }
    },
  };
}

/** Firefox ESR (Debian's), headless, through puppeteer-core's WebDriver BiDi client. */
export function firefox(): Found<BrowserLauncher> {
  const found = combine(systemBinary(FIREFOX, "firefox-esr"), loadPackage<Puppeteer>("puppeteer-core"));
  if (!found.ok) return found;
  const [executablePath, puppeteer] = found.value;
  return {
    ok: true,
    value: async (base) => {
      const userDataDir = mkdtempSync(join(tmpdir(), "fsc-firefox-"));
      try {
        const browser = await puppeteer.launch({
          browser: "firefox",
          executablePath,
          headless: true,
          userDataDir,
          protocolTimeout: SCRIPT_TIMEOUT_MS,
        });
        try {
          const report = await suiteInPage(await browser.newPage(), base);
          return { version: (await browser.version()).replace(/^firefox\//, ""), report };
        } finally {
          await browser.close();
        }
      } finally {
        rmSync(userDataDir, { recursive: true, force: true });
      }
    },
  };
}

/** A free loopback port (for a server that cannot report the one it took). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** One W3C WebDriver command; the value of its answer, or an error with WebDriver's message. */
async function webdriver(url: string, method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(SCRIPT_TIMEOUT_MS + 10_000),
  });
  const answer = (await response.json()) as { value: { error?: string; message?: string } | unknown };
  const value = answer.value as { error?: string; message?: string } | null;
  if (!response.ok || (value && typeof value === "object" && "error" in value)) {
    throw new Error(`WebDriver ${method} ${path}: ${value?.error ?? response.status} ${value?.message ?? ""}`);
  }
  return answer.value;
}

/** WebKitGTK's MiniBrowser under Xvfb (without a display it hangs), through WebKitWebDriver. */
export function webkit(): Found<BrowserLauncher> {
  for (const [path, pkg] of [
    [WEBKIT_DRIVER, "webkit2gtk-driver"],
    [XVFB, "xvfb"],
    [MINIBROWSER, "webkit2gtk-driver"],
  ] as const) {
    const found = systemBinary(path, pkg);
    if (!found.ok) return found;
  }
  return {
    ok: true,
    value: async (base) => {
      const started: ChildServer[] = [];
      try {
        // -displayfd: Xvfb takes a free display and prints its number.
        const xvfb = await startChildServer(
          "Xvfb",
          XVFB,
          ["-displayfd", "1", "-nolisten", "tcp", "-screen", "0", "1024x768x24"],
          { listening: /^(\d+)$/ },
        );
        started.push(xvfb);
        const port = await freePort();
        const url = `http://127.0.0.1:${port}`;
        const ready = {
          port,
          probe: async () => ((await webdriver(url, "GET", "/status")) as { ready?: boolean }).ready === true,
        };
        started.push(
          await startChildServer("WebKitWebDriver", WEBKIT_DRIVER, [`--port=${port}`, "--host=127.0.0.1"], {
            env: { ...process.env, DISPLAY: `:${xvfb.port}` },
            ready,
          }),
        );
        const session = (await webdriver(url, "POST", "/session", {
          capabilities: { alwaysMatch: { "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] } } },
        })) as { sessionId: string; capabilities: { browserVersion?: string } };
        const at = `/session/${session.sessionId}`;
        try {
          await webdriver(url, "POST", `${at}/timeouts`, { script: SCRIPT_TIMEOUT_MS });
          await webdriver(url, "POST", `${at}/url`, { url: base });
          const json = (await webdriver(url, "POST", `${at}/execute/async`, {
            script: `const done = arguments[arguments.length - 1]; ${IN_PAGE}.then(done, (e) => done(JSON.stringify({ error: String(e) })));`,
            args: [],
          })) as string;
          const report = JSON.parse(json) as Report & { error?: string };
          if (report.error) throw new Error(`in WebKitGTK: ${report.error}`);
          return { version: session.capabilities.browserVersion ?? firstLine(MINIBROWSER, ["--version"]), report };
        } finally {
          await webdriver(url, "DELETE", at).catch(() => undefined);
        }
      } finally {
        for (const child of started.reverse()) await child.stop();
      }
    },
  };
}
