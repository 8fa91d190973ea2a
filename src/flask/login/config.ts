/**
 * Flask-Login's configuration in camelCase (`REMEMBER_COOKIE_NAME` → `rememberCookieName`) and
 * its `LoginManager` attributes, with Flask-Login's defaults (`flask_login/config.py`), checked
 * once when a {@link LoginManager} is built.
 * @module
 */
import type { WerkzeugVersion } from "../cookie.js";
import type { StrOrBytes } from "../../lib/bytes.js";
import type { Limits } from "../../limits.js";
import type { FlaskLoginVersion, LoginRequest } from "./identifier.js";

/**
 * Flask-Login's `session_protection`: `"basic"` (the default) marks a session whose `_id` does not
 * match the request as not fresh; `"strong"` logs it out (and clears the remember cookie) unless
 * the session is permanent; `null` turns the check off.
 */
export type SessionProtection = "basic" | "strong" | null;

/**
 * `REMEMBER_COOKIE_NAME`'s default.
 *
 * @example
 * ```ts
 * findCookie(request.headers.get("cookie"), COOKIE_NAME); // the remember cookie's value, or undefined
 * ```
 */
export const COOKIE_NAME = "remember_token";
/**
 * `REMEMBER_COOKIE_DURATION`'s default: 365 days, in seconds.
 *
 * @example
 * ```ts
 * const loadUser = (id: string) => users.get(id) ?? null;
 * new LoginManager({ secretKey, loadUser, rememberCookieDuration: COOKIE_DURATION / 12 }); // a month
 * ```
 */
export const COOKIE_DURATION = 365 * 24 * 3600;
/**
 * `LOGIN_MESSAGE`'s default, flashed when `loginRequired` redirects to the login view.
 *
 * @example
 * ```ts
 * getFlashedMessages(session); // ["Please log in to access this page."]
 * ```
 */
export const LOGIN_MESSAGE = "Please log in to access this page.";
/**
 * `REFRESH_MESSAGE`'s default, flashed when `freshLoginRequired` redirects to the refresh view.
 *
 * @example
 * ```ts
 * const loadUser = (id: string) => users.get(id) ?? null;
 * new LoginManager({ secretKey, loadUser, refreshView: "/reauth", needsRefreshMessage: REFRESH_MESSAGE }); // the default
 * ```
 */
export const REFRESH_MESSAGE = "Please reauthenticate to access this page.";
/**
 * The session keys Flask-Login owns (`SESSION_KEYS`): strong session protection removes them all.
 *
 * @example
 * ```ts
 * for (const key of SESSION_KEYS) session.pop(key); // forget the login, keep the cart
 * ```
 */
export const SESSION_KEYS: readonly string[] = Object.freeze([
  "_user_id",
  "_remember",
  "_remember_seconds",
  "_id",
  "_fresh",
  "next",
]);
/**
 * The methods `loginRequired` lets through (`EXEMPT_METHODS`): CORS preflights.
 *
 * @example
 * ```ts
 * EXEMPT_METHODS.includes("OPTIONS"); // true
 * ```
 */
export const EXEMPT_METHODS: readonly string[] = Object.freeze(["OPTIONS"]);

/**
 * Flask-Login's settings: the app config keys it reads, camelCased, and the `LoginManager`
 * attributes an app sets. Durations are seconds.
 */
export interface FlaskLoginConfig {
  /** `SECRET_KEY`: signs the remember cookie (a text key is encoded as latin-1, as Flask-Login does). */
  secretKey: StrOrBytes | null | undefined;
  /**
   * `SECRET_KEY_FALLBACKS` is accepted (so the session options can be spread in) and **ignored**:
   * Flask-Login signs and verifies the remember cookie with `SECRET_KEY` only. See
   * {@link FlaskLoginConfig.rememberCookieKeyFallbacks}.
   */
  secretKeyFallbacks?: readonly StrOrBytes[];
  /**
   * Older keys that still verify a remember cookie. **Not Flask-Login's behaviour** (it knows
   * only `SECRET_KEY`): a user recognised through one of these is one Flask does not recognise.
   * For an app whose Flask side was changed to do the same during a key rotation.
   */
  rememberCookieKeyFallbacks?: readonly StrOrBytes[];
  /** `REMEMBER_COOKIE_NAME`; default `"remember_token"`. */
  rememberCookieName?: string;
  /** `REMEMBER_COOKIE_DURATION` in seconds; default 365 days. */
  rememberCookieDuration?: number;
  /** `REMEMBER_COOKIE_DOMAIN`; default none (a host-only cookie). */
  rememberCookieDomain?: string | null;
  /** `REMEMBER_COOKIE_PATH`; default `"/"`. */
  rememberCookiePath?: string;
  /** `REMEMBER_COOKIE_SECURE`; default `false`. */
  rememberCookieSecure?: boolean;
  /** `REMEMBER_COOKIE_HTTPONLY`; default `true`. */
  rememberCookieHttponly?: boolean;
  /** `REMEMBER_COOKIE_SAMESITE`: `"Lax"`, `"Strict"`, `"None"` or none (default). */
  rememberCookieSamesite?: "Lax" | "Strict" | "None" | string | null;
  /** `REMEMBER_COOKIE_REFRESH_EACH_REQUEST`: send the remember cookie again on every request; default `false`. */
  rememberCookieRefreshEachRequest?: boolean;
  /** `SESSION_PROTECTION` (or `login_manager.session_protection`); default `"basic"`. */
  sessionProtection?: SessionProtection;
  /** `LOGIN_DISABLED`: `loginRequired` lets everyone through (Flask-Login 0.6 only; 0.7 removed it). */
  loginDisabled?: boolean;
  /** `USE_SESSION_FOR_NEXT`: keep the page to return to in `session["next"]`, not in the login URL's query. */
  useSessionForNext?: boolean;
  /** `FORCE_HOST_FOR_REDIRECTS`: the host put in login redirects instead of the login view's own. */
  forceHostForRedirects?: string | null;
  /** `MAX_COOKIE_SIZE`: warn when the remember cookie's header is longer; default 4093. */
  maxCookieSize?: number;
  /** `login_manager.login_view` as a URL: where `loginRequired` redirects; none (default) answers 401. */
  loginView?: string | null;
  /** `login_manager.login_message`, flashed on that redirect (`null` for none). */
  loginMessage?: string | null;
  /** `login_manager.login_message_category`; default `"message"`. */
  loginMessageCategory?: string;
  /** `login_manager.refresh_view` as a URL: where `freshLoginRequired` redirects; none (default) answers 401. */
  refreshView?: string | null;
  /** `login_manager.needs_refresh_message` (`null` for none). */
  needsRefreshMessage?: string | null;
  /** `login_manager.needs_refresh_message_category`; default `"message"`. */
  needsRefreshMessageCategory?: string;
}

/**
 * {@link FlaskLoginConfig} with every default filled in and checked, the keys left out
 * (`LoginManager.config`): what a `LoginManager` goes by.
 */
export interface ResolvedLoginConfig extends Required<
  Omit<FlaskLoginConfig, "secretKey" | "secretKeyFallbacks" | "rememberCookieKeyFallbacks">
> {
  /** Which Flask-Login the manager behaves as: `"0.6"` (0.6.3) or `"0.7"`. */
  flaskLoginVersion: FlaskLoginVersion;
}

/** Python's `datetime` ends in year 9999: a duration beyond that cannot make an `Expires`. */
const MAX_DURATION = 8000 * 365 * 24 * 3600;

function seconds(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || Math.abs(value) > MAX_DURATION) {
    throw new TypeError(`${name} must be a finite number of seconds (Flask-Login takes a timedelta or an int).`);
  }
  return value;
}

function text(name: string, value: unknown, fallback: string | null, nullable: boolean): string | null {
  if (value === undefined) return fallback;
  if (value === null && nullable) return null;
  if (typeof value !== "string") throw new TypeError(`${name} must be a string${nullable ? " or null" : ""}.`);
  return value;
}

function flag(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new TypeError(`${name} must be true or false.`);
  return value;
}

/** `REMEMBER_COOKIE_NAME` → `rememberCookieName`, for the hint below. */
function camelCase(name: string): string {
  return name.toLowerCase().replace(/_([a-z0-9])/g, (_m, ch: string) => ch.toUpperCase());
}

/**
 * The configuration with defaults, checked.
 *
 * @throws TypeError for a Flask spelling (`REMEMBER_COOKIE_NAME`), an unknown session
 *   protection mode, a duration that is not a finite number, or a value of the wrong type.
 * @internal
 */
export function resolveLoginConfig(config: FlaskLoginConfig & { flaskLoginVersion?: FlaskLoginVersion }): ResolvedLoginConfig {
  for (const key of Object.keys(config)) {
    if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(key)) {
      throw new TypeError(`Flask's ${key} is spelled ${camelCase(key)} here (Flask's config names in camelCase).`);
    }
  }
  const protection = config.sessionProtection;
  if (protection !== undefined && protection !== null && protection !== "basic" && protection !== "strong") {
    throw new TypeError(`sessionProtection must be "basic", "strong" or null, not ${JSON.stringify(protection)}.`);
  }
  const version = config.flaskLoginVersion ?? "0.6";
  if (version !== "0.6" && version !== "0.7") throw new TypeError('flaskLoginVersion must be "0.6" or "0.7".');
  const name = text("rememberCookieName", config.rememberCookieName, COOKIE_NAME, false)!;
  if (name === "") throw new TypeError("rememberCookieName must not be empty.");
  const maxCookieSize = config.maxCookieSize ?? 4093;
  if (!Number.isSafeInteger(maxCookieSize) || maxCookieSize < 0)
    throw new TypeError("maxCookieSize must be a whole number of bytes.");
  return {
    rememberCookieName: name,
    rememberCookieDuration: seconds("rememberCookieDuration", config.rememberCookieDuration, COOKIE_DURATION),
    rememberCookieDomain: text("rememberCookieDomain", config.rememberCookieDomain, null, true),
    rememberCookiePath: text("rememberCookiePath", config.rememberCookiePath, "/", false)!,
    rememberCookieSecure: flag("rememberCookieSecure", config.rememberCookieSecure, false),
    rememberCookieHttponly: flag("rememberCookieHttponly", config.rememberCookieHttponly, true),
    rememberCookieSamesite: text("rememberCookieSamesite", config.rememberCookieSamesite, null, true),
    rememberCookieRefreshEachRequest: flag("rememberCookieRefreshEachRequest", config.rememberCookieRefreshEachRequest, false),
    sessionProtection: protection === undefined ? "basic" : protection,
    loginDisabled: flag("loginDisabled", config.loginDisabled, false),
    useSessionForNext: flag("useSessionForNext", config.useSessionForNext, false),
    forceHostForRedirects: text("forceHostForRedirects", config.forceHostForRedirects, null, true),
    maxCookieSize,
    loginView: text("loginView", config.loginView, null, true),
    loginMessage: text("loginMessage", config.loginMessage, LOGIN_MESSAGE, true),
    loginMessageCategory: text("loginMessageCategory", config.loginMessageCategory, "message", false)!,
    refreshView: text("refreshView", config.refreshView, null, true),
    needsRefreshMessage: text("needsRefreshMessage", config.needsRefreshMessage, REFRESH_MESSAGE, true),
    needsRefreshMessageCategory: text("needsRefreshMessageCategory", config.needsRefreshMessageCategory, "message", false)!,
    flaskLoginVersion: version,
  };
}

/** Bounds and clock shared by the manager's parts. @internal */
export interface LoginRuntime {
  limits: Readonly<Limits>;
  now: () => number;
  warn: (message: string) => void;
  identifier: (request: LoginRequest) => string;
  werkzeugVersion: WerkzeugVersion | undefined;
}
