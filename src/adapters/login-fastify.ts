/**
 * Flask-Login for Fastify: the `flaskLogin` plugin puts the request's {@link LoginContext} on
 * `request.login` and sends the remember cookie with the reply (before `flaskSession` saves the
 * session); `loginRequired` / `freshLoginRequired` are `preHandler` hooks. Register it after
 * `flaskSession`.
 * @module
 */
import type { FastifyPluginCallback, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import type { FlaskSession, SessionData } from "../flask/session.js";
import type { LoginContext, LoginVerdict } from "../flask/login/context.js";
import { LoginManager, type LoginManagerOptions } from "../flask/login/login-manager.js";
import { Unauthorized } from "../flask/login/unauthorized.js";
import type { FlaskLoginUser } from "../flask/login/user.js";
import { beforeSessionSave } from "./before-save.js";
import { type RemoteAddr, nodeLoginRequest, requireSession, socketAddress } from "./login-node.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Flask-Login for this request (from `flaskLogin` in `flask-session-cookie/fastify`). */
    login: LoginContext<FlaskLoginUser>;
  }
}

/** Options of the {@link flaskLogin} plugin: a manager's options, or a manager; and `remoteAddr`. */
export type FastifyLoginOptions = (
  | LoginManagerOptions<FlaskLoginUser>
  | {
      /** A `LoginManager` built beforehand (to share it, or to call it outside requests). */
      manager: LoginManager<FlaskLoginUser>;
    }
) & {
  /** The client's address (Flask's `request.remote_addr`); default the socket's (`request.raw.socket`). */
  remoteAddr?: RemoteAddr<FastifyRequest>;
};

function plugin(...[fastify, options, done]: Parameters<FastifyPluginCallback<FastifyLoginOptions>>): void {
  let manager: LoginManager<FlaskLoginUser>;
  try {
    manager =
      "manager" in options && options.manager instanceof LoginManager
        ? options.manager
        : new LoginManager(options as LoginManagerOptions);
  } catch (error) {
    done(error as Error);
    return;
  }
  if (!fastify.hasRequestDecorator("session")) {
    done(new TypeError("flaskLogin needs the Flask session: register flaskSession before flaskLogin."));
    return;
  }
  const remoteAddr = options.remoteAddr;
  fastify.decorateRequest("login", null as unknown as LoginContext<FlaskLoginUser>);
  fastify.addHook("onRequest", (request, reply, next) => {
    let session: FlaskSession<SessionData>;
    try {
      session = requireSession(request.session, "register flaskSession before flaskLogin");
    } catch (error) {
      next(error as Error);
      return;
    }
    const address = remoteAddr ? (remoteAddr(request) ?? null) : socketAddress(request.raw);
    const url = `${request.protocol}://${request.host}${request.raw.url ?? "/"}`;
    const login = manager.open(session, nodeLoginRequest(request.raw, url, address));
    request.login = login;
    // Flask-Login's after_request, which must run before the session is saved.
    beforeSessionSave(request, () => {
      const setCookie = login.updateRememberCookie();
      if (setCookie !== null) reply.header("set-cookie", setCookie); // Fastify appends Set-Cookie
    });
    next();
  });
  done();
}

/**
 * Fastify plugin for Flask-Login: `request.login` is the request's {@link LoginContext}
 * (`await request.login.currentUser()`, `request.login.loginUser(user, { remember: true })`,
 * `request.login.logoutUser()`), and the remember cookie goes out with the reply, error replies
 * too. Register it after `flaskSession`.
 *
 * @example
 * ```ts
 * import Fastify from "fastify";
 * import { flaskSession, flaskLogin, loginRequired } from "flask-session-cookie/fastify";
 *
 * const app = Fastify();
 * await app.register(flaskSession, { secretKey });
 * await app.register(flaskLogin, { secretKey, loadUser: (id) => users.get(id) ?? null });
 * app.get("/me", { preHandler: loginRequired() }, (request) => request.login.currentUser());
 * ```
 */
export const flaskLogin: FastifyPluginCallback<FastifyLoginOptions> = Object.assign(plugin, {
  [Symbol.for("skip-override")]: true,
  [Symbol.for("fastify.display-name")]: "flask-session-cookie-login",
  [Symbol.for("plugin-meta")]: { name: "flask-session-cookie-login" },
});

/** Options of {@link loginRequired}. */
export interface FastifyLoginRequiredOptions {
  /** Also require a fresh login (`fresh_login_required`). */
  fresh?: boolean;
  /** What to do instead of Flask-Login's answer (a redirect to the view, else an `Unauthorized` 401). */
  onRefused?: (verdict: Exclude<LoginVerdict, { allowed: true }>, request: FastifyRequest, reply: FastifyReply) => unknown;
}

/**
 * A `preHandler` like Flask-Login's `@login_required` (with `fresh: true`,
 * `@fresh_login_required`): `OPTIONS` passes; otherwise an authenticated (and fresh) user, else a
 * 302 to `loginView` / `refreshView` with `next`, or an {@link Unauthorized} error (401).
 *
 * @example
 * ```ts
 * import Fastify from "fastify";
 * import { flaskSession, flaskLogin, loginRequired } from "flask-session-cookie/fastify";
 *
 * const app = Fastify();
 * await app.register(flaskSession, { secretKey });
 * await app.register(flaskLogin, { secretKey, loadUser: (id) => users.get(id) ?? null });
 * app.get("/orders", { preHandler: loginRequired() }, async (request) => ({ user: await request.login.currentUser() }));
 * // An API answers 401 itself rather than redirecting to the login view:
 * const apiLogin = loginRequired({ onRefused: (_verdict, _request, reply) => reply.code(401).send() });
 * app.get("/api/orders", { preHandler: apiLogin }, async () => []);
 * ```
 */
export function loginRequired(options: FastifyLoginRequiredOptions = {}): preHandlerAsyncHookHandler {
  return async function loginRequiredHook(request, reply) {
    const login: unknown = request.login;
    if (login === null || login === undefined)
      throw new TypeError("loginRequired needs request.login: register flaskLogin first.");
    const verdict = await request.login.loginRequired({ fresh: options.fresh });
    if (verdict.allowed) return;
    if (options.onRefused) {
      await options.onRefused(verdict, request, reply);
      return reply;
    }
    if (verdict.location === null) throw new Unauthorized(verdict.reason);
    return reply.redirect(verdict.location, 302);
  };
}

/**
 * `@fresh_login_required`: {@link loginRequired} with `fresh: true`.
 *
 * @example
 * ```ts
 * import Fastify from "fastify";
 * import { flaskSession, flaskLogin, freshLoginRequired } from "flask-session-cookie/fastify";
 *
 * const app = Fastify();
 * await app.register(flaskSession, { secretKey });
 * await app.register(flaskLogin, { secretKey, loadUser: (id) => users.get(id) ?? null });
 * // A login restored from the remember cookie is not fresh: such a user is sent to refreshView first.
 * app.delete("/account", { preHandler: freshLoginRequired() }, async (request, reply) => {
 *   request.login.logoutUser();
 *   return reply.code(204).send();
 * });
 * ```
 */
export function freshLoginRequired(options: Omit<FastifyLoginRequiredOptions, "fresh"> = {}): preHandlerAsyncHookHandler {
  return loginRequired({ ...options, fresh: true });
}
