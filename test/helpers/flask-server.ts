/**
 * Starts scripts/flask_app.py (a real Flask app, run by the Python that has Flask) on a free
 * loopback port, and stops it. Used by the live interop tests.
 */
import { findPython, INSTALL_HINT } from "../../scripts/python.mjs";
import { startChildServer } from "./child-server.js";
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

/**
 * Starts the Flask app with `config` (Flask's names, plus FIXED_TIME and SECRET_KEY_FALLBACKS as
 * scripts/flask_app.py describes) on 127.0.0.1, port 0.
 */
export async function startFlask(python: string, config: Record<string, unknown>): Promise<FlaskServer> {
  const server = await startChildServer("Flask", python, [APP, "--host", "127.0.0.1", "--port", "0", "--quiet", "--config", JSON.stringify(config)], {
    timeoutMs: START_TIMEOUT_MS,
  });
  return { url: `http://127.0.0.1:${server.port}`, stop: server.stop };
}
