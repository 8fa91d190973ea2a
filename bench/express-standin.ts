/**
 * STAND-IN for the `flask-session-cookie/express` adapter, which is being written on another
 * branch: a minimal Express middleware that uses `SecureCookieSessionInterface` the way an adapter
 * would (open the session from the Cookie header on every request; save it just before the
 * headers go out, adding Set-Cookie and Vary: Cookie as Flask decides). The Express benchmark
 * measures this until the real adapter is in the tree: bench/express-server.ts then uses
 * `flaskSession` from src/adapters/express.ts instead, by itself.
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { type FlaskSession, type FlaskSessionConfig, SecureCookieSessionInterface } from "../src/index.js";

/** What the benchmark reports as the implementation measured. */
export const IMPLEMENTATION = "stand-in middleware (bench/express-standin.ts), not the real adapter";

/** The session of a request (set by {@link sessionMiddleware}). */
export function sessionOf(res: Response): FlaskSession {
  return res.locals.session as FlaskSession;
}

/** An Express middleware that opens the Flask session of every request and saves it on the way out. */
export function sessionMiddleware(app: FlaskSessionConfig): RequestHandler {
  const sessions = new SecureCookieSessionInterface();
  return (req: Request, res: Response, next: NextFunction) => {
    const session = sessions.openSession(app, req.headers.cookie);
    res.locals.session = session;
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      const saved = sessions.saveSession(app, session);
      if (saved.setCookie) res.append("Set-Cookie", saved.setCookie);
      if (saved.varyCookie) res.vary("Cookie");
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as typeof res.writeHead;
    next();
  };
}
