/**
 * Flask's session (`flask/sessions.py`): the session object and `SecureCookieSessionInterface`,
 * which opens a session from the request's cookie and writes it back as `Set-Cookie`, with Flask's
 * configuration names in camelCase and Flask's defaults.
 * @module
 */
import { BadData, BadPayload } from "../errors.js";
import { isPlainObject, pyKeys, withKeyOrder } from "../json/dict.js";
import type { Limits } from "../limits.js";
import type { StrOrBytes } from "../lib/bytes.js";
import type { DigestMethod, DigestName } from "../crypto.js";
import type { KeyDerivation } from "../signer.js";
import { TimestampSigner } from "../timed.js";
import { URLSafeTimedSerializer } from "../url-safe.js";
import type { FlashedMessage } from "./flash.js";
import { TaggedJSONSerializer } from "./tag.js";
import { Markup } from "./markup.js";
import { dumpCookie, findCookie, werkzeugCookieRules, type WerkzeugVersion } from "./cookie.js";
import { httpDate } from "./http-date.js";
import { pyFalsy, pyIterate } from "./py-values.js";
import { INSPECT, type InspectFunction, displayBytes, inspectAs } from "../lib/redact.js";
import { digestName } from "../crypto.js";
import { checkOptionNames, checkSeconds, optionNames } from "../lib/options.js";
import type { Mac } from "../mac.js";
import type { Zlib } from "../compress.js";
import { flaskBehaviour, type FlaskBehaviour, type FlaskVersion, type WerkzeugBehaviour, werkzeugBehaviour } from "./versions.js";
import { domainFromServerName } from "./server-name.js";

/** Session data: string keys, any values the tagged serializer handles. */
export type SessionData = Record<string, unknown>;

/**
 * What your app keeps in the session: the default type of a {@link FlaskSession}'s data, so of
 * `req.session`, `ctx.session` and `request.session` in the adapters and of the sessions
 * `FlaskSessions` and {@link SecureCookieSessionInterface} open. Flask's own keys and
 * Flask-Login's are declared; any other key is allowed (as in Flask) and reads as `unknown` until
 * you declare it, once for the whole app:
 *
 * @example
 * ```ts
 * declare module "flask-session-cookie" {
 *   interface FlaskSessionData {
 *     cart?: string[];
 *   }
 * }
 * ```
 */
export interface FlaskSessionData {
  [key: string]: unknown;
  /** Flask: whether the session outlives the browser session (read {@link FlaskSession.permanent}). */
  _permanent?: boolean;
  /** Flask: the messages flashed for the next request (use `flash` and `getFlashedMessages`). */
  _flashes?: FlashedMessage<unknown>[];
  /** Flask-Login: the logged-in user's id, `user.get_id()` (a string, as Flask-Login requires). */
  _user_id?: string;
  /** Flask-Login: `false` when a "remember me" cookie restored the login, `true` after a real login. */
  _fresh?: boolean;
  /** Flask-Login: the session identifier (a hash of the client's address and user agent). */
  _id?: string;
}

/**
 * A Flask session (Python: `SecureCookieSession`): a `Map`-like store, so keys never collide with
 * the session's own attributes (a session may hold a key called `permanent` or `__proto__`).
 *
 * As in Flask, setting, deleting or clearing marks it `modified`; changing a value inside a
 * nested list or object is not noticed, so set `session.modified = true` yourself then.
 * What marks it `accessed` (which adds `Vary: Cookie`) follows `flaskVersion`: from Flask 3.1.3
 * (the default) any use of the session does, `has` and `size` included; up to 3.1.2, reading a
 * value (`get`, `setdefault`, `permanent`) or changing the data.
 *
 * @example
 * ```ts
 * const session = new FlaskSession<{ _user_id: string; cart: string[] }>();
 * session.set("_user_id", "42");
 * session.get("_user_id");          // "42"
 * session.permanent = true;         // stored as the "_permanent" key, as Flask does
 * session.get("cart")?.push("tea");
 * session.modified = true;          // nested change: flag it by hand
 * ```
 */
export class FlaskSession<T extends SessionData = FlaskSessionData> implements Iterable<[string, unknown]> {
  /** Whether the session was used (then `Vary: Cookie` is sent); what counts follows `flaskVersion`. */
  accessed = false;
  #modified = false;
  /** Flask 3.1.3+: any use counts as an access. */
  readonly #anyUseIsAccess: boolean;
  /**
   * Whether the session did not come from a valid cookie. (Flask's `SecureCookieSession.new` is
   * always `False`; here it tells a fresh session from a loaded one.)
   */
  readonly new: boolean;
  /** Why the request's cookie was not accepted (bad signature, expired, bad payload), or `null`. */
  readonly loadError: BadData | null;
  readonly #data: Map<string, unknown>;

  /**
   * @param initial - Initial data (a plain object, `Map` or entries); does not mark it modified.
   * @param options - `new` and `loadError`, as set by {@link SecureCookieSessionInterface.openSession},
   *   and the `flaskVersion` whose idea of an access it follows (default the newest).
   */
  constructor(
    initial?: Partial<T> | Map<string, unknown> | Iterable<readonly [string, unknown]> | null,
    options: { new?: boolean; loadError?: BadData | null; flaskVersion?: FlaskVersion | string } = {},
  ) {
    this.#data = isPlainObject(initial) ? mapOf(initial) : new Map(toEntries(initial));
    this.new = options.new ?? initial == null;
    this.loadError = options.loadError ?? null;
    this.#anyUseIsAccess = flaskBehaviour(options.flaskVersion).sessionAccess === "any";
  }

  /** Whether the data changed (then the cookie is written); Flask 3.1.3+ counts setting it as an access. */
  get modified(): boolean {
    return this.#modified;
  }

  /** Flags the data as changed (or not), e.g. after changing a nested value; from Flask 3.1.3 on, an access too. */
  set modified(value: boolean) {
    this.#modified = value;
    this.#used();
  }

  #update(): void {
    this.#modified = true;
    this.accessed = true;
  }

  /** A use that reads no value: an access from Flask 3.1.3 on. */
  #used(): void {
    if (this.#anyUseIsAccess) this.accessed = true;
  }

  /** The value of `key` (marks the session accessed). */
  get<K extends keyof T & string>(key: K): T[K] | undefined;
  get<K extends keyof T & string>(key: K, defaultValue: T[K]): T[K];
  get(key: string, defaultValue?: unknown): unknown {
    this.accessed = true;
    return this.#data.has(key) ? this.#data.get(key) : defaultValue;
  }

  /** Sets `key` (marks the session modified). */
  set<K extends keyof T & string>(key: K, value: T[K]): this {
    this.#data.set(key, value);
    this.#update();
    return this;
  }

  /** Whether `key` is present (Python's `in`: an access from Flask 3.1.3 on, not before). */
  has(key: string): boolean {
    this.#used();
    return this.#data.has(key);
  }

  /** Removes `key`; marks the session modified when it was there. */
  delete(key: keyof T & string): boolean {
    this.#used();
    const had = this.#data.delete(key);
    if (had) this.#update();
    return had;
  }

  /**
   * Removes and returns `key`, or returns `defaultValue` when it is missing (Python:
   * `session.pop(key, default)`); marks the session modified only when `key` was there.
   */
  pop<K extends keyof T & string>(key: K, defaultValue?: T[K]): T[K] | undefined {
    this.#used();
    if (!this.#data.has(key)) return defaultValue;
    const value = this.#data.get(key) as T[K];
    this.#data.delete(key);
    this.#update();
    return value;
  }

  /**
   * Python's `setdefault`: the value of `key`, after setting it to `defaultValue` if it was
   * missing. Marks the session accessed, and modified only when it added the key (as Flask does).
   */
  setdefault<K extends keyof T & string>(key: K, defaultValue: T[K]): T[K] {
    this.accessed = true;
    if (!this.#data.has(key)) {
      this.#data.set(key, defaultValue);
      this.#update();
    }
    return this.#data.get(key) as T[K];
  }

  /** Sets several keys (Python: `session.update(...)`; marks it modified). */
  update(values: Partial<T> | Map<string, unknown> | Iterable<readonly [string, unknown]>): void {
    for (const [key, value] of toEntries(values)) this.#data.set(key, value);
    this.#update();
  }

  /** Removes every key (marks the session modified, even when it was empty, as Flask does). */
  clear(): void {
    this.#data.clear();
    this.#update();
  }

  /** Number of keys (Python's `len`: an access from Flask 3.1.3 on, not before). */
  get size(): number {
    this.#used();
    return this.#data.size;
  }

  /** The keys, in insertion order (an access from Flask 3.1.3 on). */
  keys(): IterableIterator<string> {
    this.#used();
    return this.#data.keys();
  }

  /** The values. */
  values(): IterableIterator<unknown> {
    this.#used();
    return this.#data.values();
  }

  /** `[key, value]` pairs. */
  entries(): IterableIterator<[string, unknown]> {
    this.#used();
    return this.#data.entries();
  }

  /** Iterates over `[key, value]` pairs. */
  [Symbol.iterator](): IterableIterator<[string, unknown]> {
    this.#used();
    return this.#data.entries();
  }

  /** Calls `callback` for every entry. */
  forEach(callback: (value: unknown, key: string, session: this) => void): void {
    this.#used();
    for (const [key, value] of this.#data) callback(value, key, this);
  }

  /**
   * Whether the session lasts beyond the browser session (`Expires` = now + lifetime). Stored as
   * the `_permanent` key, as Flask does; reading it marks the session accessed, as in Flask.
   */
  get permanent(): boolean {
    return Boolean(this.get("_permanent" as keyof T & string));
  }

  /** Makes the session permanent (or not): sets `_permanent` and marks the session modified. */
  set permanent(value: boolean) {
    this.#data.set("_permanent", Boolean(value));
    this.#update();
  }

  /** The data as a plain object (keys such as `"__proto__"` are own properties). */
  toDict(): T {
    this.#used();
    return this.#plain();
  }

  #plain(): T {
    const out: SessionData = {};
    for (const [key, value] of this.#data) {
      Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
    }
    return withKeyOrder(out, [...this.#data.keys()]) as T;
  }

  /** The data, for `JSON.stringify`. */
  toJSON(): T {
    return this.toDict();
  }

  /**
   * What `console.log(session)` and `util.inspect` show: the data (a session holds no secret: its
   * cookie is readable by whoever holds it) and the flags, without marking it accessed.
   *
   * @example
   * ```ts
   * console.log(session); // req.session, ctx.session, ...
   * // FlaskSession {
   * //   data: { _user_id: '42', cart: [ 'tea' ] },
   * //   new: false, modified: true, accessed: true, permanent: false, loadError: null
   * // }
   * ```
   */
  [INSPECT](depth: number, options: unknown, inspect?: InspectFunction): string {
    const summary = {
      data: this.#plain(),
      new: this.new,
      modified: this.modified,
      accessed: this.accessed,
      permanent: Boolean(this.#data.get("_permanent")),
      loadError: this.loadError === null ? null : String(this.loadError),
    };
    return inspectAs(this.constructor.name, summary, options, inspect, depth);
  }
}

/** A plain object's entries in Python's key order, as a `Map` (without a list of pairs first). */
function mapOf(values: Record<string, unknown>): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const key of pyKeys(values)) map.set(key, values[key]);
  return map;
}

function toEntries(values: unknown): Iterable<readonly [string, unknown]> {
  if (values == null) return [];
  if (values instanceof Map) return values as Map<string, unknown>;
  if (isPlainObject(values)) return pyKeys(values).map((key) => [key, values[key]] as const);
  return values as Iterable<readonly [string, unknown]>;
}

/**
 * Flask's configuration, camelCased (`SESSION_COOKIE_HTTPONLY` → `sessionCookieHttponly`), with
 * Flask's defaults. Durations are seconds, as Flask's integer settings are.
 */
export interface FlaskSessionConfig {
  /** `SECRET_KEY`: required. */
  secretKey: StrOrBytes | null | undefined;
  /**
   * `SECRET_KEY_FALLBACKS` (Flask 3.1): older keys still accepted, oldest first; `secretKey`
   * signs (with `flaskVersion: "3.1.0"`, the last fallback signs, as Flask 3.1.0 does). Older
   * Flask has no such setting; here it works for every `flaskVersion`, as 3.1.1+ does it.
   */
  secretKeyFallbacks?: readonly StrOrBytes[];
  /** `SESSION_COOKIE_NAME`; default `"session"`. */
  sessionCookieName?: string;
  /**
   * `SESSION_COOKIE_DOMAIN`; default none (host-only cookie, or with Flask 2.2 the domain of
   * `serverName`). `false` means none; `""` means none up to Flask 3.0.0 and an empty `Domain=`
   * attribute from 3.0.1 on, as Flask writes it.
   */
  sessionCookieDomain?: string | false | null;
  /**
   * `SERVER_NAME`: only read with `flaskVersion` 2.2, whose session cookie takes its domain from
   * it when `sessionCookieDomain` is not set (`"example.com:5000"` gives `.example.com`).
   */
  serverName?: string | null;
  /** `SESSION_COOKIE_PATH`; default `applicationRoot`. */
  sessionCookiePath?: string | null;
  /** `APPLICATION_ROOT`; default `"/"`. */
  applicationRoot?: string;
  /** `SESSION_COOKIE_HTTPONLY`; default `true`. */
  sessionCookieHttponly?: boolean;
  /** `SESSION_COOKIE_SECURE`; default `false`. */
  sessionCookieSecure?: boolean;
  /** `SESSION_COOKIE_SAMESITE`: `"Lax"`, `"Strict"`, `"None"` or none (default). */
  sessionCookieSamesite?: "Lax" | "Strict" | "None" | string | null;
  /**
   * `SESSION_COOKIE_PARTITIONED` (Flask 3.1); default `false`. Implies `Secure`. With an older
   * `flaskVersion` it is refused (that Flask writes no `Partitioned`, and a browser keeps a
   * partitioned and an unpartitioned cookie apart).
   */
  sessionCookiePartitioned?: boolean;
  /** `SESSION_REFRESH_EACH_REQUEST`; default `true`. */
  sessionRefreshEachRequest?: boolean;
  /** `PERMANENT_SESSION_LIFETIME` in seconds; default 2678400 (31 days). Also the `maxAge` of every cookie read. */
  permanentSessionLifetime?: number;
  /** `MAX_COOKIE_SIZE`: warn above this many bytes; default 4093. */
  maxCookieSize?: number;
}

/** Everything {@link SecureCookieSessionInterface.saveSession} decided for the response. */
export interface SaveSessionResult {
  /** The `Set-Cookie` header value to send, or `null` for none. */
  setCookie: string | null;
  /** Whether to add `Cookie` to the response's `Vary` header. */
  varyCookie: boolean;
  /** Werkzeug's warning when the cookie is over `maxCookieSize`, else `null`. */
  warning: string | null;
}

/** Options of {@link SecureCookieSessionInterface}: its Python class attributes, and limits. */
export interface SessionInterfaceOptions {
  /**
   * The Flask whose sessions to match: a release line (`"3.1"`, its newest release) or a release
   * (`"3.1.0"`, `"2.3.2"`); default `"3.1"`. docs/compatibility.md lists what it changes.
   */
  flaskVersion?: FlaskVersion | string;
  /**
   * The Werkzeug that Flask runs with (a release line, `"3.1"`, or a release, `"3.1.3"`): how the
   * `Cookie` header is read, `Set-Cookie` written, and the session built from its data; default
   * the line of `flaskVersion` ("2.2" for Flask 2.2, ..., "3.1", the newest 3.1, for Flask 3.1).
   * Give the release when it is not the newest of its line: Werkzeug 3.1.9 reads cookies
   * differently from 3.1.0-3.1.8.
   */
  werkzeugVersion?: WerkzeugVersion;
  /** Flask's `salt`; default `"cookie-session"`. */
  salt?: StrOrBytes;
  /** Flask's `digest_method`; default `"sha1"`. */
  digestMethod?: DigestName | DigestMethod;
  /** Flask's `key_derivation`; default `"hmac"`. */
  keyDerivation?: KeyDerivation;
  /**
   * The serializer; default a {@link TaggedJSONSerializer} for `flaskVersion` (sorted keys,
   * ASCII, as in a Flask request). One you give keeps its own `flaskVersion`.
   */
  serializer?: TaggedJSONSerializer;
  /**
   * Bounds on reading a cookie. `maxTokenLength` defaults to {@link SESSION_MAX_TOKEN_LENGTH}
   * (4096 bytes, what a browser keeps of a cookie) rather than the serializers' 1 MiB.
   */
  limits?: Partial<Limits>;
  /** How the cookie's HMAC is computed (see {@link Mac}); default the library's own. */
  mac?: Mac;
  /** zlib for compressed cookies (see {@link Zlib}); default the library's ports (`PortedZlib`). */
  zlib?: Zlib;
  /** The clock in seconds since the epoch (default `Date.now() / 1000`): signing, age checks and `Expires`. */
  now?: () => number;
  /** Where Flask's and Werkzeug's warnings go (default `console.warn`): cookie size, `serverName`, 3.1.0's signing key. */
  warn?: (message: string) => void;
}

/**
 * The names of {@link FlaskSessionConfig} (the compiler checks the list against the interface).
 * @internal
 */
export const FLASK_CONFIG_NAMES = optionNames<FlaskSessionConfig>({
  secretKey: true,
  secretKeyFallbacks: true,
  sessionCookieName: true,
  sessionCookieDomain: true,
  serverName: true,
  sessionCookiePath: true,
  applicationRoot: true,
  sessionCookieHttponly: true,
  sessionCookieSecure: true,
  sessionCookieSamesite: true,
  sessionCookiePartitioned: true,
  sessionRefreshEachRequest: true,
  permanentSessionLifetime: true,
  maxCookieSize: true,
});

/**
 * The names of {@link SessionInterfaceOptions} (the compiler checks the list against the interface).
 * @internal
 */
export const SESSION_INTERFACE_OPTION_NAMES = optionNames<SessionInterfaceOptions>({
  flaskVersion: true,
  werkzeugVersion: true,
  salt: true,
  digestMethod: true,
  keyDerivation: true,
  serializer: true,
  limits: true,
  mac: true,
  zlib: true,
  now: true,
  warn: true,
});

/**
 * The longest cookie value the session interface reads by default: 4096 bytes. A browser keeps a
 * cookie's name and value up to 4096 bytes together (RFC 6265 §6.1 asks for at least that, and
 * Chrome, Firefox and Safari keep no more), and Werkzeug warns when a cookie passes 4093 bytes:
 * no browser sends a longer session cookie, and a longer one is refused before any HMAC. A
 * non-browser client that kept a longer cookie Flask wrote (with its warning) needs
 * `limits: { maxTokenLength }` raised.
 *
 * @example
 * ```ts
 * new SecureCookieSessionInterface({ limits: { maxTokenLength: 8192 } }); // raise it
 * ```
 */
export const SESSION_MAX_TOKEN_LENGTH = 4096;

/** What an app config passed to the session interface may hold without a question (all of a `FlaskSessions`' options). */
const APP_CONFIG_NAMES: readonly string[] = [...FLASK_CONFIG_NAMES, ...SESSION_INTERFACE_OPTION_NAMES];

const DEFAULT_LIFETIME = 31 * 24 * 3600;

/** Werkzeug encodes non-ASCII domain labels with IDNA (punycode). Shared with Flask-Session's interface. @internal */
export function cookieDomain(domain: string): string {
  if (/^[\x00-\x7f]*$/.test(domain)) return domain;
  return domain
    .split(".")
    .map((label) => (/^[\x00-\x7f]*$/.test(label) ? label : new URL(`http://${label}`).hostname))
    .join(".");
}

/** Werkzeug's `iri_to_uri` for a cookie path: UTF-8 percent-encoding of unsafe characters. @internal */
export function cookiePath(path: string): string {
  return path.replace(/[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/gu, (ch) =>
    Array.from(new TextEncoder().encode(ch), (b) => "%" + b.toString(16).toUpperCase().padStart(2, "0")).join(""),
  );
}

/**
 * Flask's default session interface (Python: `SecureCookieSessionInterface`): the session lives
 * in a cookie signed with `URLSafeTimedSerializer(keys, salt="cookie-session")`, HMAC-SHA1 with
 * `hmac` key derivation, tagged JSON.
 *
 * @example
 * ```ts
 * const app = { secretKey: process.env.SECRET_KEY };
 * const sessions = new SecureCookieSessionInterface();
 * const session = sessions.openSession(app, req.headers.cookie); // a Node request's Cookie header
 * session.set("visits", Number(session.get("visits") ?? 0) + 1);
 * const { setCookie, varyCookie } = sessions.saveSession(app, session);
 * ```
 */
export class SecureCookieSessionInterface {
  /** The salt applied to the secret key. */
  readonly salt: StrOrBytes;
  /** The digest. */
  readonly digestMethod: DigestName | DigestMethod;
  /** The key derivation. */
  readonly keyDerivation: KeyDerivation;
  /** The tagged JSON serializer. */
  readonly serializer: TaggedJSONSerializer;
  /** Read limits (`maxTokenLength` {@link SESSION_MAX_TOKEN_LENGTH} unless given). */
  readonly limits: Partial<Limits>;
  /** The HMAC, when given. */
  readonly mac: Mac | undefined;
  /** zlib, when given. */
  readonly zlib: Zlib | undefined;
  /** What the Flask of `flaskVersion` does where versions differ. */
  readonly behaviour: FlaskBehaviour;
  /** The Werkzeug whose cookie reader and writer (and session building) are followed. */
  readonly werkzeugVersion: WerkzeugVersion;
  /** What that Werkzeug does where releases differ, worked out once (every `openSession` uses it). */
  readonly #werkzeug: WerkzeugBehaviour;
  readonly #warned = new Set<string>();
  readonly #now: () => number;
  readonly #warn: (message: string) => void;
  readonly #signer: typeof TimestampSigner;
  readonly #serializers = new Map<string, URLSafeTimedSerializer>();
  #singleKey: string | null = null;
  #singleKeySerializer: URLSafeTimedSerializer | null = null;
  readonly #checkedConfigs = new WeakSet<object>();

  /**
   * @param options - Class attributes to override, limits and clock.
   * @throws TypeError for an option name it does not take (`Unknown option 'digestmethod' (did you mean 'digestMethod'?)`),
   *   including Flask's config (`secretKey`...), which goes in the `app` of each call.
   */
  constructor(options: SessionInterfaceOptions = {}) {
    const config = Object.keys(options ?? {}).find((name) => (FLASK_CONFIG_NAMES as readonly string[]).includes(name));
    if (config !== undefined) {
      throw new TypeError(
        `${config} is the app's configuration, not an option of SecureCookieSessionInterface: pass it in the app config given to openSession(app, ...) and saveSession(app, ...).`,
      );
    }
    checkOptionNames(options, SESSION_INTERFACE_OPTION_NAMES, "SecureCookieSessionInterface");
    this.salt = options.salt ?? "cookie-session";
    this.digestMethod = options.digestMethod ?? "sha1";
    this.keyDerivation = options.keyDerivation ?? "hmac";
    this.behaviour = flaskBehaviour(options.flaskVersion);
    this.werkzeugVersion = (options.werkzeugVersion ?? this.behaviour.werkzeug) as WerkzeugVersion;
    werkzeugCookieRules(this.werkzeugVersion); // refuses a version it does not know, now
    this.#werkzeug = werkzeugBehaviour(this.werkzeugVersion);
    this.serializer = options.serializer ?? new TaggedJSONSerializer({ flaskVersion: this.behaviour.flask });
    this.limits = { maxTokenLength: SESSION_MAX_TOKEN_LENGTH, ...options.limits };
    this.mac = options.mac;
    this.zlib = options.zlib;
    const now = options.now ?? (() => Date.now() / 1000);
    this.#now = now;
    this.#warn = options.warn ?? ((message) => console.warn(message));
    this.#signer = class SessionSigner extends TimestampSigner {
      override getTimestamp(): number {
        return Math.floor(now());
      }
    };
  }

  /** Gives Flask's (or Werkzeug's) warning once per interface. */
  #warnOnce(message: string): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    this.#warn(message);
  }

  /**
   * The serializer Flask signs sessions with: keys = fallbacks then the current key (which signs);
   * with `flaskVersion` 3.1.0, the current key then the fallbacks, so the last fallback signs, as
   * in Flask 3.1.0 (a warning says so).
   *
   * @throws TypeError when there is no secret key (Flask refuses to use sessions then).
   */
  getSigningSerializer(app: Pick<FlaskSessionConfig, "secretKey" | "secretKeyFallbacks">): URLSafeTimedSerializer {
    const secret = app.secretKey;
    if (secret == null || secret.length === 0) {
      throw new TypeError(
        "The session is unavailable because no secret key was set. Set secretKey (Flask's SECRET_KEY) to something unique and secret.",
      );
    }
    const fallbacks = app.secretKeyFallbacks;
    // The usual app, one string key: its serializer without building the cache key again.
    const single = typeof secret === "string" && (fallbacks === undefined || fallbacks.length === 0);
    if (single && secret === this.#singleKey) return this.#singleKeySerializer!;
    const lastFallbackSigns = this.behaviour.signingKey === "lastFallback" && fallbacks !== undefined && fallbacks.length > 0;
    if (lastFallbackSigns) {
      this.#warnOnce(
        `Flask ${this.behaviour.flask} signs sessions with the last of SECRET_KEY_FALLBACKS, not SECRET_KEY ` +
          "(GHSA-4grg-w6v8-c28g, fixed in Flask 3.1.1); this session interface does the same, so that both write the " +
          'same cookies. Upgrade Flask, then set flaskVersion: "3.1".',
      );
    }
    const keys = lastFallbackSigns ? [secret, ...fallbacks] : [...(fallbacks ?? []), secret];
    const cacheKey = keys.map((k) => (typeof k === "string" ? "s" + k : "b" + Array.from(k).join(","))).join("\u0000");
    let serializer = this.#serializers.get(cacheKey);
    if (!serializer) {
      serializer = new URLSafeTimedSerializer(keys, {
        salt: this.salt,
        serializer: this.serializer,
        signer: this.#signer,
        signerKwargs: { keyDerivation: this.keyDerivation, digestMethod: this.digestMethod },
        limits: this.limits,
        ...(this.mac && { mac: this.mac }),
        ...(this.zlib && { zlib: this.zlib }),
      });
      if (this.#serializers.size < 8) this.#serializers.set(cacheKey, serializer);
    }
    if (single) {
      this.#singleKey = secret;
      this.#singleKeySerializer = serializer;
    }
    return serializer;
  }

  /** `SESSION_COOKIE_NAME`. */
  getCookieName(app: FlaskSessionConfig): string {
    return app.sessionCookieName ?? "session";
  }

  /**
   * `SESSION_COOKIE_DOMAIN`: none when unset or `false`; `""` stays `""` from Flask 3.0.1 on
   * (written as `Domain=`). With Flask 2.2 and no `sessionCookieDomain`, the domain Flask 2.2
   * derives from `serverName` (`.example.com` for `example.com:5000`, with Flask's warnings).
   */
  getCookieDomain(app: FlaskSessionConfig): string | null {
    const domain = app.sessionCookieDomain;
    if (domain === "" && this.behaviour.emptyDomainWritten) return "";
    if (domain != null) return domain ? domain : null;
    if (!this.behaviour.domainFromServerName) return null;
    const derived = domainFromServerName(app.serverName, this.getCookiePath(app));
    if (derived.warning) this.#warnOnce(derived.warning);
    return derived.domain;
  }

  /** `SESSION_COOKIE_PATH`, else `APPLICATION_ROOT`, else `/`. */
  getCookiePath(app: FlaskSessionConfig): string {
    return app.sessionCookiePath || app.applicationRoot || "/";
  }

  /** `SESSION_COOKIE_HTTPONLY`. */
  getCookieHttponly(app: FlaskSessionConfig): boolean {
    return app.sessionCookieHttponly ?? true;
  }

  /** `SESSION_COOKIE_SECURE`. */
  getCookieSecure(app: FlaskSessionConfig): boolean {
    return app.sessionCookieSecure ?? false;
  }

  /** `SESSION_COOKIE_SAMESITE`. */
  getCookieSamesite(app: FlaskSessionConfig): string | null {
    return app.sessionCookieSamesite ?? null;
  }

  /**
   * `SESSION_COOKIE_PARTITIONED`.
   *
   * @throws TypeError when it is set with a `flaskVersion` before 3.1, which has no such setting.
   */
  getCookiePartitioned(app: FlaskSessionConfig): boolean {
    const partitioned = app.sessionCookiePartitioned ?? false;
    if (partitioned && !this.behaviour.partitioned) {
      throw new TypeError(
        `sessionCookiePartitioned is Flask 3.1's SESSION_COOKIE_PARTITIONED: Flask ${this.behaviour.flask} has no such setting ` +
          "and writes its cookie without Partitioned (which a browser keeps apart from a partitioned one). " +
          'Set flaskVersion: "3.1" if the Flask app runs 3.1, or leave sessionCookiePartitioned out.',
      );
    }
    return partitioned;
  }

  /**
   * `PERMANENT_SESSION_LIFETIME` in seconds.
   *
   * @throws TypeError when it is not a finite number (NaN or `"abc"` would turn expiry off;
   *   Flask cannot be configured so either).
   */
  getPermanentSessionLifetime(app: FlaskSessionConfig): number {
    const lifetime = app.permanentSessionLifetime;
    if (lifetime === undefined) return DEFAULT_LIFETIME;
    return checkSeconds(lifetime, "permanentSessionLifetime", "SecureCookieSessionInterface as the app config", false)!;
  }

  /** When a permanent session's cookie expires (now + lifetime), or `null` for a browser-session cookie. */
  getExpirationTime(app: FlaskSessionConfig, session: FlaskSession<SessionData>): Date | null {
    if (!session.permanent) return null;
    return new Date(Math.floor(this.#now() + this.getPermanentSessionLifetime(app)) * 1000);
  }

  /** Whether to send the cookie: modified, or permanent with refresh-each-request. */
  shouldSetCookie(app: FlaskSessionConfig, session: FlaskSession<SessionData>): boolean {
    return session.modified || (session.permanent && (app.sessionRefreshEachRequest ?? true));
  }

  /**
   * The session for a request, from its `Cookie` header (or the bare cookie value with
   * `{ cookieValue }`). A missing, malformed, tampered or expired cookie gives an empty session,
   * never an exception; `session.loadError` tells why. The cookie's age is checked against
   * `permanentSessionLifetime` whether the session is permanent or not, as in Flask.
   *
   * @throws TypeError only when `secretKey` is missing, or `app` holds a misspelled config name
   *   (see {@link SecureCookieSessionInterface.saveSession}).
   */
  openSession<T extends SessionData = FlaskSessionData>(
    app: FlaskSessionConfig,
    cookieHeader: string | null | undefined | { cookieValue: string | null | undefined },
  ): FlaskSession<T> {
    this.#checkConfig(app);
    const serializer = this.getSigningSerializer(app);
    const value =
      typeof cookieHeader === "object" && cookieHeader !== null
        ? cookieHeader.cookieValue
        : findCookie(cookieHeader, this.getCookieName(app), { werkzeugVersion: this.werkzeugVersion });
    const flaskVersion = this.behaviour.flask;
    if (!value) return new FlaskSession<T>(null, { new: true, flaskVersion });
    try {
      const data = sessionDict(serializer.loads(value, { maxAge: this.getPermanentSessionLifetime(app) }), this.#werkzeug);
      return new FlaskSession<T>(data as Partial<T>, { new: false, flaskVersion });
    } catch (error) {
      if (!(error instanceof BadData)) throw error;
      return new FlaskSession<T>(null, { new: true, loadError: error, flaskVersion });
    }
  }

  /**
   * What the response needs for `session`, as Flask's `save_session` decides: a deletion cookie
   * when a modified session became empty, nothing when unmodified (unless permanent with
   * refresh-each-request), otherwise the signed cookie with `Expires` for permanent sessions;
   * `Vary: Cookie` whenever the session was accessed and with every cookie sent (before Flask
   * 2.2.5 and 2.3.2: only when a non-empty session was accessed).
   *
   * `app` may hold settings of its own besides Flask's (an app's whole configuration), but a
   * misspelling of one of Flask's is refused the first time an `app` object is seen, rather than
   * left to its default: `sessionCookieSamsite`, `secretkey` or Flask's `SESSION_COOKIE_NAME`.
   *
   * @throws TypeError when `secretKey` is missing, or `app` holds a misspelled config name.
   */
  saveSession(app: FlaskSessionConfig, session: FlaskSession<SessionData>): SaveSessionResult {
    this.#checkConfig(app);
    // Flask adds "Vary: Cookie" first, from whether the request touched the session.
    const accessed = session.accessed;
    const empty = session.size === 0;
    const varyWhenAccessed = this.behaviour.varyWhenAccessed;
    // Most requests end here: nothing to send, so no cookie attributes to work out.
    if (empty ? !session.modified : !this.shouldSetCookie(app, session)) {
      return { setCookie: null, varyCookie: accessed && (varyWhenAccessed || !empty), warning: null };
    }
    const name = this.getCookieName(app);
    const domainSetting = this.getCookieDomain(app);
    // The domain and path as Flask hands them to Werkzeug, whose dump_cookie (of werkzeugVersion)
    // encodes them: IDNA, the port and (2.3+) a leading dot dropped, the path quoted.
    const options = {
      domain: domainSetting,
      path: this.getCookiePath(app),
      secure: this.getCookieSecure(app),
      samesite: this.getCookieSamesite(app),
      httponly: this.getCookieHttponly(app),
      partitioned: this.getCookiePartitioned(app),
      maxSize: app.maxCookieSize ?? 4093,
      werkzeugVersion: this.werkzeugVersion,
    };
    if (empty) {
      const deleted = dumpCookie(name, "", { ...options, expires: 0, maxAge: 0 }, httpDate);
      return { setCookie: deleted.header, varyCookie: varyWhenAccessed, warning: deleted.warning };
    }
    const expires = this.getExpirationTime(app, session);
    const value = this.getSigningSerializer(app).dumps(session.toDict());
    const cookie = dumpCookie(name, value, { ...options, expires }, httpDate);
    if (cookie.warning) this.#warn(cookie.warning);
    return { setCookie: cookie.header, varyCookie: varyWhenAccessed || accessed, warning: cookie.warning };
  }

  /** Refuses misspelled Flask config names in `app`, once per object (requests reuse one). */
  #checkConfig(app: FlaskSessionConfig): void {
    if (typeof app === "object" && app !== null && this.#checkedConfigs.has(app)) return;
    checkOptionNames(app, APP_CONFIG_NAMES, "SecureCookieSessionInterface as the app config", { strict: false });
    this.#checkedConfigs.add(app);
  }

  /**
   * A summary for logs and `JSON.stringify`. The interface holds no secret itself (the app config
   * does); the serializers it caches per key set stay private.
   *
   * @example
   * ```ts
   * JSON.stringify(new SecureCookieSessionInterface()); // '{"salt":"cookie-session","digestMethod":"sha1",...}'
   * ```
   */
  toJSON(): Record<string, unknown> {
    return {
      flaskVersion: this.behaviour.flask,
      werkzeugVersion: this.werkzeugVersion,
      salt: typeof this.salt === "string" ? this.salt : displayBytes(this.salt),
      digestMethod: digestName(this.digestMethod),
      keyDerivation: this.keyDerivation,
      serializer: { sortKeys: this.serializer.sortKeys, ensureAscii: this.serializer.ensureAscii },
      limits: this.limits,
    };
  }

  /** Node's `util.inspect` shows {@link SecureCookieSessionInterface.toJSON}. */
  [INSPECT](depth: number, options: unknown, inspect?: InspectFunction): string {
    return inspectAs(this.constructor.name, this.toJSON(), options, inspect, depth);
  }
}

/**
 * The session dict Flask builds from the loaded data: Werkzeug's `CallbackDict(data)`, which is
 * `dict(data or ())` up to Werkzeug 3.0 (a falsy value gives an empty session) and `dict(data)`
 * unless `data` is `None` from 3.1 (`0` or `false` fail); a list of key-value pairs becomes a dict,
 * as Python's `dict()` makes it. Exported for the command-line tool, whose verdicts must be
 * Flask's. @internal
 */
export function sessionDict(
  data: unknown,
  werkzeug: WerkzeugBehaviour = werkzeugBehaviour("3.1"),
): Map<string, unknown> | SessionData {
  if (isPlainObject(data)) return data;
  // Python's rules: falsy is `None`, `0`, `""`, `b""`, an empty list...; a pair may be any
  // two-item iterable (a list, a tuple, a two-character string, a two-key dict). Anything else
  // fails in Flask (HTTP 500); here it is a `BadPayload`. So are keys that are not strings
  // (`[[1, 2]]` gives Python the dict `{1: 2}`): a session's keys are strings here.
  if (data == null || (pyFalsy(data) && !werkzeug.emptySessionOnlyFromNone)) return {};
  const items = pyIterate(data);
  if (items === null) throw new BadPayload("The session data is not a dict", new TypeError(`got ${typeof data}`));
  const out = new Map<string, unknown>();
  for (const item of items) {
    const pair = pyIterate(item);
    if (pair === null || pair.length !== 2) {
      throw new BadPayload("The session data is not a dict", new TypeError("a list item is not a key-value pair"));
    }
    const [key, value] = pair;
    if (typeof key !== "string" && !(key instanceof Markup)) {
      throw new BadPayload("The session data is not a dict", new TypeError("a session key is not a string"));
    }
    out.set(String(key), value);
  }
  return out;
}
