/**
 * Flask-Session's server-side sessions (`flask_session/base.py`, 0.8): the cookie holds only a
 * session id (signed when `SESSION_USE_SIGNER` is on), the data lives in a {@link SessionStore}
 * under `SESSION_KEY_PREFIX + sid`, written with msgspec. Flask's and Flask-Session's
 * configuration names in camelCase, with their defaults.
 * @module
 */
import { BadData } from "../errors.js";
import type { StrOrBytes } from "../lib/bytes.js";
import { b2aBase64 } from "../encoding.js";
import { Signer } from "../signer.js";
import { dumpCookie, findCookie } from "../flask/cookie.js";
import { httpDate } from "../flask/http-date.js";
import {
  FlaskSession,
  SecureCookieSessionInterface,
  cookieDomain,
  cookiePath,
  sessionDict,
  type FlaskSessionConfig,
  type SaveSessionResult,
  type SessionData,
} from "../flask/session.js";
import { INSPECT, type InspectFunction, inspectAs } from "../lib/redact.js";
import { MsgSpecSerializer, type RecordLimits, type SerializationFormat } from "./serializer.js";
import type { SessionStore } from "./store.js";

/**
 * A Flask-Session session (Python: `ServerSideSession`): a {@link FlaskSession} with its id.
 * As in Flask-Session, `clear()` keeps the `_permanent` flag, and a session that holds nothing
 * but `_permanent` counts as empty (it is neither stored nor sent).
 *
 * @example
 * ```ts
 * import { MemoryStore } from "flask-session-cookie";
 * import { ServerSideSessions } from "flask-session-cookie/web";
 *
 * const sessions = new ServerSideSessions({ store: new MemoryStore() });
 * const session = await sessions.open(request);
 * session.sid;                  // "Wm3E0c...": the id in the cookie (unsigned)
 * session.set("cart", ["tea"]);
 * ```
 */
export class ServerSideSession<T extends SessionData = SessionData> extends FlaskSession<T> {
  /** The session id: the store key is `sessionKeyPrefix + sid`. {@link ServerSideSessionInterface.regenerate} changes it. */
  sid: string;

  /**
   * @param initial - The data (does not mark the session modified).
   * @param options - `sid`; `new` and `loadError` as {@link ServerSideSessionInterface.openSession} sets them.
   */
  constructor(
    initial: Partial<T> | Map<string, unknown> | null | undefined,
    options: { sid: string; new?: boolean; loadError?: BadData | null },
  ) {
    super(initial, options);
    this.sid = options.sid;
  }

  /** Removes every key but `_permanent` (Flask-Session's `clear()`); marks the session modified. */
  override clear(): void {
    const permanent = this.get("_permanent" as keyof T & string, false as T[keyof T & string]);
    super.clear();
    this.set("_permanent" as keyof T & string, permanent);
  }

  /** Python's `bool(session)`: whether it holds anything besides `_permanent`. */
  get hasData(): boolean {
    return this.size > 1 || (this.size === 1 && !this.has("_permanent"));
  }
}

/**
 * Flask's and Flask-Session's configuration, camelCased (`SESSION_KEY_PREFIX` →
 * `sessionKeyPrefix`), with their defaults.
 */
export interface ServerSideSessionConfig extends Omit<FlaskSessionConfig, "secretKey" | "secretKeyFallbacks"> {
  /** `SECRET_KEY`: needed only with `sessionUseSigner` (Flask-Session signs with it alone: no fallbacks). */
  secretKey?: StrOrBytes | null;
  /** `SESSION_KEY_PREFIX`; default `"session:"`. */
  sessionKeyPrefix?: string;
  /** `SESSION_USE_SIGNER` (deprecated in Flask-Session 0.7); default `false`. */
  sessionUseSigner?: boolean;
  /** `SESSION_PERMANENT`; default `true`: new sessions are permanent. */
  sessionPermanent?: boolean;
  /** `SESSION_ID_LENGTH`: random bytes in a new session id; default 32 (43 characters). */
  sessionIdLength?: number;
  /** `SESSION_SERIALIZATION_FORMAT`: `"msgpack"` (default) or `"json"`. */
  sessionSerializationFormat?: SerializationFormat;
}

/** What {@link ServerSideSessionInterface.prepareSave} decided: the response's headers, and what to do in the store. */
export interface SavePlan extends SaveSessionResult {
  /** `"set"` (write the record, with the time to live), `"delete"`, or `null` (leave the store alone). */
  storage: "set" | "delete" | null;
}

/** Options of {@link ServerSideSessionInterface}: the store, and how records are read. */
export interface ServerSideSessionInterfaceOptions {
  /** Where the records live (Flask-Session's `SESSION_REDIS`, `SESSION_MEMCACHED`, ... client). */
  store: SessionStore;
  /** Bounds on reading a record (size, depth, items). */
  limits?: Partial<RecordLimits>;
  /** Whether to read pickled records (Flask-Session 0.6 and older), as Flask-Session 0.8 does; default `true`. */
  readPickle?: boolean;
  /** The clock in seconds since the epoch (default `Date.now() / 1000`): the cookie's `Expires`. */
  now?: () => number;
  /** Where warnings go (default `console.warn`). */
  warn?: (message: string) => void;
}

const SALT = "flask-session";

/**
 * `secrets.token_urlsafe(length)`: `length` random bytes from the platform's secure source, as
 * base64url without padding.
 */
function tokenUrlsafe(length: number): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  return b2aBase64(bytes, true, false);
}

function checkConfig(app: ServerSideSessionConfig, useSigner = app.sessionUseSigner): void {
  const length = app.sessionIdLength;
  if (length !== undefined && (!Number.isSafeInteger(length) || length < 1 || length > 65_536)) {
    throw new TypeError("sessionIdLength must be a positive integer (Flask-Session's SESSION_ID_LENGTH, in bytes)");
  }
  if (useSigner && (app.secretKey == null || app.secretKey.length === 0)) {
    throw new TypeError("SECRET_KEY must be set when SESSION_USE_SIGNER=True: set secretKey, or turn sessionUseSigner off.");
  }
}

/**
 * Flask-Session's session interface (Python: `ServerSideSessionInterface` and its Redis,
 * Memcached, SQLAlchemy... subclasses, which differ only in the store): `openSession` reads the
 * record of the cookie's session id (one store round trip); `saveSession` writes it back with
 * the lifetime as its time to live, or deletes it when the session was cleared, and gives the
 * `Set-Cookie` Flask-Session sends.
 *
 * Flask-Session's choices, kept here: a missing, badly signed or unknown session id opens an
 * empty session with a fresh id; a session is written back on every request while
 * `sessionRefreshEachRequest` is on (that refreshes its time to live) but the cookie only when it
 * changed or is permanent; the deletion cookie carries no `Secure`, `HttpOnly` or `SameSite`;
 * `sessionCookiePartitioned` is not applied (Flask-Session 0.8 does not pass it on).
 *
 * @example
 * ```ts
 * import { RedisStore } from "flask-session-cookie/stores";
 *
 * const sessions = new ServerSideSessionInterface({ store: new RedisStore(redis) });
 * const app = { sessionKeyPrefix: "session:", permanentSessionLifetime: 3600 };
 * const session = await sessions.openSession(app, request.headers.get("cookie"));
 * session.set("visits", Number(session.get("visits") ?? 0) + 1);
 * const { setCookie, varyCookie } = await sessions.saveSession(app, session);
 * ```
 */
export class ServerSideSessionInterface {
  /** The store. */
  readonly store: SessionStore;
  readonly #serializers = new Map<SerializationFormat, MsgSpecSerializer>();
  readonly #cookies: SecureCookieSessionInterface;
  readonly #now: () => number;
  readonly #warn: (message: string) => void;
  #signer: { key: StrOrBytes; signer: Signer } | null = null;

  /** @param options - The store, read limits, clock. */
  constructor(options: ServerSideSessionInterfaceOptions) {
    const store = options?.store;
    if (!store || typeof store.get !== "function" || typeof store.set !== "function" || typeof store.delete !== "function") {
      throw new TypeError("A server-side session needs a store with get, set and delete (see flask-session-cookie/stores).");
    }
    this.store = store;
    for (const format of ["msgpack", "json"] as const) {
      this.#serializers.set(format, new MsgSpecSerializer({ format, limits: options.limits, readPickle: options.readPickle }));
    }
    this.#now = options.now ?? (() => Date.now() / 1000);
    this.#warn = options.warn ?? ((message) => console.warn(message));
    this.#cookies = new SecureCookieSessionInterface({ now: this.#now, warn: this.#warn });
  }

  /** The serializer of `SESSION_SERIALIZATION_FORMAT`. @throws TypeError for an unknown format. */
  getSerializer(app: ServerSideSessionConfig): MsgSpecSerializer {
    const format = app.sessionSerializationFormat ?? "msgpack";
    const serializer = this.#serializers.get(format);
    if (!serializer) throw new TypeError(`Unsupported serialization format: ${String(format)} (use "msgpack" or "json")`);
    return serializer;
  }

  /** The store key of a session id: `sessionKeyPrefix + sid`. */
  getStoreId(app: ServerSideSessionConfig, sid: string): string {
    return (app.sessionKeyPrefix ?? "session:") + sid;
  }

  /** A new session id (`secrets.token_urlsafe(sessionIdLength)`). */
  generateSid(app: ServerSideSessionConfig): string {
    return tokenUrlsafe(app.sessionIdLength ?? 32);
  }

  /** `Signer(SECRET_KEY, salt="flask-session", key_derivation="hmac")`. */
  getSigner(app: ServerSideSessionConfig): Signer {
    // Not a spread of `app`: a config may keep its key out of its own properties (withHiddenSecrets).
    checkConfig(app, true);
    const key = app.secretKey!;
    if (this.#signer?.key !== key) this.#signer = { key, signer: new Signer(key, { salt: SALT, keyDerivation: "hmac" }) };
    return this.#signer.signer;
  }

  /** A new, empty session: `_permanent` set (not as a change) when `sessionPermanent` is on. */
  newSession<T extends SessionData>(app: ServerSideSessionConfig, loadError: BadData | null = null): ServerSideSession<T> {
    const session = new ServerSideSession<T>(null, { sid: this.generateSid(app), new: true, loadError });
    if (app.sessionPermanent ?? true) {
      session.permanent = true;
      session.modified = false;
      session.accessed = false;
    }
    return session;
  }

  /**
   * The session for a request (Flask-Session's `open_session`), from its `Cookie` header (or the
   * bare cookie value with `{ cookieValue }`): one `store.get`. A missing or badly signed cookie,
   * an unknown id or a record that cannot be read gives a new, empty session with a fresh id
   * (`session.loadError` tells why, when there was an error), never an exception.
   *
   * @throws whatever the store throws (a database that is down is not an empty session); TypeError
   *   for an invalid configuration.
   */
  async openSession<T extends SessionData = SessionData>(
    app: ServerSideSessionConfig,
    cookieHeader: string | null | undefined | { cookieValue: string | null | undefined },
  ): Promise<ServerSideSession<T>> {
    checkConfig(app);
    const value =
      typeof cookieHeader === "object" && cookieHeader !== null
        ? cookieHeader.cookieValue
        : findCookie(cookieHeader, this.#cookies.getCookieName(app as FlaskSessionConfig));
    if (!value) return this.newSession<T>(app);
    let sid = value;
    if (app.sessionUseSigner) {
      try {
        sid = this.getSigner(app).unsign(value);
      } catch (error) {
        if (!(error instanceof BadData)) throw error;
        return this.newSession<T>(app, error);
      }
    }
    const record = await this.store.get(this.getStoreId(app, sid));
    // Flask-Session: `if serialized_session_data:` (an empty record is no record).
    if (record == null || record.length === 0) return this.newSession<T>(app);
    let data: unknown;
    try {
      data = this.getSerializer(app).decode(record);
      // A record that decodes to None is no record either; other values go through dict().
      if (data === null) return this.newSession<T>(app);
      data = sessionDict(data);
    } catch (error) {
      if (!(error instanceof BadData)) throw error;
      return this.newSession<T>(app, error);
    }
    return new ServerSideSession<T>(data as Partial<T> | Map<string, unknown>, { sid, new: false });
  }

  /**
   * What the response and the store need for `session`, as Flask-Session's `save_session` decides
   * it, without doing it (synchronous: an adapter sets the headers as they go out, and writes the
   * store before the response ends).
   */
  prepareSave(app: ServerSideSessionConfig, session: ServerSideSession<SessionData>): SavePlan {
    checkConfig(app);
    const config = app as FlaskSessionConfig;
    const cookies = this.#cookies;
    const accessed = session.accessed;
    const name = cookies.getCookieName(config);
    const domainSetting = cookies.getCookieDomain(config);
    const domain = domainSetting === null ? null : cookieDomain(domainSetting);
    const path = cookiePath(cookies.getCookiePath(config));
    if (!session.hasData) {
      if (!session.modified) return { setCookie: null, varyCookie: accessed, warning: null, storage: null };
      // Werkzeug's delete_cookie(key, domain=, path=): no Secure, HttpOnly or SameSite.
      const deleted = dumpCookie(
        name,
        "",
        { domain, path, expires: 0, maxAge: 0, maxSize: config.maxCookieSize ?? 4093 },
        httpDate,
      );
      return { setCookie: deleted.header, varyCookie: true, warning: deleted.warning, storage: "delete" };
    }
    const refresh = app.sessionRefreshEachRequest ?? true;
    if (!session.modified && !refresh) return { setCookie: null, varyCookie: accessed, warning: null, storage: null };
    if (!cookies.shouldSetCookie(config, session))
      return { setCookie: null, varyCookie: accessed, warning: null, storage: "set" };
    const value = app.sessionUseSigner ? this.getSigner(app).sign(session.sid) : session.sid;
    const cookie = dumpCookie(
      name,
      value,
      {
        domain,
        path,
        expires: cookies.getExpirationTime(config, session),
        httponly: cookies.getCookieHttponly(config),
        secure: cookies.getCookieSecure(config),
        samesite: cookies.getCookieSamesite(config),
        maxSize: config.maxCookieSize ?? 4093,
      },
      httpDate,
    );
    if (cookie.warning) this.#warn(cookie.warning);
    return { setCookie: cookie.header, varyCookie: true, warning: cookie.warning, storage: "set" };
  }

  /**
   * Carries out a plan's store action for `session`: writes its record (its data now, with the
   * lifetime in whole seconds as the time to live) or deletes it.
   *
   * @throws TypeError or RangeError when the data cannot be written as msgspec writes it (a
   *   `Markup`, an int beyond 64 bits in MessagePack); whatever the store throws.
   */
  async applySave(app: ServerSideSessionConfig, session: ServerSideSession<SessionData>, plan: SavePlan): Promise<void> {
    const key = this.getStoreId(app, session.sid);
    if (plan.storage === "delete") await this.store.delete(key);
    else if (plan.storage === "set") {
      const ttl = Math.trunc(this.#cookies.getPermanentSessionLifetime(app as FlaskSessionConfig));
      await this.store.set(key, this.getSerializer(app).encode(session.toDict()), ttl);
    }
  }

  /** {@link prepareSave} then {@link applySave}: Flask-Session's `save_session`. */
  async saveSession(app: ServerSideSessionConfig, session: ServerSideSession<SessionData>): Promise<SavePlan> {
    const plan = this.prepareSave(app, session);
    await this.applySave(app, session, plan);
    return plan;
  }

  /**
   * Gives `session` a new id (Flask-Session's `regenerate`, e.g. after a login, against session
   * fixation): deletes the old record and marks the session modified, so that saving it writes
   * the new record and cookie. Does nothing for an empty session.
   */
  async regenerate(app: ServerSideSessionConfig, session: ServerSideSession<SessionData>): Promise<void> {
    if (!session.hasData) return;
    await this.store.delete(this.getStoreId(app, session.sid));
    session.sid = this.generateSid(app);
    session.modified = true;
  }

  /** A summary for logs and `JSON.stringify` (the store's kind, never a secret). */
  toJSON(): Record<string, unknown> {
    return { store: this.store.constructor?.name ?? "store" };
  }

  /** Node's `util.inspect` shows {@link ServerSideSessionInterface.toJSON}. */
  [INSPECT](_depth: number, options: unknown, inspect?: InspectFunction): string {
    return inspectAs(this.constructor.name, this.toJSON(), options, inspect);
  }
}
