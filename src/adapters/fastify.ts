/**
 * The Fastify adapter (`flask-session-cookie/fastify`): a plugin that puts the Flask session on
 * `request.session` (hook `onRequest`) and saves it into the reply (hook `onSend`).
 *
 * It marks itself the way `fastify-plugin` does, so its hooks apply to the routes of the instance
 * it is registered on, without depending on `fastify-plugin`.
 * @module
 */
import type { FastifyPluginCallback } from "fastify";
import type { FlaskSession } from "../flask/session.js";
import { flaskSessionsFrom, sessionToSave } from "./web.js";
import type { FlaskSessionData, FlaskSessionOptions, FlaskSessions } from "./web.js";
import { varyWith } from "./vary.js";
import { runBeforeSessionSave } from "./before-save.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The Flask session of this request (from `flask-session-cookie/fastify`). */
    session: FlaskSession<FlaskSessionData>;
  }
}

/** The per-request session the plugin opened, kept apart from `request.session` (which the app may replace). */
const opened = new WeakMap<object, FlaskSession<FlaskSessionData>>();

function plugin(...[fastify, options, done]: Parameters<FastifyPluginCallback<FlaskSessionOptions | FlaskSessions>>): void {
  let sessions: FlaskSessions;
  try {
    sessions = flaskSessionsFrom(options);
  } catch (error) {
    done(error as Error);
    return;
  }
  fastify.decorateRequest("session", null as unknown as FlaskSession<FlaskSessionData>);
  fastify.addHook("onRequest", (request, _reply, next) => {
    const session = sessions.open(request);
    opened.set(request, session);
    request.session = session;
    next();
  });
  fastify.addHook("onSend", (request, reply, payload, next) => {
    const original = opened.get(request);
    if (original === undefined) {
      next(null, payload);
      return;
    }
    opened.delete(request);
    runBeforeSessionSave(request); // e.g. Flask-Login's remember cookie (its after_request)
    const { setCookie, varyCookie } = sessions.save(sessionToSave(request.session, original));
    if (setCookie !== null) reply.header("set-cookie", setCookie); // Fastify appends Set-Cookie
    if (varyCookie) reply.header("vary", varyWith(reply.getHeader("vary"), "Cookie"));
    next(null, payload);
  });
  done();
}

/**
 * Fastify plugin giving every request a Flask session on `request.session`: Flask's
 * `open_session` in `onRequest`, Flask's `save_session` in `onSend` (the session's `Set-Cookie` is
 * appended to any cookie the app sets, and `Cookie` merged into `Vary`). As in Flask, the session
 * is saved on error replies too.
 *
 * @example
 * ```ts
 * import Fastify from "fastify";
 * import { flaskSession } from "flask-session-cookie/fastify";
 *
 * const app = Fastify();
 * await app.register(flaskSession, { secretKey: process.env.FLASK_SECRET_KEY });
 * app.get("/me", async (request) => ({ user: request.session.get("_user_id") ?? null }));
 * ```
 */
export const flaskSession: FastifyPluginCallback<FlaskSessionOptions | FlaskSessions> = Object.assign(plugin, {
  // What fastify-plugin sets: no encapsulation, and a name in errors and in the plugin tree.
  [Symbol.for("skip-override")]: true,
  [Symbol.for("fastify.display-name")]: "flask-session-cookie",
  [Symbol.for("plugin-meta")]: { name: "flask-session-cookie" },
});

export { FlaskSessions, FlaskSession, flash, getFlashedMessages } from "./web.js";
export type { FlaskSessionData, FlaskSessionOptions, FlashedMessage } from "./web.js";

// Flask-Login and Flask-WTF (their own modules; re-exported here).
export { flaskLogin, loginRequired, freshLoginRequired } from "./login-fastify.js";
export type { FastifyLoginOptions, FastifyLoginRequiredOptions } from "./login-fastify.js";
export { csrfProtect } from "./csrf-fastify.js";
export type { FastifyCsrfOptions } from "./csrf-fastify.js";
export { LoginManager, LoginContext, Unauthorized, CSRFProtect, CSRFError, generateCsrf, validateCsrf } from "../index.js";
export type { FlaskLoginUser, LoginManagerOptions, LoginUserOptions, CSRFProtectOptions } from "../index.js";
