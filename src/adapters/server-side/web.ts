/**
 * Server-side sessions (Flask-Session) on the framework-agnostic API: {@link ServerSideSessions}
 * is {@link FlaskSessions}' twin for a session kept in a store, whose `open` and `save` are
 * asynchronous (they read and write the store). The adapters' `flaskSession({ store })` use it.
 * Web standards only, like `flask-session-cookie/web`.
 * @module
 */
import { FlaskSession } from "../../flask/session.js";
import type { SessionData } from "../../flask/session.js";
import {
  ServerSideSession,
  ServerSideSessionInterface,
  type SavePlan,
  type ServerSideSessionConfig,
  type ServerSideSessionInterfaceOptions,
} from "../../flask-session/session.js";
import type { SessionStore } from "../../flask-session/store.js";
import { FLASK_CONFIG_NAMES } from "../../flask/session.js";
import { optionNames } from "../../lib/options.js";
import { withHiddenSecrets } from "../../lib/redact.js";
import {
  checkOptions,
  cookieHeaderOf,
  withSessionHeaders,
  type CookieSource,
  type FlaskSessionData,
  type FlaskSessionOptions,
} from "../web.js";

/**
 * Options of {@link ServerSideSessions} and of every adapter's `flaskSession({ store })`: the
 * store, Flask's session configuration (`sessionCookieName`, `sessionCookieDomain`, ...,
 * `permanentSessionLifetime`, `sessionRefreshEachRequest`) and Flask-Session's
 * (`sessionKeyPrefix`, `sessionUseSigner`, `sessionPermanent`, `sessionIdLength`,
 * `sessionSerializationFormat`) in camelCase with their defaults; `secretKey` only with
 * `sessionUseSigner`.
 *
 * @example
 * ```ts
 * import { RedisStore } from "flask-session-cookie/stores";
 *
 * const options: ServerSideSessionOptions = {
 *   store: new RedisStore(redis),          // SESSION_TYPE = "redis", SESSION_REDIS = redis
 *   sessionKeyPrefix: "myapp:",            // SESSION_KEY_PREFIX
 *   permanentSessionLifetime: 7 * 86400,   // PERMANENT_SESSION_LIFETIME (also the records' TTL)
 * };
 * ```
 */
export interface ServerSideSessionOptions extends ServerSideSessionConfig, ServerSideSessionInterfaceOptions {
  /** The session interface to use instead of one built from these options (a subclass of yours). */
  sessionInterface?: ServerSideSessionInterface;
}

/** Flask-Session names whose job `store` does here, with the hint to give. */
const STORE_SETTINGS = [
  "SESSION_TYPE",
  "SESSION_REDIS",
  "SESSION_MEMCACHED",
  "SESSION_SQLALCHEMY",
  "SESSION_MONGODB",
  "SESSION_DYNAMODB",
  "SESSION_CACHELIB",
];

/** Every name {@link ServerSideSessionOptions} takes: Flask's (but its fallback keys, which Flask-Session ignores), Flask-Session's, and the interface's. */
const OPTION_NAMES: readonly string[] = [
  ...FLASK_CONFIG_NAMES.filter((name) => name !== "secretKeyFallbacks"),
  ...optionNames<
    Pick<
      ServerSideSessionConfig,
      "sessionKeyPrefix" | "sessionUseSigner" | "sessionPermanent" | "sessionIdLength" | "sessionSerializationFormat"
    >
  >({
    sessionKeyPrefix: true,
    sessionUseSigner: true,
    sessionPermanent: true,
    sessionIdLength: true,
    sessionSerializationFormat: true,
  }),
  ...optionNames<ServerSideSessionInterfaceOptions>({ store: true, limits: true, readPickle: true, now: true, warn: true }),
  "sessionInterface",
];

function checkServerSideOptions(options: ServerSideSessionOptions): void {
  for (const key of Object.keys(options ?? {})) {
    const upper = key.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
    if (STORE_SETTINGS.includes(upper) || STORE_SETTINGS.includes(key)) {
      throw new TypeError(
        `Flask-Session's ${upper} is the store here: pass store (e.g. new RedisStore(client) from flask-session-cookie/stores).`,
      );
    }
  }
  checkOptions(options as unknown as FlaskSessionOptions, "ServerSideSessions", OPTION_NAMES);
}

/**
 * The server-side sessions of one app (Flask-Session), built once from its configuration: open a
 * session from a request (reading its record), read it in one call, and save it (writing or
 * deleting the record, and giving the `Set-Cookie` Flask-Session sends).
 *
 * @typeParam T - The session's keys and value types.
 * @throws TypeError at once for a missing store or an invalid option.
 * @example
 * ```ts
 * import { ServerSideSessions } from "flask-session-cookie/web";
 * import { RedisStore } from "flask-session-cookie/stores";
 *
 * const sessions = new ServerSideSessions({ store: new RedisStore(redis) });
 *
 * export async function handler(request: Request): Promise<Response> {
 *   const session = await sessions.open(request);
 *   session.set("visits", Number(session.get("visits") ?? 0) + 1);
 *   return sessions.commit(session, Response.json({ visits: session.get("visits") }));
 * }
 * ```
 */
export class ServerSideSessions<T extends FlaskSessionData = FlaskSessionData> {
  /** The configuration in use (a frozen copy of the options; `secretKey` is readable but never printed). */
  readonly config: Readonly<ServerSideSessionOptions>;
  /** The session interface that opens and saves sessions. */
  readonly sessionInterface: ServerSideSessionInterface;

  /** @param options - The store and the configuration. */
  constructor(options: ServerSideSessionOptions) {
    checkServerSideOptions(options);
    this.config = withHiddenSecrets("ServerSideSessionOptions", options, ["secretKey"]);
    this.sessionInterface = options.sessionInterface ?? new ServerSideSessionInterface(options);
    // Fail now rather than on the first request: cookie attributes Werkzeug refuses, a signer
    // without a key, an unknown format.
    this.sessionInterface.getSerializer(this.config);
    const probe = this.sessionInterface.newSession(this.config);
    probe.clear();
    this.sessionInterface.prepareSave(this.config, probe);
  }

  /** The store. */
  get store(): SessionStore {
    return this.sessionInterface.store;
  }

  /** The session cookie's name (`sessionCookieName`, default `"session"`). */
  get cookieName(): string {
    return this.config.sessionCookieName ?? "session";
  }

  /**
   * The session of a request: its record, or a new empty session with a fresh id when there is no
   * cookie, a bad signature, no record, or a record that cannot be read (`session.loadError`).
   *
   * @throws whatever the store throws (a database that is down).
   */
  open<U extends FlaskSessionData = T>(source: CookieSource): Promise<ServerSideSession<U>> {
    return this.sessionInterface.openSession<U>(this.config, cookieHeaderOf(source));
  }

  /**
   * The data of the request's session, or `null` when it has none (one store read, nothing
   * written): for a service that only reads sessions, e.g. the user id.
   *
   * @example
   * ```ts
   * const userId = (await sessions.read(req))?._user_id;
   * ```
   */
  async read<U extends FlaskSessionData = T>(source: CookieSource): Promise<U | null> {
    const session = await this.open<U>(source);
    return session.new ? null : session.toDict();
  }

  /** What {@link save} will do, decided now (the headers), without touching the store. */
  prepare(session: ServerSideSession<FlaskSessionData>): SavePlan {
    return this.sessionInterface.prepareSave(this.config, session as ServerSideSession<SessionData>);
  }

  /** Carries out a plan's store action (write or delete the record). */
  apply(session: ServerSideSession<FlaskSessionData>, plan: SavePlan): Promise<void> {
    return this.sessionInterface.applySave(this.config, session as ServerSideSession<SessionData>, plan);
  }

  /**
   * Saves `session` (Flask-Session's `save_session`): writes its record (or deletes it) and gives
   * the `Set-Cookie` to send and whether to add `Cookie` to `Vary`.
   */
  save(session: ServerSideSession<FlaskSessionData>): Promise<SavePlan> {
    return this.sessionInterface.saveSession(this.config, session as ServerSideSession<SessionData>);
  }

  /** Gives `session` a new id (after a login), deleting its old record; save it afterwards. */
  regenerate(session: ServerSideSession<FlaskSessionData>): Promise<void> {
    return this.sessionInterface.regenerate(this.config, session as ServerSideSession<SessionData>);
  }

  /**
   * Saves `session` and puts its headers on a Web `Response` (a copy when its headers are
   * immutable); resolves to the response to send.
   */
  async commit(session: ServerSideSession<FlaskSessionData>, response: Response): Promise<Response> {
    const { setCookie, varyCookie } = await this.save(session);
    return withSessionHeaders(response, setCookie, varyCookie);
  }
}

/** Whether adapter options ask for server-side sessions (a `store`, or a {@link ServerSideSessions}). @internal */
export function isServerSide(options: unknown): options is ServerSideSessionOptions | ServerSideSessions {
  return options instanceof ServerSideSessions || (typeof options === "object" && options !== null && "store" in options);
}

/** The {@link ServerSideSessions} for adapter options. @internal */
export function serverSideSessionsFrom(options: ServerSideSessionOptions | ServerSideSessions): ServerSideSessions {
  return options instanceof ServerSideSessions ? options : new ServerSideSessions(options);
}

/**
 * The session to save at the end of a request: the one the app left on the request, or the
 * original cleared when the app set it to `null` (a logout). @internal
 */
export function serverSessionToSave(
  current: unknown,
  original: ServerSideSession<FlaskSessionData>,
): ServerSideSession<FlaskSessionData> {
  if (current instanceof ServerSideSession) return current as ServerSideSession<FlaskSessionData>;
  if (current == null) {
    original.clear();
    return original;
  }
  if (current instanceof FlaskSession) {
    throw new TypeError("The request's session must be the ServerSideSession the middleware opened (or null to log out).");
  }
  throw new TypeError("The request's session must be a ServerSideSession (or null to log out).");
}

export { ServerSideSession, ServerSideSessionInterface };
export type { SavePlan, ServerSideSessionConfig };
