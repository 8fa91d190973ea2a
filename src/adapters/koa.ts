/**
 * The Koa adapter (`flask-session-cookie/koa`): a middleware that puts the Flask session on
 * `ctx.session` and saves it into the response when the downstream middleware is done.
 * @module
 */
import type { Middleware, ParameterizedContext } from "koa";
import type { FlaskSession } from "../flask/session.js";
import { flaskSessionsFrom, sessionToSave } from "./web.js";
import type { FlaskSessionData, FlaskSessionOptions, FlaskSessions } from "./web.js";
import { varyWith } from "./vary.js";
import { isServerSide, type ServerSideSessionOptions, type ServerSideSessions } from "./server-side/web.js";
import { serverSideMiddleware } from "./server-side/koa.js";

declare module "koa" {
  interface ExtendableContext {
    /** The Flask session of this request (from `flask-session-cookie/koa`). */
    get session(): FlaskSession<FlaskSessionData>;
    /**
     * Replaces the session; `null` logs out: the session is cleared (the browser is told to
     * delete the cookie), and `ctx.session` then reads as that empty session.
     */
    set session(value: FlaskSession<FlaskSessionData> | null);
  }
}

/** An error carrying response headers, as Koa's default error handler reads them (`http-errors`). */
type ErrorWithHeaders = { headers?: Record<string, unknown> };

/**
 * Koa's default error handler removes every header the app set and sends `err.headers` instead;
 * put the session's headers there too, so that an error response saves the session as Flask
 * does (for example a `session.clear()` followed by `ctx.throw(401)`). Also used by the Flask-Login
 * middleware for the remember cookie. @internal
 */
export function addToErrorHeaders(error: unknown, setCookie: string | null, varyCookie: boolean): void {
  if (error === null || typeof error !== "object" || !Object.isExtensible(error)) return;
  const target = error as ErrorWithHeaders;
  const headers: Record<string, unknown> = { ...(target.headers ?? {}) };
  const find = (name: string) => Object.keys(headers).find((key) => key.toLowerCase() === name) ?? name;
  if (setCookie !== null) {
    const key = find("set-cookie");
    const existing = headers[key];
    headers[key] = [...(existing == null ? [] : Array.isArray(existing) ? existing : [existing]), setCookie];
  }
  if (varyCookie) {
    const key = find("vary");
    headers[key] = varyWith(headers[key] as string | readonly string[] | undefined, "Cookie");
  }
  target.headers = headers;
}

/**
 * Koa middleware giving every request a Flask session on `ctx.session`: Flask's `open_session`
 * before the downstream middleware runs, Flask's `save_session` after it (the session's
 * `Set-Cookie` is appended to any cookie the app sets, and `Vary: Cookie` merged). As in Flask,
 * the session is saved on error responses too. Setting `ctx.session = null` logs out.
 *
 * With a `store` (Flask-Session's server-side sessions), the session is read from the store
 * before the downstream middleware and written back after it; see {@link ServerSideSessions}.
 *
 * @param options - Flask's configuration in camelCase (`secretKey`, `secretKeyFallbacks`,
 *   `sessionCookieName`, ..., `permanentSessionLifetime`), or a {@link FlaskSessions} to share; or
 *   a `store` with Flask-Session's configuration (`sessionKeyPrefix`, ...), or a {@link ServerSideSessions}.
 * @throws TypeError at once when `secretKey` is missing, an option name is unknown
 *   (`Unknown option 'secretkey' (did you mean 'secretKey'?) ...`) or an option is invalid.
 * @example
 * ```ts
 * import Koa from "koa";
 * import { flaskSession, getFlashedMessages } from "flask-session-cookie/koa";
 *
 * const app = new Koa();
 * app.use(flaskSession({ secretKey: process.env.FLASK_SECRET_KEY }));
 * app.use((ctx) => {
 *   ctx.body = { user: ctx.session.get("_user_id"), messages: getFlashedMessages(ctx.session) };
 * });
 * ```
 */
export function flaskSession(
  options: FlaskSessionOptions | FlaskSessions | ServerSideSessionOptions | ServerSideSessions,
): Middleware {
  if (isServerSide(options)) return serverSideMiddleware(options);
  const sessions = flaskSessionsFrom(options, "flaskSession (flask-session-cookie/koa)");
  return async function flaskSessionMiddleware(ctx: ParameterizedContext, next: () => Promise<unknown>): Promise<void> {
    const session = sessions.open(ctx.request);
    // An accessor, so that `ctx.session = null` (logout) leaves a session to read, as typed.
    let current = session;
    Object.defineProperty(ctx, "session", {
      configurable: true,
      enumerable: true,
      get: () => current,
      set: (value: unknown) => {
        current = sessionToSave(value, session);
      },
    });
    const save = () => {
      const result = sessions.save(current);
      if (result.setCookie !== null) ctx.append("Set-Cookie", result.setCookie);
      if (result.varyCookie) ctx.vary("Cookie");
      return result;
    };
    try {
      await next();
    } catch (error) {
      if (!ctx.headerSent) {
        // Appended for an upstream middleware that renders the error; Koa's own handler uses
        // err.headers. A failure to save must not hide the request's own error.
        let result: ReturnType<typeof save> | undefined;
        try {
          result = save();
        } catch {
          result = undefined;
        }
        if (result) addToErrorHeaders(error, result.setCookie, result.varyCookie);
      }
      throw error;
    }
    if (!ctx.headerSent) save();
  };
}

export { FlaskSessions, FlaskSession, flash, getFlashedMessages } from "./web.js";
export type { FlaskSessionData, FlaskSessionOptions, FlashedMessage } from "./web.js";
export { ServerSideSessions, ServerSideSession } from "./server-side/web.js";
export type { ServerSideSessionOptions } from "./server-side/web.js";

// Flask-Login and Flask-WTF (their own modules; re-exported here).
export { flaskLogin, loginRequired, freshLoginRequired } from "./login-koa.js";
export type { KoaLoginAdapterOptions, KoaLoginRequiredOptions } from "./login-koa.js";
export type { CsrfExempt, RemoteAddr } from "./login-node.js";
export { csrfProtect } from "./csrf-koa.js";
export type { KoaCsrfProtectOptions } from "./csrf-koa.js";
export { LoginManager, LoginContext, Unauthorized, CSRFProtect, CSRFError, generateCsrf, validateCsrf } from "../index.js";
export type { FlaskLoginUser, LoginManagerOptions, LoginUserOptions, CSRFProtectOptions } from "../index.js";
