/**
 * Flask-Login for Node (`flask_login`): the remember cookie, the session identifier, the
 * `LoginManager` and each request's `LoginContext`. No Node built-ins.
 * @module
 */
export { RememberCookie, encodeRememberCookie, decodeRememberCookie, type RememberCookieOptions } from "./remember-cookie.js";
export { createIdentifier, type FlaskLoginVersion, type LoginRequest } from "./identifier.js";
export {
  COOKIE_NAME,
  COOKIE_DURATION,
  LOGIN_MESSAGE,
  REFRESH_MESSAGE,
  SESSION_KEYS,
  EXEMPT_METHODS,
  type FlaskLoginConfig,
  type ResolvedLoginConfig,
  type SessionProtection,
} from "./config.js";
export { LoginManager, type LoginManagerOptions } from "./login-manager.js";
export { LoginContext, type LoginUserOptions, type LoginVerdict, type MaybeUser } from "./context.js";
export { loginUrl, makeNextParam } from "./login-url.js";
export { Unauthorized } from "./unauthorized.js";
export { userIdOf, userIsActive, userIsAuthenticated, type FlaskLoginUser, type LoginUserLike } from "./user.js";
