/**
 * Flask-Login for Koa: `flaskLogin` puts the request's {@link LoginContext} on `ctx.login` and
 * sends the remember cookie with the response (error responses too); `loginRequired` /
 * `freshLoginRequired` guard routes. Use it after `flaskSession`.
 * @module
 */
import type { Middleware, ParameterizedContext } from "koa";
import type { LoginContext, LoginVerdict } from "../flask/login/context.js";
import { LoginManager, type LoginManagerOptions } from "../flask/login/login-manager.js";
import { Unauthorized } from "../flask/login/unauthorized.js";
import type { FlaskLoginUser } from "../flask/login/user.js";
import { addToErrorHeaders } from "./koa.js";
import { type RemoteAddr, nodeLoginRequest, requireSession, socketAddress } from "./login-node.js";

declare module "koa" {
  interface ExtendableContext {
    /** Flask-Login for this request (from `flaskLogin` in `flask-session-cookie/koa`). */
    login: LoginContext<FlaskLoginUser>;
  }
}

/** Options of {@link flaskLogin} beyond Flask-Login's. */
export interface KoaLoginAdapterOptions {
  /** The client's address (Flask's `request.remote_addr`); default the socket's (`ctx.req.socket`). */
  remoteAddr?: RemoteAddr<ParameterizedContext>;
}

/**
 * Koa middleware for Flask-Login: `ctx.login` is the request's {@link LoginContext}
 * (`await ctx.login.currentUser()`, `ctx.login.loginUser(user, { remember: true })`,
 * `ctx.login.logoutUser()`), and the remember cookie Flask-Login's `after_request` would send is
 * appended when the downstream middleware is done, before `flaskSession` saves the session.
 *
 * @throws TypeError at once for invalid options.
 * @example
 * ```ts
 * import Koa from "koa";
 * import { flaskSession, flaskLogin } from "flask-session-cookie/koa";
 *
 * const app = new Koa();
 * app.use(flaskSession({ secretKey }));
 * app.use(flaskLogin({ secretKey, loadUser: (id) => users.get(id) ?? null }));
 * app.use(async (ctx) => {
 *   ctx.body = { user: await ctx.login.currentUser() }; // null when nobody is logged in
 * });
 * ```
 */
export function flaskLogin<User = FlaskLoginUser>(
  options: (LoginManagerOptions<User> & KoaLoginAdapterOptions) | LoginManager<User>,
  adapterOptions: KoaLoginAdapterOptions = {},
): Middleware & {
  /** The `LoginManager` the middleware uses. */
  readonly manager: LoginManager<User>;
} {
  const manager = options instanceof LoginManager ? options : new LoginManager<User>(options);
  const remoteAddr = adapterOptions.remoteAddr ?? (options instanceof LoginManager ? undefined : options.remoteAddr);
  const middleware: Middleware = async function flaskLoginMiddleware(ctx, next) {
    const session = requireSession(ctx.session, "use flaskSession() before flaskLogin()");
    const address = remoteAddr ? (remoteAddr(ctx) ?? null) : socketAddress(ctx.req);
    const login = manager.open(session, nodeLoginRequest(ctx.req, ctx.href, address));
    ctx.login = login as LoginContext<FlaskLoginUser>;
    try {
      await next();
    } catch (error) {
      // Koa's error handler sends err.headers only: the remember cookie goes there too, as
      // Flask-Login's after_request runs for error responses.
      if (!ctx.headerSent) {
        const setCookie = login.updateRememberCookie();
        if (setCookie !== null) {
          ctx.append("Set-Cookie", setCookie);
          addToErrorHeaders(error, setCookie, false);
        }
      }
      throw error;
    }
    if (ctx.headerSent) return;
    const setCookie = login.updateRememberCookie();
    if (setCookie !== null) ctx.append("Set-Cookie", setCookie);
  };
  return Object.assign(middleware, { manager });
}

/** Options of {@link loginRequired}. */
export interface KoaLoginRequiredOptions {
  /** Also require a fresh login (`fresh_login_required`). */
  fresh?: boolean;
  /** What to do instead of Flask-Login's answer (a redirect to the view, else `ctx.throw(401)`). */
  onRefused?: (verdict: Exclude<LoginVerdict, { allowed: true }>, ctx: ParameterizedContext) => unknown;
}

/**
 * Koa middleware like Flask-Login's `@login_required` (with `fresh: true`,
 * `@fresh_login_required`): `OPTIONS` passes; otherwise an authenticated (and fresh) user, else
 * a 302 to `loginView` / `refreshView` with `next`, or an {@link Unauthorized} error (401).
 *
 * @example
 * ```ts
 * import Koa from "koa";
 * import { flaskSession, flaskLogin, loginRequired } from "flask-session-cookie/koa";
 *
 * const app = new Koa();
 * app.use(flaskSession({ secretKey }));
 * app.use(flaskLogin({ secretKey, loadUser: (id) => users.get(id) ?? null }));
 * app.use(loginRequired()); // everything below needs a login (with a router: router.get("/orders", loginRequired(), ...))
 * app.use(async (ctx) => {
 *   ctx.body = { user: await ctx.login.currentUser() }; // never null here
 * });
 * ```
 */
export function loginRequired(options: KoaLoginRequiredOptions = {}): Middleware {
  return async function loginRequiredMiddleware(ctx, next) {
    const login: unknown = ctx.login;
    if (login === undefined) throw new TypeError("loginRequired needs ctx.login: use flaskLogin() first.");
    const verdict = await ctx.login.loginRequired({ fresh: options.fresh });
    if (verdict.allowed) return next();
    if (options.onRefused) return options.onRefused(verdict, ctx);
    if (verdict.location === null) throw new Unauthorized(verdict.reason);
    ctx.status = 302;
    ctx.set("Location", verdict.location);
  };
}

/**
 * `@fresh_login_required`: {@link loginRequired} with `fresh: true`.
 *
 * @example
 * ```ts
 * import Koa from "koa";
 * import { flaskSession, flaskLogin, freshLoginRequired } from "flask-session-cookie/koa";
 *
 * const app = new Koa();
 * app.use(flaskSession({ secretKey }));
 * app.use(flaskLogin({ secretKey, loadUser: (id) => users.get(id) ?? null }));
 * // Everything below needs a fresh login (with a router: router.delete("/account", freshLoginRequired(), ...)).
 * // A login restored from the remember cookie is not fresh: such a user is sent to refreshView first.
 * app.use(freshLoginRequired());
 * app.use((ctx) => {
 *   if (ctx.method !== "DELETE" || ctx.path !== "/account") return;
 *   ctx.login.logoutUser();
 *   ctx.status = 204;
 * });
 * ```
 */
export function freshLoginRequired(options: Omit<KoaLoginRequiredOptions, "fresh"> = {}): Middleware {
  return loginRequired({ ...options, fresh: true });
}
