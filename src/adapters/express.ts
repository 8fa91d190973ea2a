/**
 * The Express adapter (`flask-session-cookie/express`): a middleware that puts the Flask session
 * on `req.session` and saves it into the response just before its headers are sent.
 *
 * It only uses Node's `http` response API (no import of Express), so it also works with Connect,
 * Polka or a plain `node:http` server.
 * @module
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { FlaskSession } from "../flask/session.js";
import { flaskSessionsFrom, sessionToSave } from "./web.js";
import type { FlaskSessionData, FlaskSessionOptions, FlaskSessions } from "./web.js";
import { varyWith } from "./vary.js";
import { isServerSide, type ServerSideSessionOptions, type ServerSideSessions } from "./server-side/web.js";
import { serverSideMiddleware } from "./server-side/express.js";

declare global {
  namespace Express {
    interface Request {
      /** The Flask session of this request (from `flask-session-cookie/express`). */
      session: FlaskSession<FlaskSessionData>;
    }
  }
}

/**
 * A request as the middleware sees it: Node's, with the session it adds.
 *
 * @example
 * ```ts
 * // Without Express: the middleware on a plain node:http server.
 * import { createServer } from "node:http";
 *
 * const sessionMiddleware = flaskSession({ secretKey });
 * createServer((req: RequestWithSession, res) => {
 *   sessionMiddleware(req, res, () => res.end(String(req.session?.get("_user_id"))));
 * });
 * ```
 */
export type RequestWithSession = IncomingMessage & {
  /** The session the middleware opened (`null` or a new one if the app replaced it). */
  session?: FlaskSession<FlaskSessionData> | null;
};

/**
 * The middleware {@link flaskSession} returns: Express's `(req, res, next)` shape, which Connect
 * and Polka use too.
 *
 * @example
 * ```ts
 * import express from "express";
 *
 * const middleware: FlaskSessionMiddleware = flaskSession({ secretKey });
 * express().use(middleware);
 * ```
 */
export type FlaskSessionMiddleware = (req: RequestWithSession, res: ServerResponse, next: (error?: unknown) => void) => void;

type WriteHeadArgs = [statusCode: number, ...rest: unknown[]];

function isSetCookie(name: string): boolean {
  return name.toLowerCase() === "set-cookie";
}

/**
 * Moves the headers given to `writeHead(status, [message,] headers)` onto the response, so that
 * the session's `Set-Cookie` is appended to the app's cookies rather than replacing them (Node
 * applies those headers with `setHeader`, which would overwrite). Returns the arguments without
 * the headers.
 */
function absorbWriteHeadHeaders(res: ServerResponse, args: WriteHeadArgs): WriteHeadArgs {
  const index = typeof args[1] === "string" ? 2 : 1;
  const headers = args[index];
  if (headers == null || typeof headers !== "object") return args;
  const pairs: [string, unknown][] = [];
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) {
      for (const pair of headers as unknown[][]) pairs.push([String(pair[0]), pair[1]]);
    } else {
      for (let i = 0; i + 1 < headers.length; i += 2) pairs.push([String(headers[i]), headers[i + 1]]);
    }
  } else {
    for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders)) pairs.push([name, value]);
  }
  for (const [name, value] of pairs) {
    if (value === undefined) continue;
    const header = value as string | number | readonly string[];
    if (isSetCookie(name)) res.appendHeader(name, header as string | readonly string[]);
    else res.setHeader(name, header);
  }
  return args.slice(0, index) as WriteHeadArgs;
}

/**
 * Express middleware giving every request a Flask session on `req.session`: Flask's
 * `open_session` when the request comes in, and Flask's `save_session` just before the response's
 * headers go out (the session's `Set-Cookie` is appended to any cookie the app sets, and `Cookie`
 * is merged into `Vary`). As in Flask, the session is saved on error responses too.
 *
 * With a `store` (Flask-Session's server-side sessions), the session is read from the store
 * before the route runs and written back before the response ends; see {@link ServerSideSessions}.
 *
 * @param options - Flask's configuration in camelCase (`secretKey`, `secretKeyFallbacks`,
 *   `sessionCookieName`, ..., `permanentSessionLifetime`), or a {@link FlaskSessions} to share; or
 *   a `store` with Flask-Session's configuration (`sessionKeyPrefix`, ...), or a {@link ServerSideSessions}.
 * @throws TypeError at once when `secretKey` is missing, an option name is unknown
 *   (`Unknown option 'secretkey' (did you mean 'secretKey'?) ...`) or an option is invalid.
 * @example
 * ```ts
 * import express from "express";
 * import { flaskSession, flash } from "flask-session-cookie/express";
 *
 * const app = express();
 * app.use(flaskSession({ secretKey: process.env.FLASK_SECRET_KEY }));
 * app.post("/cart", (req, res) => {
 *   const userId = req.session.get("_user_id");     // set by Flask-Login
 *   flash(req.session, "Added to cart", "success"); // shown by Flask's get_flashed_messages()
 *   res.json({ userId });
 * });
 * ```
 */
export function flaskSession(
  options: FlaskSessionOptions | FlaskSessions | ServerSideSessionOptions | ServerSideSessions,
): FlaskSessionMiddleware {
  if (isServerSide(options)) return serverSideMiddleware(options);
  const sessions = flaskSessionsFrom(options, "flaskSession (flask-session-cookie/express)");
  return function flaskSessionMiddleware(req, res, next) {
    let session: FlaskSession<FlaskSessionData>;
    try {
      session = sessions.open(req);
    } catch (error) {
      next(error);
      return;
    }
    req.session = session;
    // Saves the session right before the headers are written, whichever way they are
    // (`res.writeHead`, or implicitly by the first `write`/`end`, which call `this.writeHead`).
    // One closure per request. Express gives every request and response objects a shape of their
    // own, so each property stored on them is a slow store (a new hidden class, over a
    // microsecond): the wrapper stays in place afterwards, passing calls through, rather than
    // storing the original back.
    const writeHead = res.writeHead as (this: ServerResponse, ...args: WriteHeadArgs) => ServerResponse;
    let saved = false;
    res.writeHead = function writeHeadWithSession(this: ServerResponse, ...args: WriteHeadArgs): ServerResponse {
      if (saved) return writeHead.apply(this, args);
      saved = true;
      const rest = args.length > 1 ? absorbWriteHeadHeaders(this, args) : args;
      const { setCookie, varyCookie } = sessions.save(sessionToSave(req.session, session));
      if (setCookie !== null) res.appendHeader("Set-Cookie", setCookie);
      if (varyCookie) res.setHeader("Vary", varyWith(res.getHeader("Vary"), "Cookie"));
      return writeHead.apply(this, rest);
    } as ServerResponse["writeHead"];
    next();
  };
}

export { FlaskSessions, FlaskSession, flash, getFlashedMessages } from "./web.js";
export type { FlaskSessionData, FlaskSessionOptions, FlashedMessage } from "./web.js";
export { ServerSideSessions, ServerSideSession } from "./server-side/web.js";
export type { ServerSideSessionOptions } from "./server-side/web.js";

// Flask-Login and Flask-WTF (their own modules; re-exported here).
export { flaskLogin, loginRequired, freshLoginRequired } from "./login-express.js";
export type { FlaskLoginMiddleware, FlaskLoginAdapterOptions, LoginRequiredOptions, RequestWithLogin } from "./login-express.js";
export type { CsrfExempt, RemoteAddr } from "./login-node.js";
export { csrfProtect } from "./csrf-express.js";
export type { CsrfProtectOptions, CsrfProtectMiddleware, RequestWithCsrf } from "./csrf-express.js";
export { LoginManager, LoginContext, Unauthorized, CSRFProtect, CSRFError, generateCsrf, validateCsrf } from "../index.js";
export type { FlaskLoginUser, LoginManagerOptions, LoginUserOptions, CSRFProtectOptions } from "../index.js";
