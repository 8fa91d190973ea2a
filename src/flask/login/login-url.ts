/**
 * Where Flask-Login sends a user who must log in (`flask_login.utils.login_url` and
 * `make_next_param`): the login view's URL with `next=<the page asked for>` in its query, the
 * scheme and host dropped from `next` when they are the login view's own.
 * @module
 */
import { parseQs, urlencode, urlsplit, urlunsplit } from "../../lib/urlsplit.js";

/**
 * Flask-Login's `make_next_param(login_url, current_url)`: `current_url` reduced to its path and
 * query when the login URL has no scheme and host of its own, or the same ones.
 *
 * @example
 * ```ts
 * makeNextParam("/login", "https://shop.example/orders?page=2"); // "/orders?page=2"
 * makeNextParam("https://auth.example/login", "https://shop.example/orders"); // unchanged
 * ```
 */
export function makeNextParam(loginUrl: string, currentUrl: string): string {
  const login = urlsplit(loginUrl);
  const current = urlsplit(currentUrl);
  if ((!login.scheme || login.scheme === current.scheme) && (!login.netloc || login.netloc === current.netloc)) {
    return urlunsplit({ scheme: "", netloc: "", path: current.path, query: current.query, fragment: "" });
  }
  return currentUrl;
}

/**
 * Flask-Login's `login_url(login_view, next_url, next_field)`: the login view's URL (a URL here,
 * not an endpoint name), with `next` added to its query when `nextUrl` is given.
 *
 * @param forceHost - `FORCE_HOST_FOR_REDIRECTS`: the host to put in the URL instead of its own.
 * @example
 * ```ts
 * loginUrl("/login", "http://localhost/orders?page=2"); // "/login?next=%2Forders%3Fpage%3D2"
 * ```
 */
export function loginUrl(
  loginView: string,
  nextUrl?: string | null,
  nextField = "next",
  forceHost: string | null = null,
): string {
  if (nextUrl == null) return loginView;
  const parts = urlsplit(loginView);
  const query: Map<string, string | string[]> = parseQs(parts.query);
  query.set(nextField, makeNextParam(loginView, nextUrl));
  return urlunsplit({ ...parts, netloc: forceHost || parts.netloc, query: urlencode(query) });
}
