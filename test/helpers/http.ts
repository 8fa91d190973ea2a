/** Serving test apps on 127.0.0.1 and talking to them with bounded requests. */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FlaskSessions } from "../../src/adapters/web.js";
import { FlaskSession } from "../../src/index.js";

/** A server listening on loopback, and how to stop it. */
export interface Served {
  url: string;
  /** Closes the server, dropping keep-alive connections. */
  close: () => Promise<void>;
}

/** Waits until `server` listens (it was asked to listen on 127.0.0.1, port 0). */
export async function served(server: Server): Promise<Served> {
  if (!server.listening) {
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
  }
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One request (10 s at most, redirects not followed): status, Set-Cookie headers, Vary, body text. */
export async function request(url: string, init: RequestInit = {}) {
  const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(10_000), ...init });
  return {
    status: response.status,
    setCookie: response.headers.getSetCookie(),
    vary: response.headers.get("vary"),
    text: await response.text(),
  };
}

/** The `Set-Cookie` header the session layer writes for `data` (a changed session). */
export function setCookieFor(
  sessions: FlaskSessions,
  data: Record<string, unknown>,
  options: { permanent?: boolean } = {},
): string {
  const session = new FlaskSession(data);
  if (options.permanent) session.permanent = true;
  session.modified = true;
  const { setCookie } = sessions.save(session);
  if (setCookie === null) throw new Error("the session layer wrote no cookie");
  return setCookie;
}
