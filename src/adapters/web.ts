/**
 * The framework-agnostic session API (`flask-session-cookie/web`): from a `Cookie` header or a
 * Web `Request` to a Flask session, and from a changed session back to `Set-Cookie` (or onto a
 * Web `Response`), with Flask's semantics from {@link SecureCookieSessionInterface}.
 *
 * It uses Web standards only (`Request`, `Response`, `Headers`), no Node built-ins, so it runs in
 * Node, Bun, Deno, edge runtimes and service workers; Hono, Next.js route handlers and
 * middleware, and plain `node:http` servers use it directly. The Express, Koa and Fastify adapters
 * are built on it.
 * @module
 */
import {
  FLASK_CONFIG_NAMES,
  FlaskSession,
  SESSION_INTERFACE_OPTION_NAMES,
  SecureCookieSessionInterface,
} from "../flask/session.js";
import type {
  FlaskSessionConfig,
  FlaskSessionData,
  SaveSessionResult,
  SessionData,
  SessionInterfaceOptions,
} from "../flask/session.js";
import { varyWith } from "./vary.js";
import { checkOptionNames, optionNames } from "../lib/options.js";
import { withHiddenSecrets } from "../lib/redact.js";

/**
 * Options of {@link FlaskSessions} and of every adapter: Flask's session configuration in
 * camelCase with Flask's defaults (`secretKey`, `secretKeyFallbacks`, `sessionCookieName`,
 * `sessionCookieDomain`, `sessionCookiePath`, `applicationRoot`, `sessionCookieHttponly`,
 * `sessionCookieSecure`, `sessionCookieSamesite`, `sessionCookiePartitioned`,
 * `sessionRefreshEachRequest`, `permanentSessionLifetime` in seconds, `maxCookieSize`,
 * `serverName` for Flask 2.2), plus the Flask release to match (`flaskVersion`, default `"3.1"`;
 * `werkzeugVersion`), the session interface's class attributes (`salt`, `digestMethod`,
 * `keyDerivation`, `serializer`), `limits`, the clock `now` and `warn`.
 *
 * @example
 * ```ts
 * const options: FlaskSessionOptions = {
 *   flaskVersion: "3.1",                               // the Flask the other side runs
 *   secretKey: process.env.FLASK_SECRET_KEY,          // SECRET_KEY
 *   secretKeyFallbacks: ["the-previous-key"],          // SECRET_KEY_FALLBACKS
 *   sessionCookieSamesite: "Lax",                      // SESSION_COOKIE_SAMESITE
 *   permanentSessionLifetime: 7 * 24 * 3600,           // PERMANENT_SESSION_LIFETIME
 * };
 * ```
 */
export interface FlaskSessionOptions extends FlaskSessionConfig, SessionInterfaceOptions {
  /**
   * The session interface to use instead of one built from these options: a subclass that
   * changes Flask's behaviour, as assigning `app.session_interface` does in Flask.
   */
  sessionInterface?: SecureCookieSessionInterface;
}

/**
 * Where a session comes from: the `Cookie` request header itself, or anything with `headers`: a
 * Web `Request` (`headers.get("cookie")`) or a Node request (`headers.cookie`), which covers
 * `node:http`, Express, Koa (`ctx` or `ctx.request`) and Fastify requests.
 *
 * @example
 * ```ts
 * sessions.open("session=eyJ...; theme=dark");  // the header
 * sessions.open(request);                       // a Web Request (Hono: c.req.raw)
 * sessions.open(req);                           // a node:http / Express / Fastify request, or Koa's ctx
 * ```
 */
export type CookieSource =
  | string
  | null
  | undefined
  | {
      /** A Web request's headers (`Headers`). */
      readonly headers: {
        /** The header's value, or `null`. */
        get(name: string): string | null;
      };
    }
  | {
      /** A Node request's headers (`IncomingHttpHeaders`). */
      readonly headers: {
        /** The `Cookie` header. */
        readonly cookie?: string | readonly string[] | undefined;
      };
    };

/**
 * The `Cookie` header of a {@link CookieSource}, or `null`.
 *
 * @throws TypeError for something that is neither a header nor a request.
 * @example
 * ```ts
 * cookieHeaderOf(new Request("https://example.com", { headers: { cookie: "session=abc" } })); // "session=abc"
 * cookieHeaderOf({ headers: { cookie: "session=abc" } });                                   // "session=abc"
 * ```
 */
export function cookieHeaderOf(source: CookieSource): string | null {
  if (source == null) return null;
  if (typeof source === "string") return source;
  const headers: unknown = typeof source === "object" ? source.headers : undefined;
  if (headers === null || typeof headers !== "object") {
    throw new TypeError("Expected a Cookie header (string), a Request or a request object with headers.");
  }
  if (typeof (headers as { get?: unknown }).get === "function") {
    return (headers as { get(name: string): string | null }).get("cookie");
  }
  const cookie = (headers as { cookie?: unknown }).cookie;
  if (typeof cookie === "string") return cookie;
  // Node joins repeated Cookie headers with "; " itself; HTTP/2 may hand them over as a list.
  if (Array.isArray(cookie)) return cookie.filter((c) => typeof c === "string").join("; ");
  return null;
}

/** Every name {@link FlaskSessionOptions} takes. */
const OPTION_NAMES: readonly string[] = [
  ...FLASK_CONFIG_NAMES,
  ...SESSION_INTERFACE_OPTION_NAMES,
  ...optionNames<Pick<FlaskSessionOptions, "sessionInterface">>({ sessionInterface: true }),
];

/** Names that other session libraries (express-session, cookie-session, koa-session) use for the same settings. */
const OTHER_LIBRARIES_NAMES: Readonly<Record<string, string>> = {
  secret: "secretKey",
  name: "sessionCookieName",
  keys: "secretKeyFallbacks",
  maxAge: "permanentSessionLifetime",
  expires: "permanentSessionLifetime",
  rolling: "sessionRefreshEachRequest",
};

/**
 * Checks {@link FlaskSessionOptions} (or, with `names`, another session API's options) for
 * `where` (`FlaskSessions`, or an adapter's factory): unknown names, and a lifetime that is not a
 * number of seconds. @internal
 */
export function checkOptions(options: FlaskSessionOptions, where: string, names: readonly string[] = OPTION_NAMES): void {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`Expected options with at least secretKey (Flask's SECRET_KEY), given to ${where}.`);
  }
  checkOptionNames(options, names, where, { aliases: OTHER_LIBRARIES_NAMES });
  const lifetime = options.permanentSessionLifetime;
  if (lifetime !== undefined && (typeof lifetime !== "number" || !Number.isFinite(lifetime))) {
    throw new TypeError("permanentSessionLifetime must be a number of seconds (Flask's PERMANENT_SESSION_LIFETIME).");
  }
}

/** The options of the session interface among {@link FlaskSessionOptions}. */
function interfaceOptions(options: FlaskSessionOptions): SessionInterfaceOptions {
  const out: Record<string, unknown> = {};
  for (const name of SESSION_INTERFACE_OPTION_NAMES) if (Object.hasOwn(options, name)) out[name] = options[name];
  return out as SessionInterfaceOptions;
}

/**
 * The Flask sessions of one app, built once from its configuration: open a session from a
 * request, read it in one call, and write it back as `Set-Cookie`, with Flask's semantics
 * (a tampered, expired or missing cookie opens an empty session; an unchanged session sends no
 * cookie; a session emptied by `clear()` sends a deletion cookie; `Vary: Cookie` whenever the
 * session was used).
 *
 * The options are checked here, so a missing `secretKey`, a misspelled option name or an
 * invalid `sessionCookieSamesite` fails when the app starts, not on its first request.
 *
 * Printing it (`console.log`, `util.inspect`, `JSON.stringify`, `String`, a spread) never shows
 * the secret keys: `config` shows `<1 secret key hidden>` in their place.
 *
 * @typeParam T - The session's keys and value types (default {@link FlaskSessionData}).
 * @throws TypeError when `secretKey` is missing, an option name is unknown
 *   (`Unknown option 'secretkey' (did you mean 'secretKey'?) given to FlaskSessions.`) or an
 *   option is invalid.
 * @example
 * ```ts
 * import { FlaskSessions } from "flask-session-cookie/web";
 *
 * const sessions = new FlaskSessions({ secretKey: process.env.FLASK_SECRET_KEY });
 *
 * // Read-only, one call: the data of a valid session cookie, or null.
 * const userId = sessions.read(request)?._user_id;
 *
 * // Read and write (a fetch-style handler):
 * export async function handler(request: Request): Promise<Response> {
 *   const session = sessions.open(request);
 *   session.set("visits", Number(session.get("visits") ?? 0) + 1);
 *   return sessions.commit(session, Response.json({ visits: session.get("visits") }));
 * }
 * ```
 */
export class FlaskSessions<T extends FlaskSessionData = FlaskSessionData> {
  /**
   * The Flask configuration in use: a frozen copy of the options, whose `secretKey` and
   * `secretKeyFallbacks` can be read but are not own properties, so that printing or spreading
   * it never shows them (`{ ...sessions.config }` has no `secretKey`).
   */
  readonly config: Readonly<FlaskSessionOptions>;
  /** The session interface that opens and saves sessions. */
  readonly sessionInterface: SecureCookieSessionInterface;

  /** @param options - Flask's configuration in camelCase, and the session interface's options. */
  constructor(options: FlaskSessionOptions) {
    if (options !== null && typeof options === "object" && "store" in options) {
      throw new TypeError(
        "A session with a store (Flask-Session) is opened asynchronously: use ServerSideSessions instead of FlaskSessions.",
      );
    }
    checkOptions(options, "FlaskSessions");
    this.config = withHiddenSecrets("FlaskSessionOptions", options, ["secretKey", "secretKeyFallbacks"]);
    this.sessionInterface = options.sessionInterface ?? new SecureCookieSessionInterface(interfaceOptions(options));
    // Fail now rather than on the first request: no secret key, or cookie attributes Werkzeug
    // refuses (dumping a deletion cookie checks them all without signing anything).
    this.sessionInterface.getSigningSerializer(this.config);
    const probe = new FlaskSession();
    probe.clear();
    this.sessionInterface.saveSession(this.config, probe);
  }

  /**
   * The session cookie's name (`sessionCookieName`, default `"session"`).
   *
   * @example
   * ```ts
   * new FlaskSessions({ secretKey, sessionCookieName: "shop" }).cookieName; // "shop"
   * ```
   */
  get cookieName(): string {
    return this.sessionInterface.getCookieName(this.config);
  }

  /**
   * The session of a request (Flask's `open_session`): from a `Cookie` header, a Web `Request` or
   * a Node request. A missing, tampered, expired or malformed cookie gives an empty session, never
   * an exception; `session.loadError` says why it was refused.
   *
   * @example
   * ```ts
   * const session = sessions.open(request);       // or sessions.open(request.headers.get("cookie"))
   * if (session.loadError) console.info("cookie refused:", session.loadError.code);
   * session.get("_user_id");
   * ```
   */
  open<U extends FlaskSessionData = T>(source: CookieSource): FlaskSession<U> {
    return this.sessionInterface.openSession<U>(this.config, cookieHeaderOf(source));
  }

  /**
   * The data of a valid session cookie, or `null` when there is none (missing, tampered,
   * expired, malformed): one call for a service that only reads the session, e.g. the user id.
   * Nothing is marked as accessed or modified; there is nothing to send back.
   *
   * @example
   * ```ts
   * export function GET(request: Request): Response {
   *   const userId = sessions.read(request)?._user_id;   // Flask-Login's user id, or undefined
   *   if (userId === undefined) return new Response("Log in first", { status: 401 });
   *   return Response.json({ userId });
   * }
   * ```
   */
  read<U extends FlaskSessionData = T>(source: CookieSource): U | null {
    const session = this.open<U>(source);
    return session.new ? null : session.toDict();
  }

  /**
   * What the response needs for `session` (Flask's `save_session`): the `Set-Cookie` value to
   * append (or `null`), whether to add `Cookie` to `Vary`, and Werkzeug's size warning.
   *
   * @example
   * ```ts
   * // node:http
   * const { setCookie, varyCookie } = sessions.save(session);
   * if (setCookie) res.appendHeader("Set-Cookie", setCookie);
   * if (varyCookie) res.appendHeader("Vary", "Cookie");
   * ```
   */
  save(session: FlaskSession<FlaskSessionData>): SaveSessionResult {
    return this.sessionInterface.saveSession(this.config, session as FlaskSession<SessionData>);
  }

  /**
   * Saves `session` onto a Web `Response`: appends its `Set-Cookie` (other cookies stay) and
   * merges `Cookie` into `Vary`. Returns the response to send: the same one, or a copy when its
   * headers are immutable (as those of `Response.redirect()` or of a `fetch()` result are).
   *
   * @example
   * ```ts
   * export function POST(request: Request): Response {
   *   const session = sessions.open(request);
   *   session.set("theme", "dark");
   *   return sessions.commit(session, Response.redirect(new URL("/", request.url), 303));
   * }
   * ```
   */
  commit(session: FlaskSession<FlaskSessionData>, response: Response): Response {
    const { setCookie, varyCookie } = this.save(session);
    return withSessionHeaders(response, setCookie, varyCookie);
  }
}

/**
 * `response` with a session's `Set-Cookie` appended and `Cookie` merged into `Vary`: the same
 * response, or a copy when its headers are immutable. Shared with the server-side sessions.
 * @internal
 */
export function withSessionHeaders(response: Response, setCookie: string | null, varyCookie: boolean): Response {
  if (setCookie === null && !varyCookie) return response;
  let target = response;
  try {
    applyToHeaders(target.headers, setCookie, varyCookie);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    // Immutable headers: the first change threw before anything was changed.
    target = new Response(response.body, response);
    applyToHeaders(target.headers, setCookie, varyCookie);
  }
  return target;
}

function applyToHeaders(headers: Headers, setCookie: string | null, varyCookie: boolean): void {
  if (setCookie !== null) headers.append("Set-Cookie", setCookie);
  if (varyCookie) headers.set("Vary", varyWith(headers.get("Vary"), "Cookie"));
}

/**
 * The {@link FlaskSessions} for adapter options: the given instance, or one built from options,
 * checked in the name of `where` (the adapter's factory).
 * @internal
 */
export function flaskSessionsFrom(options: FlaskSessionOptions | FlaskSessions, where: string): FlaskSessions {
  if (options instanceof FlaskSessions) return options;
  checkOptions(options, where);
  return new FlaskSessions(options);
}

/**
 * The session an adapter saves at the end of a request: the one the app left on the request.
 * Setting it to `null` logs out (as with `cookie-session` and `koa-session`): the original
 * session is cleared.
 * @internal
 */
export function sessionToSave(current: unknown, original: FlaskSession<FlaskSessionData>): FlaskSession<FlaskSessionData> {
  if (current instanceof FlaskSession) return current as FlaskSession<FlaskSessionData>;
  if (current == null) {
    original.clear();
    return original;
  }
  throw new TypeError("The request's session must be a FlaskSession (or null to log out).");
}

export { FlaskSession, SecureCookieSessionInterface };
// FlaskSessionData is declared with the session; an app may augment it through this module too.
export type { FlaskSessionConfig, FlaskSessionData, SaveSessionResult, SessionInterfaceOptions };
export { flash, getFlashedMessages } from "../flask/flash.js";
export type { FlashedMessage, GetFlashedMessagesOptions } from "../flask/flash.js";
export { varyWith } from "./vary.js";
export { ServerSideSessions, ServerSideSession, ServerSideSessionInterface } from "./server-side/web.js";
export type { ServerSideSessionOptions, SavePlan, ServerSideSessionConfig } from "./server-side/web.js";

// Flask-Login and Flask-WTF on Web standards (their own module; re-exported here).
export { loginRequestFrom, commitLogin, csrfRequestFrom, type WebLoginRequestOptions } from "./login-web.js";
export { LoginManager, LoginContext, Unauthorized, CSRFProtect, CSRFError, generateCsrf, validateCsrf } from "../index.js";
export type {
  FlaskLoginUser,
  LoginManagerOptions,
  LoginUserOptions,
  CSRFProtectOptions,
  LoginRequest,
  CsrfRequest,
} from "../index.js";
