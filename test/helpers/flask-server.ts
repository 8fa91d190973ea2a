/**
 * Starts scripts/flask_app.py (a real Flask app, run by the Python that has Flask) on a free
 * loopback port, and stops it. Used by the live interop tests.
 */
import { findPython, INSTALL_HINT, type FoundPython } from "../../scripts/python.mjs";
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

/**
 * The Python with Flask of pinned environment `env` (default: $FSC_PYTHON_ENV, else the newest),
 * or `null` after a loud warning (an error under CI) saying how to get it.
 */
export function pythonWithFlask(suite: string, env?: string): string | null {
  return flaskPython(suite, env)?.python ?? null;
}

/** {@link pythonWithFlask} with the versions the environment reports (its `flask` is the Flask to match). */
export function flaskPython(suite: string, env?: string): FoundPython | null {
  const found = findPython(env);
  if (found) return found;
  missing(suite, `${INSTALL_HINT} (npm run pyenv builds the pinned environments; .ci/run does, so CI always runs these tests.)`);
  return null;
}

/**
 * Starts the Flask app with `config` (Flask's names, plus FIXED_TIME and SECRET_KEY_FALLBACKS as
 * scripts/flask_app.py describes) on 127.0.0.1, port 0. Another app built on flask_app.py's
 * server: `options.app` (its path), or a script of scripts/ by name ("flask_login_app.py").
 */
export async function startFlask(
  python: string,
  config: Record<string, unknown>,
  options: { app?: string } | string = {},
): Promise<FlaskServer> {
  const app = typeof options === "string" ? new URL(`../../scripts/${options}`, import.meta.url).pathname : (options.app ?? APP);
  const server = await startChildServer(
    "Flask",
    python,
    [app, "--host", "127.0.0.1", "--port", "0", "--quiet", "--config", JSON.stringify(config)],
    {
      timeoutMs: START_TIMEOUT_MS,
    },
  );
  return { url: `http://127.0.0.1:${server.port}`, stop: server.stop };
}
