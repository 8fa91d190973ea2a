/**
 * One request's Flask-Login state (`current_user`, `login_user`, `logout_user`, `confirm_login`,
 * `login_fresh`, `login_remembered`, the `login_required` decorators and the `after_request` hook
 * that writes the remember cookie), on that request's Flask session.
 * @module
 */
import { type DumpCookieOptions, dumpCookie, findCookie } from "../cookie.js";
import { flash } from "../flash.js";
import { httpDate } from "../http-date.js";
import type { FlaskSession, SessionData } from "../session.js";
import { pyFalsy } from "../py-values.js";
import { pyStr } from "../py-repr.js";
import { EXEMPT_METHODS, SESSION_KEYS, type LoginRuntime, type ResolvedLoginConfig } from "./config.js";
import type { LoginRequest } from "./identifier.js";
import { loginUrl, makeNextParam } from "./login-url.js";
import type { RememberCookie } from "./remember-cookie.js";
import { userIdOf, userIsActive, userIsAuthenticated } from "./user.js";

/** A user, or nothing, possibly later: what `loadUser` may return. */
export type MaybeUser<User> = User | null | undefined | PromiseLike<User | null | undefined>;

/** Options of {@link LoginContext.loginUser}: `login_user`'s keyword arguments. */
export interface LoginUserOptions {
  /** Also set the remember cookie (after the response), so the login outlives the session. Default `false`. */
  remember?: boolean;
  /** How long that cookie lasts, in seconds, instead of `rememberCookieDuration` (stored as `_remember_seconds`). */
  duration?: number | null;
  /** Log the user in even when `isActive` is false. Default `false`. */
  force?: boolean;
  /** Mark the login fresh (`_fresh`). Default `true`. */
  fresh?: boolean;
}

/**
 * What `loginRequired` decided: let the request through, or refuse it the way Flask-Login's
 * `unauthorized()` / `needs_refresh()` do (401, or a 302 to the login or refresh view, with the
 * message already flashed into the session).
 */
export type LoginVerdict =
  | {
      /** The request may go on. */
      readonly allowed: true;
    }
  | {
      /** The request is refused. */
      readonly allowed: false;
      /** `"unauthorized"`: nobody logged in; `"needsRefresh"`: logged in, but not freshly. */
      readonly reason: "unauthorized" | "needsRefresh";
      /** 401, or 302 with `location`. */
      readonly status: 401 | 302;
      /** Where to redirect (the login or refresh view with `next`), or `null` for a 401. */
      readonly location: string | null;
    };

/** What a {@link LoginContext} needs from its manager. @internal */
export interface LoginCore<User> {
  readonly config: Readonly<ResolvedLoginConfig>;
  readonly rememberCookie: RememberCookie;
  readonly runtime: LoginRuntime;
  loadUser(userId: string): MaybeUser<User>;
  loadUserFromRequest: ((request: LoginRequest) => MaybeUser<User>) | null;
}

const ALLOWED: LoginVerdict = Object.freeze({ allowed: true });

/**
 * Flask-Login for one request: made by {@link LoginManager.open} (the adapters make it and put it
 * on `req.login`, `ctx.login`, `request.login`). Every method changes the request's session as
 * Flask-Login changes Flask's; {@link LoginContext.updateRememberCookie} gives the remember
 * cookie to send once the response is ready (the adapters call it).
 *
 * @example
 * ```ts
 * import { loginRequestFrom } from "flask-session-cookie/web";
 *
 * const login = manager.open(session, loginRequestFrom(request));
 * const current = await login.currentUser();             // current_user (null when anonymous)
 * login.loginUser(users.get("42")!, { remember: true }); // login_user(user, remember=True)
 * login.logoutUser();                                    // logout_user()
 * const setCookie = login.updateRememberCookie();        // after the view: the remember cookie, or null
 * ```
 */
export class LoginContext<User> {
  /** The request's Flask session. */
  readonly session: FlaskSession<SessionData>;
  /** The request, as Flask-Login reads it. */
  readonly request: LoginRequest;
  readonly #core: LoginCore<User>;
  /** `g._login_user`: the user once loaded or logged in (`null` = anonymous). */
  #user: Promise<User | null> | undefined;
  /** Changed by every login and logout, so that a load still under way cannot undo them. */
  #generation = 0;
  #updated = false;

  /** @internal Use {@link LoginManager.open}. */
  constructor(core: LoginCore<User>, session: FlaskSession<SessionData>, request: LoginRequest) {
    this.#core = core;
    this.session = session;
    this.request = request;
  }

  /** The remember cookie's value in the request (`request.cookies[name]`), or `undefined`. */
  #rememberCookie(): string | undefined {
    return findCookie(this.request.cookieHeader, this.#core.config.rememberCookieName);
  }

  /** The session identifier of this request (`_session_identifier_generator()`). */
  identifier(): string {
    return this.#core.runtime.identifier(this.request);
  }

  /**
   * `current_user`: the logged-in user, or `null` for an anonymous one. Loaded once per request
   * as Flask-Login's `_load_user` does: session protection first, then the session's `_user_id`
   * through `loadUser`, then (when that gives nobody) the remember cookie, which also restores
   * `_user_id` and sets `_fresh` to false; then `loadUserFromRequest` when there is no cookie.
   *
   * @example
   * ```ts
   * import { commitLogin, loginRequestFrom } from "flask-session-cookie/web";
   *
   * export async function GET(request: Request): Promise<Response> {
   *   const session = sessions.open(request);
   *   const login = manager.open(session, loginRequestFrom(request));
   *   const user = await login.currentUser(); // may restore the login from the remember cookie
   *   const response = user === null ? new Response("Log in first", { status: 401 }) : Response.json({ name: user.name });
   *   return sessions.commit(session, commitLogin(login, response));
   * }
   * ```
   */
  currentUser(): Promise<User | null> {
    this.#user ??= this.#loadUser(this.#generation);
    return this.#user;
  }

  /** `current_user.is_authenticated`. */
  async isAuthenticated(): Promise<boolean> {
    return userIsAuthenticated(await this.currentUser());
  }

  async #loadUser(generation: number): Promise<User | null> {
    const stale = () => generation !== this.#generation;
    if (this.#sessionProtectionFailed()) return null;
    let user: User | null = null;
    const userId = this.session.get("_user_id");
    if (userId !== null && userId !== undefined) user = (await this.#core.loadUser(pyStr(userId))) ?? null;
    if (stale()) return null;
    if (user === null) {
      const cookie = this.#rememberCookie();
      const hasCookie = cookie !== undefined && this.session.get("_remember") !== "clear";
      if (hasCookie) {
        user = await this.#loadUserFromRememberCookie(cookie, stale);
      } else if (this.#core.loadUserFromRequest !== null) {
        user = (await this.#core.loadUserFromRequest(this.request)) ?? null;
      }
    }
    return stale() ? null : user;
  }

  async #loadUserFromRememberCookie(cookie: string, stale: () => boolean): Promise<User | null> {
    const userId = this.#core.rememberCookie.decode(cookie);
    if (userId === null) return null;
    this.session.set("_user_id", userId);
    this.session.set("_fresh", false);
    const user = (await this.#core.loadUser(userId)) ?? null;
    return stale() ? null : user;
  }

  /**
   * Flask-Login's `_session_protection_failed`: when the session holds anything and its `_id` is
   * not this request's identifier, `"basic"` (or any mode on a permanent session) marks it not
   * fresh, `"strong"` removes Flask-Login's keys, schedules the remember cookie's deletion and
   * reports failure (nobody is logged in).
   */
  #sessionProtectionFailed(): boolean {
    const mode = this.#core.config.sessionProtection;
    const ident = this.identifier();
    if (mode === null) return false;
    const session = this.session;
    if (session.size > 0 && ident !== session.get("_id")) {
      if (mode === "basic" || session.permanent) {
        if (session.get("_fresh") !== false) session.set("_fresh", false);
        return false;
      }
      for (const key of SESSION_KEYS) session.pop(key);
      session.set("_remember", "clear");
      return true;
    }
    return false;
  }

  /**
   * `login_user(user, remember, duration, force, fresh)`: stores `_user_id` (the user's
   * `getId()`), `_fresh` and `_id` in the session, and with `remember` schedules the remember
   * cookie (`_remember = "set"`, and `_remember_seconds` for a `duration`). Returns `false`, and
   * changes nothing, for an inactive user unless `force`.
   *
   * @throws TypeError for a user without an id, or a `duration` that is not a finite number.
   * @example
   * ```ts
   * const user = users.get("42")!; // once the password is checked
   * login.loginUser(user, { remember: true, duration: 7 * 24 * 3600 }); // false for an inactive user
   * ```
   */
  loginUser(user: User, options: LoginUserOptions = {}): boolean {
    const { remember = false, duration = null, force = false, fresh = true } = options;
    if (duration !== null && (typeof duration !== "number" || !Number.isFinite(duration))) {
      throw new TypeError("duration must be a finite number of seconds (Flask-Login: a datetime.timedelta)");
    }
    if (!force && !userIsActive(user)) return false;
    const userId = userIdOf(user);
    this.session.set("_user_id", userId);
    this.session.set("_fresh", fresh);
    this.session.set("_id", this.identifier());
    if (remember) {
      this.session.set("_remember", "set");
      if (duration !== null) this.session.set("_remember_seconds", duration);
    }
    this.#generation++;
    this.#user = Promise.resolve(user);
    return true;
  }

  /**
   * `logout_user()`: removes `_user_id`, `_fresh` and `_id`, and when the request carries a
   * remember cookie schedules its deletion (`_remember = "clear"`). Always `true`.
   *
   * Flask-Login first loads the current user; what that does to the session (session protection)
   * is done here too, without calling `loadUser`.
   *
   * @example
   * ```ts
   * login.logoutUser();
   * ```
   */
  logoutUser(): true {
    if (this.#user === undefined) this.#sessionProtectionFailed();
    for (const key of ["_user_id", "_fresh", "_id"]) this.session.pop(key);
    if (this.#rememberCookie() !== undefined) {
      this.session.set("_remember", "clear");
      this.session.pop("_remember_seconds");
    }
    this.#generation++;
    this.#user = Promise.resolve(null);
    return true;
  }

  /**
   * `confirm_login()`: marks the login fresh again (after the user re-entered a password) and
   * records this request's identifier.
   */
  confirmLogin(): void {
    this.session.set("_fresh", true);
    this.session.set("_id", this.identifier());
  }

  /** `login_fresh()`: whether the login is fresh (not restored from the remember cookie). */
  loginFresh(): boolean {
    return !pyFalsy(this.session.get("_fresh", false));
  }

  /** `login_remembered()`: whether the request carries a genuine remember cookie not scheduled for deletion. */
  loginRemembered(): boolean {
    const cookie = this.#rememberCookie();
    if (cookie === undefined || this.session.get("_remember") === "clear") return false;
    return this.#core.rememberCookie.decode(cookie) !== null;
  }

  /**
   * `login_required` (with `fresh`: `fresh_login_required`): lets `OPTIONS` through (and
   * everything with `loginDisabled`, Flask-Login 0.6), else requires an authenticated user (and
   * a fresh login). A refusal is Flask-Login's `unauthorized()` / `needs_refresh()`: 401 without a
   * login (refresh) view, else the message flashed and a 302 to the view with `next`.
   *
   * @example
   * ```ts
   * import { commitLogin, loginRequestFrom } from "flask-session-cookie/web";
   *
   * export async function POST(request: Request): Promise<Response> {
   *   const session = sessions.open(request);
   *   const login = manager.open(session, loginRequestFrom(request));
   *   const verdict = await login.loginRequired({ fresh: true });
   *   let response: Response;
   *   if (verdict.allowed) response = Response.json({ ok: true });
   *   // Flask-Login's answer: a 302 to the login (refresh) view, its message flashed; or a 401.
   *   else response = new Response(null, { status: verdict.status, headers: verdict.location ? { Location: verdict.location } : {} });
   *   return sessions.commit(session, commitLogin(login, response));
   * }
   * ```
   */
  async loginRequired(options: { fresh?: boolean } = {}): Promise<LoginVerdict> {
    const config = this.#core.config;
    if (EXEMPT_METHODS.includes(this.request.method)) return ALLOWED;
    if (config.loginDisabled && config.flaskLoginVersion === "0.6") return ALLOWED;
    if (!(await this.isAuthenticated())) return this.unauthorized();
    if (options.fresh && !this.loginFresh()) return this.needsRefresh();
    return ALLOWED;
  }

  /** `login_manager.unauthorized()` without a callback: 401, or flash and redirect to `loginView`. */
  unauthorized(): LoginVerdict {
    const config = this.#core.config;
    return this.#refuse("unauthorized", config.loginView, config.loginMessage, config.loginMessageCategory);
  }

  /** `login_manager.needs_refresh()` without a callback: 401, or flash and redirect to `refreshView`. */
  needsRefresh(): LoginVerdict {
    const config = this.#core.config;
    return this.#refuse("needsRefresh", config.refreshView, config.needsRefreshMessage, config.needsRefreshMessageCategory);
  }

  #refuse(reason: "unauthorized" | "needsRefresh", view: string | null, message: string | null, category: string): LoginVerdict {
    if (!view) return { allowed: false, reason, status: 401, location: null };
    const config = this.#core.config;
    if (message) flash(this.session, message, category);
    let location: string;
    if (config.useSessionForNext) {
      this.session.set("_id", this.identifier());
      this.session.set("next", makeNextParam(view, this.request.url));
      location = loginUrl(view, null);
    } else {
      location = loginUrl(view, this.request.url, "next", config.forceHostForRedirects);
    }
    return { allowed: false, reason, status: 302, location };
  }

  /**
   * The `after_request` hook (`_update_remember_cookie`): the remember cookie's `Set-Cookie` for
   * this response, or `null`; it pops `_remember` from the session, so call it before the session
   * is saved, once per request (later calls return `null`). The adapters call it.
   *
   * - 0.6: with `rememberCookieRefreshEachRequest` and no `_remember`, `_remember` is set to
   *   `"set"` first; then `"set"` (with a `_user_id`) writes the cookie and `"clear"` deletes it.
   * - 0.7: `"clear"` deletes it; `"set"`, or refresh-each-request when the request has the
   *   cookie, writes it (with a `_user_id`).
   */
  updateRememberCookie(): string | null {
    if (this.#updated) return null;
    this.#updated = true;
    const config = this.#core.config;
    const session = this.session;
    if (config.flaskLoginVersion === "0.7") {
      const hasCookie = this.#rememberCookie() !== undefined && session.get("_remember") !== "clear";
      const refresh = config.rememberCookieRefreshEachRequest && hasCookie;
      const operation = session.pop("_remember");
      if (pyFalsy(operation) && !refresh) return null;
      if (operation === "clear") return this.#clearCookie();
      if (operation === "set" || refresh) return session.has("_user_id") ? this.#setCookie() : null;
      return null;
    }
    if (!session.has("_remember") && config.rememberCookieRefreshEachRequest) session.set("_remember", "set");
    if (!session.has("_remember")) return null;
    const operation = session.pop("_remember");
    if (operation === "set" && session.has("_user_id")) return this.#setCookie();
    if (operation === "clear") return this.#clearCookie();
    return null;
  }

  #cookieOptions(): DumpCookieOptions {
    const config = this.#core.config;
    const options: DumpCookieOptions = {
      domain: config.rememberCookieDomain,
      path: config.rememberCookiePath,
      maxSize: config.maxCookieSize,
    };
    // Werkzeug 2.3 changed how values are quoted and domains written; dumpCookie follows the
    // version it is given.
    if (this.#core.runtime.werkzeugVersion !== undefined) options.werkzeugVersion = this.#core.runtime.werkzeugVersion;
    return options;
  }

  /** `_set_cookie`: the user id signed, `Expires` = now + duration (`_remember_seconds` when set). */
  #setCookie(): string {
    const config = this.#core.config;
    const stored = this.session.get("_remember_seconds");
    const duration = typeof stored === "number" && Number.isFinite(stored) ? stored : config.rememberCookieDuration;
    const value = this.#core.rememberCookie.encode(pyStr(this.session.get("_user_id")));
    const expires = new Date(Math.floor(this.#core.runtime.now() + duration) * 1000);
    const cookie = dumpCookie(
      config.rememberCookieName,
      value,
      {
        ...this.#cookieOptions(),
        expires,
        secure: config.rememberCookieSecure,
        httponly: config.rememberCookieHttponly,
        samesite: config.rememberCookieSamesite,
      },
      httpDate,
    );
    if (cookie.warning) this.#core.runtime.warn(cookie.warning);
    return cookie.header;
  }

  /** `_clear_cookie`: Werkzeug's `delete_cookie(name, domain, path)`. */
  #clearCookie(): string {
    return dumpCookie(this.#core.config.rememberCookieName, "", { ...this.#cookieOptions(), expires: 0, maxAge: 0 }, httpDate)
      .header;
  }
}
