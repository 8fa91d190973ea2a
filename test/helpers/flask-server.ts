/**
 * Starts scripts/flask_app.py (a real Flask app, run by the Python that has Flask) on a free
 * loopback port, and stops it. Used by the live interop tests.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { findPython, INSTALL_HINT } from "../../scripts/python.mjs";
import { missing } from "./requirement.js";

const APP = new URL("../../scripts/flask_app.py", import.meta.url).pathname;
const START_TIMEOUT_MS = 20_000;

/** A running Flask app. */
export interface FlaskServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Stops the server (SIGTERM, then SIGKILL after 3 s); resolves when it has exited. */
  stop(): Promise<void>;
}

/** The Python with Flask, or `null` after a loud warning (an error under CI) saying how to get it. */
export function pythonWithFlask(suite: string): string | null {
  const found = findPython();
  if (found) return found.python;
  missing(suite, `${INSTALL_HINT} (npm run pyenv builds the pinned environments; .ci/run does, so CI always runs these tests.)`);
  return null;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * Starts the Flask app with `config` (Flask's names, plus FIXED_TIME and SECRET_KEY_FALLBACKS as
 * scripts/flask_app.py describes) on 127.0.0.1, port 0. `script` serves another app of scripts/
 * built on flask_app.py's server (e.g. "flask_login_app.py").
 */
export async function startFlask(python: string, config: Record<string, unknown>, script?: string): Promise<FlaskServer> {
  const app = script === undefined ? APP : new URL(`../../scripts/${script}`, import.meta.url).pathname;
  // stdin stays a pipe: if this process dies without stopping it, the app sees EOF and exits.
  const child = spawn(python, [app, "--host", "127.0.0.1", "--port", "0", "--quiet", "--config", JSON.stringify(config)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const onExit = () => child.kill("SIGKILL");
  process.once("exit", onExit);
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    if (stderr.length < 20_000) stderr += chunk;
  });
  const stop = async () => {
    process.removeListener("exit", onExit);
    await stopChild(child);
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Flask did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      const lines = createInterface({ input: child.stdout! });
      lines.on("line", (line) => {
        const match = /^LISTENING (\d+)$/.exec(line.trim());
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`Flask exited before listening (code ${code}, signal ${signal}):\n${stderr}`));
      });
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    return { url: `http://127.0.0.1:${port}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
