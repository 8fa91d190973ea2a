/**
 * Server-side sessions (Flask-Session) for Koa: what `flaskSession({ store })` from
 * `flask-session-cookie/koa` returns. The record is read before the downstream middleware and
 * written (or deleted) after it, before the response goes out.
 * @module
 */
import type { Middleware, ParameterizedContext } from "koa";
import { serverSessionToSave, serverSideSessionsFrom, type ServerSideSessionOptions, type ServerSideSessions } from "./web.js";

/** The Koa middleware for server-side sessions. @internal */
export function serverSideMiddleware(options: ServerSideSessionOptions | ServerSideSessions): Middleware {
  const sessions = serverSideSessionsFrom(options);
  return async function flaskServerSessionMiddleware(ctx: ParameterizedContext, next: () => Promise<unknown>): Promise<void> {
    const opened = await sessions.open(ctx.request);
    ctx.session = opened;
    const save = async () => {
      const session = serverSessionToSave(ctx.session, opened);
      const plan = sessions.prepare(session);
      await sessions.apply(session, plan);
      if (plan.setCookie !== null) ctx.append("Set-Cookie", plan.setCookie);
      if (plan.varyCookie) ctx.vary("Cookie");
    };
    try {
      await next();
    } catch (error) {
      // As Flask, the session is saved on an error response too; a failure to save must not
      // hide the request's own error.
      if (!ctx.headerSent) await save().catch(() => undefined);
      throw error;
    }
    if (!ctx.headerSent) await save();
  };
}
