/**
 * Cookies the way Werkzeug writes and reads them, for the Werkzeug release the user names:
 * `dump_cookie` for `Set-Cookie` and `parse_cookie` (what Flask's `request.cookies` holds) for the
 * request's `Cookie` header. The pieces live in ./cookie/; docs/compatibility.md lists what
 * changed between Werkzeug releases.
 * @module
 */
export { dumpCookie, MAX_COOKIE_SIZE, type DumpCookieOptions, type DumpedCookie } from "./cookie/dump.js";
export { findCookie, parseCookie, type CookieReadOptions } from "./cookie/read.js";
export {
  LATEST_WERKZEUG,
  werkzeugCookieRules,
  type CookieReader,
  type CookieWriter,
  type WerkzeugCookieRules,
  type WerkzeugVersion,
} from "./cookie/version.js";
