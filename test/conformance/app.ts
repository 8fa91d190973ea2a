/**
 * The app a server runtime (Node, Bun, Deno, workerd) serves on a loopback port: a
 * `fetch(request) → Response` handler, as the README's recipe for those runtimes writes it, built on
 * `flask-session-cookie/web`. It speaks the JSON of scripts/flask_app.py's `/session` routes (typed
 * values), so a test drives it and the real Flask app alike and passes the cookie between them; and
 * it runs the conformance suite on `GET /conformance`.
 */
import { FlaskSessions } from "../../src/adapters/web.js";
import { fromTyped, toTyped, type Typed } from "../helpers/typed.js";
import { environment, runConformance } from "./suite.js";

/** What the host gives the app. */
export interface AppOptions {
  /** Flask's SECRET_KEY. */
  secretKey: string;
  /** Reads a file of the test's fixture server (`manifest.json`, `fixtures/<table>`) as text. */
  read: (path: string) => Promise<string>;
}

/** A `/session` change, as scripts/flask_app.py's `POST /session` takes it. */
interface SessionChange {
  clear?: boolean;
  delete?: string[];
  set?: Typed;
  permanent?: boolean;
}

/** The app: `GET /conformance`, `GET /environment`, `GET /session`, `POST /session`. */
export function createApp({ secretKey, read }: AppOptions): (request: Request) => Promise<Response> {
  const sessions = new FlaskSessions({ secretKey });
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === "/conformance") return Response.json(await runConformance(read));
    if (pathname === "/environment") return Response.json(environment());
    if (pathname !== "/session") return new Response("not found", { status: 404 });
    const session = sessions.open(request);
    if (request.method === "POST") {
      const change = (await request.json()) as SessionChange;
      if (change.clear) session.clear();
      for (const key of change.delete ?? []) session.pop(key);
      if (change.set !== undefined) {
        for (const [key, value] of Object.entries(fromTyped(change.set) as Record<string, unknown>)) session.set(key, value);
      }
      if (change.permanent !== undefined) session.permanent = change.permanent;
    }
    const body = { session: toTyped(session.toDict()), permanent: session.permanent, loadError: session.loadError?.name ?? null };
    return sessions.commit(session, Response.json(body));
  };
}
