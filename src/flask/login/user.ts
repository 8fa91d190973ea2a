/**
 * What Flask-Login asks of a user object, as `UserMixin` provides it in Python: an id, whether the
 * account is active, whether the user counts as logged in.
 * @module
 */
import { pyStr } from "../py-repr.js";

/**
 * The user type of the adapters' `req.login` / `ctx.login` / `request.login` (empty: any object).
 * Declare your own user type into it once and every adapter's `currentUser()` returns it:
 *
 * @example
 * ```ts
 * interface User { id: number; name: string; isActive: boolean }
 * declare module "flask-session-cookie" {
 *   interface FlaskLoginUser extends User {}
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FlaskLoginUser {}

/**
 * The parts of a user Flask-Login reads (Python's `UserMixin`, camelCased), all optional:
 * `getId()` (default `String(id)`, Python's `str(self.id)`), `isActive` (default `true`) and
 * `isAuthenticated` (default `isActive`).
 *
 * @example
 * ```ts
 * const user: LoginUserLike = { id: 42, isActive: true };
 * ```
 */
export interface LoginUserLike {
  /** The id stored in the session as `_user_id` (Python: `get_id()`). */
  getId?(): unknown;
  /** The id, when there is no `getId` (Python's `UserMixin.get_id` returns `str(self.id)`). */
  readonly id?: unknown;
  /** `is_active`: an inactive user cannot log in (unless forced); default `true`. */
  readonly isActive?: boolean;
  /** `is_authenticated`: whether `loginRequired` lets the user through; default `isActive`. */
  readonly isAuthenticated?: boolean;
}

function fields(user: unknown): LoginUserLike {
  return user !== null && (typeof user === "object" || typeof user === "function") ? (user as LoginUserLike) : {};
}

/**
 * The user's id as Flask-Login stores it: `getId()`, else `str(id)`.
 *
 * @throws TypeError when the user has neither (Python: `NotImplementedError`).
 * @example
 * ```ts
 * userIdOf({ id: 42 });                 // "42"
 * userIdOf({ getId: () => "ann" });     // "ann"
 * ```
 */
export function userIdOf(user: unknown): unknown {
  const u = fields(user);
  if (typeof u.getId === "function") return u.getId();
  if (u.id !== undefined) return pyStr(u.id);
  throw new TypeError("No `id` attribute: give the user an `id` or a `getId()` (Flask-Login's get_id).");
}

/**
 * `user.is_active` (default `true`).
 *
 * @example
 * ```ts
 * userIsActive({ id: 7, isActive: false }); // false
 * ```
 */
export function userIsActive(user: unknown): boolean {
  const active = fields(user).isActive;
  return active === undefined ? true : Boolean(active);
}

/**
 * `user.is_authenticated` (default: `is_active`, as `UserMixin` has it); `false` for no user.
 *
 * @example
 * ```ts
 * userIsAuthenticated(await login.currentUser()); // false when nobody is logged in
 * ```
 */
export function userIsAuthenticated(user: unknown): boolean {
  if (user === null || user === undefined) return false;
  const authenticated = fields(user).isAuthenticated;
  return authenticated === undefined ? userIsActive(user) : Boolean(authenticated);
}
