/**
 * Flask-Login for Express (and Connect, Polka, `node:http`): `flaskLogin` puts the request's
 * {@link LoginContext} on `req.login` and sends the remember cookie with the response;
 * `loginRequired` / `freshLoginRequired` guard routes. Mount it after `flaskSession`.
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FlaskSession, SessionData } from "../flask/session.js";
import type { LoginContext, LoginVerdict } from "../flask/login/context.js";
import { LoginManager, type LoginManagerOptions } from "../flask/login/login-manager.js";
import { Unauthorized } from "../flask/login/unauthorized.js";
import type { FlaskLoginUser } from "../flask/login/user.js";
import { type RemoteAddr, nodeLoginRequest, requireSession, socketAddress } from "./login-node.js";

declare global {
  namespace Express {
    interface Request {
      /** Flask-Login for this request (from `flaskLogin` in `flask-session-cookie/express`). */
      login: LoginContext<FlaskLoginUser>;
    }
  }
}

/** A Node request as `flaskLogin` sees it: with the session `flaskSession` put there, and what it adds. */
export type RequestWithLogin = IncomingMessage & {
  /** The Flask session `flaskSession` opened (required: `flaskLogin` refuses to run without it). */
  session?: FlaskSession<SessionData> | null;
  /** The request's Flask-Login, which `flaskLogin` adds. */
  login?: LoginContext<unknown>;
  /** Express's `req.originalUrl`: with `req.protocol` and the `Host` header, the URL a login redirect's `next` names. */
  originalUrl?: string;
  /** Express's `req.protocol` (`"https"` behind a trusted proxy); without Express, the socket's. */
  protocol?: string;
};

/** The middleware {@link flaskLogin} returns, with its manager. */
export type FlaskLoginMiddleware<User> = ((
  req: RequestWithLogin,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void) & {
  /** The `LoginManager` the middleware uses. */
  readonly manager: LoginManager<User>;
};

/** Options of {@link flaskLogin} beyond Flask-Login's. */
export interface FlaskLoginAdapterOptions<R = RequestWithLogin> {
  /**
   * The client's address (Flask's `request.remote_addr`, which session protection hashes); default
   * the socket's. Behind a proxy, give what Flask sees (with `ProxyFix`, the forwarded address).
   */
  remoteAddr?: RemoteAddr<R>;
}

/** The request URL as Flask's `request.url` has it (the `next` of a login redirect). */
function urlOf(req: RequestWithLogin): string {
  const scheme = req.protocol ?? ((req.socket as { encrypted?: boolean } | undefined)?.encrypted ? "https" : "http");
  return `${scheme}://${req.headers.host ?? "localhost"}${req.originalUrl ?? req.url ?? "/"}`;
}

/**
 * Express middleware for Flask-Login: `req.login` is the request's {@link LoginContext}
 * (`await req.login.currentUser()`, `req.login.loginUser(user, { remember: true })`,
 * `req.login.logoutUser()`), and the remember cookie Flask-Login's `after_request` would send
 * goes out with the response, before the session is saved. Mount it after `flaskSession`.
 *
 * @param options - A {@link LoginManager}, or its options (the same `secretKey` as the Flask app,
 *   and `loadUser`), plus `remoteAddr`.
 * @throws TypeError at once for invalid options.
 * @example
 * ```ts
 * import express from "express";
 * import { flaskSession, flaskLogin, loginRequired } from "flask-session-cookie/express";
 *
 * const app = express();
 * app.use(flaskSession({ secretKey }));
 * app.use(flaskLogin({ secretKey, loadUser: (id) => users.get(id) ?? null }));
 * app.get("/me", loginRequired(), async (req, res) => {
 *   res.json(await req.login.currentUser()); // the user Flask-Login would see
 * });
 * ```
 */
export function flaskLogin<User = FlaskLoginUser>(
  options: (LoginManagerOptions<User> & FlaskLoginAdapterOptions) | LoginManager<User>,
  adapterOptions: FlaskLoginAdapterOptions = {},
): FlaskLoginMiddleware<User> {
  const manager = options instanceof LoginManager ? options : new LoginManager<User>(options);
  const remoteAddr = adapterOptions.remoteAddr ?? (options instanceof LoginManager ? undefined : options.remoteAddr);
  const middleware = function flaskLoginMiddleware(req: RequestWithLogin, res: ServerResponse, next: (error?: unknown) => void) {
    let session: FlaskSession<SessionData>;
    try {
      session = requireSession(req.session, "mount flaskSession() before flaskLogin()");
    } catch (error) {
      next(error);
      return;
    }
    const address = remoteAddr ? (remoteAddr(req) ?? null) : socketAddress(req);
    const login = manager.open(session, nodeLoginRequest(req, urlOf(req), address));
    req.login = login as LoginContext<unknown>;
    // Flask-Login's after_request: before the session is saved, which flaskSession does in its
    // own writeHead wrapper; this one, installed later, runs first.
    const writeHead = res.writeHead as (this: ServerResponse, ...args: unknown[]) => ServerResponse;
    let done = false;
    res.writeHead = function writeHeadWithLogin(this: ServerResponse, ...args: unknown[]): ServerResponse {
      if (!done) {
        done = true;
        const setCookie = login.updateRememberCookie();
        if (setCookie !== null) this.appendHeader("Set-Cookie", setCookie);
      }
      return writeHead.apply(this, args);
    } as ServerResponse["writeHead"];
    next();
  };
  return Object.assign(middleware, { manager });
}

/** Options of {@link loginRequired}. */
export interface LoginRequiredOptions {
  /** Also require a fresh login (`fresh_login_required`). */
  fresh?: boolean;
  /**
   * What to do instead of Flask-Login's answer (`unauthorized_handler` / `needs_refresh_handler`);
   * by default a redirect to the login (refresh) view, else an {@link Unauthorized} error (401).
   */
  onRefused?: (
    verdict: Exclude<LoginVerdict, { allowed: true }>,
    req: RequestWithLogin,
    res: ServerResponse,
    next: (error?: unknown) => void,
  ) => void;
}

/**
 * Route middleware like Flask-Login's `@login_required` (with `fresh: true`,
 * `@fresh_login_required`): `OPTIONS` passes; otherwise an authenticated (and fresh) user, else a
 * 302 to `loginView` / `refreshView` with `next` (the message flashed), or `next(Unauthorized)`,
 * which Express answers with 401.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { flaskSession, flaskLogin, loginRequired } from "flask-session-cookie/express";
 *
 * const app = express();
 * app.use(flaskSession({ secretKey }), flaskLogin({ secretKey, loadUser: (id) => users.get(id) ?? null }));
 * app.get("/orders", loginRequired(), async (req, res) => {
 *   res.json({ user: await req.login.currentUser() }); // never null here
 * });
 * // An API answers 401 itself rather than redirecting to the login view:
 * const apiLogin = loginRequired({ onRefused: (_verdict, _req, res) => res.writeHead(401).end() });
 * app.get("/api/orders", apiLogin, (req, res) => res.json([]));
 * ```
 */
export function loginRequired(options: LoginRequiredOptions = {}) {
  return function loginRequiredMiddleware(req: RequestWithLogin, res: ServerResponse, next: (error?: unknown) => void): void {
    const login = req.login;
    if (login === undefined) {
      next(new TypeError("loginRequired needs req.login: mount flaskLogin() first."));
      return;
    }
    login.loginRequired({ fresh: options.fresh }).then(
      (verdict) => {
        if (verdict.allowed) return next();
        if (options.onRefused) return options.onRefused(verdict, req, res, next);
        if (verdict.location === null) return next(new Unauthorized(verdict.reason));
        res.statusCode = 302;
        res.setHeader("Location", verdict.location);
        res.end();
      },
      (error: unknown) => next(error),
    );
  };
}

/**
 * `@fresh_login_required`: {@link loginRequired} with `fresh: true`.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { flaskSession, flaskLogin, freshLoginRequired } from "flask-session-cookie/express";
 *
 * const app = express();
 * app.use(flaskSession({ secretKey }), flaskLogin({ secretKey, loadUser: (id) => users.get(id) ?? null }));
 * // A login restored from the remember cookie is not fresh: such a user is sent to refreshView first.
 * app.delete("/account", freshLoginRequired(), (req, res) => {
 *   req.login.logoutUser();
 *   res.status(204).end();
 * });
 * ```
 */
export function freshLoginRequired(options: Omit<LoginRequiredOptions, "fresh"> = {}) {
  return loginRequired({ ...options, fresh: true });
}
