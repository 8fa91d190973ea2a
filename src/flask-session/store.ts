/**
 * The store a server-side session lives in: three operations on bytes, so that any database
 * with a key and a time to live fits (Redis, Memcached, a SQL table, MongoDB, DynamoDB, files).
 * @module
 */

/** A value or a promise of it: a store may answer at once (in memory) or asynchronously. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Where Flask-Session keeps session records: `get`, `set` with a time to live, `delete`, by key
 * (the key is `sessionKeyPrefix + sid`, `"session:<sid>"` by default; the value is the record's
 * bytes, exactly as Flask-Session stores them).
 *
 * The stores in `flask-session-cookie/stores` implement it for Redis, Memcached and Flask-Session's
 * SQLAlchemy table; writing one for another database takes a few lines.
 *
 * @example
 * ```ts nocheck: the mongodb driver is not a dependency of this package, so `mongo` has no type here
 * // MongoDB, with Flask-Session's layout: { id, val, expiration } in "flask_session.sessions",
 * // whose TTL index on "expiration" removes expired sessions (Flask-Session relies on it too).
 * const collection = mongo.db("flask_session").collection("sessions");
 * const store: SessionStore = {
 *   async get(key) {
 *     const doc = await collection.findOne({ id: key });
 *     return doc ? doc.val.buffer : null;                       // a BSON Binary's bytes
 *   },
 *   async set(key, value, ttl) {
 *     const expiration = new Date(Date.now() + ttl * 1000);
 *     await collection.updateOne({ id: key }, { $set: { id: key, val: value, expiration } }, { upsert: true });
 *   },
 *   async delete(key) {
 *     await collection.deleteOne({ id: key });
 *   },
 * };
 * ```
 */
export interface SessionStore {
  /** The record stored under `key`, or `null` when there is none (or it expired). */
  get(key: string): MaybePromise<Uint8Array | null>;
  /**
   * Stores `value` under `key` for `ttlSeconds` (Flask-Session's `PERMANENT_SESSION_LIFETIME` in
   * whole seconds), replacing any record there.
   */
  set(key: string, value: Uint8Array, ttlSeconds: number): MaybePromise<void>;
  /** Removes the record under `key`, if any. */
  delete(key: string): MaybePromise<void>;
}

/**
 * A {@link SessionStore} in this process's memory, with expiry: for tests, examples and a
 * single-process app (records are lost on restart and not shared between processes).
 *
 * @example
 * ```ts
 * import { MemoryStore } from "flask-session-cookie";
 * import { ServerSideSessions } from "flask-session-cookie/web";
 *
 * const store = new MemoryStore();
 * const sessions = new ServerSideSessions({ store });
 * ```
 */
export class MemoryStore implements SessionStore {
  readonly #records = new Map<string, { value: Uint8Array; expires: number }>();
  readonly #now: () => number;

  /** @param options - `now`: the clock in seconds since the epoch (default `Date.now() / 1000`). */
  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? (() => Date.now() / 1000);
  }

  /** The record under `key`, unless it expired. */
  get(key: string): Uint8Array | null {
    const record = this.#records.get(key);
    if (!record) return null;
    if (record.expires <= this.#now()) {
      this.#records.delete(key);
      return null;
    }
    return record.value.slice();
  }

  /** Stores a copy of `value` for `ttlSeconds`. */
  set(key: string, value: Uint8Array, ttlSeconds: number): void {
    this.#records.set(key, { value: value.slice(), expires: this.#now() + ttlSeconds });
  }

  /** Removes the record. */
  delete(key: string): void {
    this.#records.delete(key);
  }

  /** How many records it holds (expired ones included until read). */
  get size(): number {
    return this.#records.size;
  }
}
