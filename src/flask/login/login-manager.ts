/**
 * Flask-Login's `LoginManager`: the app-wide settings and callbacks (`user_loader`,
 * `request_loader`, `session_protection`, the login and refresh views), from which each request
 * gets its {@link LoginContext}.
 * @module
 */
import { dumpCookie, type WerkzeugVersion } from "../cookie.js";
import type { FlaskSession, SessionData } from "../session.js";
import { resolveLimits, type Limits } from "../../limits.js";
import type { StrOrBytes } from "../../lib/bytes.js";
import { INSPECT, type InspectFunction, inspectAs } from "../../lib/redact.js";
import { type FlaskLoginConfig, type LoginRuntime, type ResolvedLoginConfig, resolveLoginConfig } from "./config.js";
import { LoginContext, type LoginCore, type MaybeUser } from "./context.js";
import { type FlaskLoginVersion, type LoginRequest, createIdentifier } from "./identifier.js";
import { RememberCookie } from "./remember-cookie.js";
import type { FlaskLoginUser } from "./user.js";

/** Options of {@link LoginManager}: Flask-Login's configuration, the callbacks, and the library's own. */
export interface LoginManagerOptions<User = FlaskLoginUser> extends FlaskLoginConfig {
  /**
   * `@login_manager.user_loader`: the user for an id from the session or the remember cookie, or
   * `null`/`undefined` when there is none (then the login is ignored). May be async.
   */
  loadUser(userId: string): MaybeUser<User>;
  /**
   * `@login_manager.request_loader`: a user from the request itself (an API key header, say),
   * tried when the session has no user and there is no remember cookie.
   */
  loadUserFromRequest?: (request: LoginRequest) => MaybeUser<User>;
  /** Which Flask-Login to behave as: `"0.6"` (0.6.3, default) or `"0.7"` (unreleased main). */
  flaskLoginVersion?: FlaskLoginVersion;
  /**
   * `login_manager._session_identifier_generator`: replaces Flask-Login's `_create_identifier`
   * (the `_id` of session protection), e.g. to hash a proxy's client-IP header.
   */
  sessionIdentifier?: (request: LoginRequest) => string;
  /** Bounds on reading: `maxTokenLength` also bounds the remember cookie. */
  limits?: Partial<Limits>;
  /** The clock in seconds since the epoch (default `Date.now() / 1000`): the remember cookie's `Expires`. */
  now?: () => number;
  /** Where Werkzeug's cookie-size warning goes (default `console.warn`). */
  warn?: (message: string) => void;
  /**
   * The Werkzeug the Flask app runs (`"2.2.3"`, `"3.1.9"`): how the remember cookie's
   * `Set-Cookie` quotes odd user ids and writes its domain. Default: the newest.
   */
  werkzeugVersion?: WerkzeugVersion;
}

/**
 * Flask-Login's `LoginManager` for Node: built once from the same settings as the Flask app, it
 * gives each request a {@link LoginContext} on that request's Flask session. The adapters
 * (`flaskLogin` in `/express`, `/koa`, `/fastify`) wrap it.
 *
 * Checked when built: a missing or unusable `secretKey`, a Flask spelling (`REMEMBER_COOKIE_NAME`
 * instead of `rememberCookieName`), an unknown `sessionProtection`, a duration that is not a
 * number, cookie attributes Werkzeug refuses.
 *
 * @typeParam User - What `loadUser` returns (default {@link FlaskLoginUser}).
 * @throws TypeError for invalid options.
 * @example
 * ```ts
 * import { FlaskSessions, loginRequestFrom } from "flask-session-cookie/web";
 * import { LoginManager } from "flask-session-cookie";
 *
 * const sessions = new FlaskSessions({ secretKey: process.env.SECRET_KEY });
 * const manager = new LoginManager({
 *   secretKey: process.env.SECRET_KEY,
 *   loadUser: async (id) => users.get(id) ?? null, // @login_manager.user_loader; a database call may be awaited
 * });
 * const session = sessions.open(request);
 * const login = manager.open(session, loginRequestFrom(request));
 * const user = await login.currentUser();
 * ```
 */
export class LoginManager<User = FlaskLoginUser> {
  /** The Flask-Login configuration in use, defaults filled in. */
  readonly config: Readonly<ResolvedLoginConfig>;
  /** The remember cookie's signer (keys hidden from logs). */
  readonly rememberCookie: RememberCookie;
  readonly #core: LoginCore<User>;

  /** @param options - Flask-Login's configuration in camelCase, `loadUser`, and the library's options. */
  constructor(options: LoginManagerOptions<User>) {
    if (options === null || typeof options !== "object") throw new TypeError("Expected options with secretKey and loadUser.");
    if (typeof options.loadUser !== "function") {
      throw new TypeError("loadUser is required (Flask-Login: @login_manager.user_loader): the user for an id, or null.");
    }
    const config = Object.freeze(resolveLoginConfig(options));
    const limits = resolveLimits(options.limits);
    this.config = config;
    this.rememberCookie = new RememberCookie(options.secretKey as StrOrBytes, {
      fallbacks: options.rememberCookieKeyFallbacks,
      maxLength: limits.maxTokenLength,
    });
    // Werkzeug's checks on the cookie's attributes, now rather than on the first login.
    dumpCookie(config.rememberCookieName, "", { samesite: config.rememberCookieSamesite, domain: config.rememberCookieDomain });
    const version = config.flaskLoginVersion;
    const identifier = options.sessionIdentifier ?? ((request: LoginRequest) => createIdentifier(request, version));
    const runtime: LoginRuntime = {
      limits,
      now: options.now ?? (() => Date.now() / 1000),
      warn: options.warn ?? ((message) => console.warn(message)),
      identifier,
      werkzeugVersion: options.werkzeugVersion,
    };
    const loadUser = options.loadUser.bind(options);
    const fromRequest = options.loadUserFromRequest;
    this.#core = {
      config,
      rememberCookie: this.rememberCookie,
      runtime,
      loadUser,
      loadUserFromRequest: typeof fromRequest === "function" ? fromRequest.bind(options) : null,
    };
  }

  /**
   * The Flask-Login state of one request, on its session.
   *
   * @example
   * ```ts
   * import { loginRequestFrom } from "flask-session-cookie/web";
   *
   * const remoteAddr = "203.0.113.9"; // the client's address, from the server: a Request does not carry it
   * const login = manager.open(sessions.open(request), loginRequestFrom(request, { remoteAddr }));
   * ```
   */
  open(session: FlaskSession<SessionData>, request: LoginRequest): LoginContext<User> {
    return new LoginContext(this.#core, session, request);
  }

  /** The session identifier (`_id`) of a request, as this manager computes it. */
  createIdentifier(request: LoginRequest): string {
    return this.#core.runtime.identifier(request);
  }

  /** A summary for logs: the configuration, never the keys. */
  toJSON(): Record<string, unknown> {
    return { ...this.config, rememberCookie: this.rememberCookie.toJSON() };
  }

  /** Node's `util.inspect` shows {@link LoginManager.toJSON}. */
  [INSPECT](_depth: number, options: unknown, inspect?: InspectFunction): string {
    return inspectAs("LoginManager", this.toJSON(), options, inspect);
  }
}
