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
import { isServerSide, type ServerSideSessionOptions, type ServerSideSessions } from "./server-side/web.js";
import { registerServerSide } from "./server-side/fastify.js";
import { runBeforeSessionSave } from "./before-save.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The Flask session of this request (from `flask-session-cookie/fastify`). */
    session: FlaskSession<FlaskSessionData>;
  }
}

/**
 * What Fastify's `register` takes for itself and passes on to the plugin too. They mean nothing
 * to this plugin (it is not encapsulated), so they are not refused as unknown session options.
 */
const REGISTER_OPTIONS: readonly string[] = ["prefix", "logLevel", "logSerializers"];

/** The session options among the plugin's options: without Fastify's own `register` options. */
function sessionOptions(options: FlaskSessionOptions | FlaskSessions): FlaskSessionOptions | FlaskSessions {
  if (options === null || typeof options !== "object" || !REGISTER_OPTIONS.some((name) => Object.hasOwn(options, name))) {
    return options;
  }
  const out: Record<string, unknown> = { ...options };
  for (const name of REGISTER_OPTIONS) delete out[name];
  return out as unknown as FlaskSessionOptions;
}

/** The per-request session the plugin opened, kept apart from `request.session` (which the app may replace). */
const opened = new WeakMap<object, FlaskSession<FlaskSessionData>>();

/**
 * Options of the {@link flaskSession} plugin: Flask's session configuration (or a
 * {@link FlaskSessions} to share), or a `store` with Flask-Session's (or a {@link ServerSideSessions}).
 */
export type FastifySessionOptions = FlaskSessionOptions | FlaskSessions | ServerSideSessionOptions | ServerSideSessions;

function plugin(...[fastify, options, done]: Parameters<FastifyPluginCallback<FastifySessionOptions>>): void {
  if (isServerSide(options)) {
    try {
      registerServerSide(fastify, options);
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
    return;
  }
  let sessions: FlaskSessions;
  try {
    sessions = flaskSessionsFrom(sessionOptions(options), "the flaskSession plugin (flask-session-cookie/fastify)");
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
 * is saved on error replies too. Registered with a `store` (Flask-Session's server-side sessions),
 * the record is read in `onRequest` and written back in `onSend`; see {@link ServerSideSessions}.
 * Registering fails when `secretKey` is missing, an option name is unknown (Fastify's own
 * `prefix`, `logLevel` and `logSerializers` are allowed) or an option is invalid.
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
export const flaskSession: FastifyPluginCallback<FastifySessionOptions> = Object.assign(plugin, {
  // What fastify-plugin sets: no encapsulation, and a name in errors and in the plugin tree.
  [Symbol.for("skip-override")]: true,
  [Symbol.for("fastify.display-name")]: "flask-session-cookie",
  [Symbol.for("plugin-meta")]: { name: "flask-session-cookie" },
});

export { FlaskSessions, FlaskSession, flash, getFlashedMessages } from "./web.js";
export type { FlaskSessionData, FlaskSessionOptions, FlashedMessage } from "./web.js";
export { ServerSideSessions, ServerSideSession } from "./server-side/web.js";
export type { ServerSideSessionOptions } from "./server-side/web.js";

// Flask-Login and Flask-WTF (their own modules; re-exported here).
export { flaskLogin, loginRequired, freshLoginRequired } from "./login-fastify.js";
export type { FastifyLoginOptions, FastifyLoginRequiredOptions } from "./login-fastify.js";
export type { CsrfExempt, RemoteAddr } from "./login-node.js";
export { csrfProtect } from "./csrf-fastify.js";
export type { FastifyCsrfOptions } from "./csrf-fastify.js";
export { LoginManager, LoginContext, Unauthorized, CSRFProtect, CSRFError, generateCsrf, validateCsrf } from "../index.js";
export type { FlaskLoginUser, LoginManagerOptions, LoginUserOptions, CSRFProtectOptions } from "../index.js";
