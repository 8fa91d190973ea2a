/**
 * Flask-Session's cachelib backends (`SESSION_TYPE = "cachelib"`, and the deprecated
 * `"filesystem"`), read-only: cachelib always pickles, and this library reads pickles (through its
 * restricted reader) but does not write them. Use these stores with `sessions.read()`, to share
 * the sessions of a Flask app that keeps them in cachelib; saving a session through them throws.
 *
 * - `FileSystemCache`: one file per key, named by the hex digest of the key (SHA-256 in cachelib
 *   0.10+, MD5 before), holding a 4-byte expiry (a Unix time, 0 for none, native byte order)
 *   followed by the pickle.
 * - `RedisCache`: the key `cachelibKeyPrefix + key`, the value `"!"` followed by the pickle.
 * @module
 */
import { createHash } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { SessionStore } from "../flask-session/store.js";

function readOnly(): never {
  throw new TypeError(
    "cachelib stores sessions as pickles, which this library reads but does not write: read these sessions with sessions.read(), " +
      "or move the Flask app to a store both sides write (Redis, Memcached, SQLAlchemy).",
  );
}

/** Options of {@link CacheLibFileSystemStore}. */
export interface CacheLibFileSystemStoreOptions {
  /** The cache directory (Flask-Session's `SESSION_FILE_DIR`, or the `FileSystemCache` directory). */
  directory: string;
  /** The digest that names the files: `"sha256"` (cachelib 0.10+, the default) or `"md5"` (older). */
  hashMethod?: "sha256" | "md5";
  /** The clock in seconds since the epoch (default `Date.now() / 1000`). */
  now?: () => number;
}

/**
 * Reads the sessions of a cachelib `FileSystemCache` (Flask-Session's `"cachelib"` and
 * `"filesystem"` types): the pickle of a file that has not expired.
 *
 * @example
 * ```ts
 * import { ServerSideSessions } from "flask-session-cookie/web";
 * import { CacheLibFileSystemStore } from "flask-session-cookie/stores";
 *
 * const store = new CacheLibFileSystemStore({ directory: "/srv/app/flask_session" });
 * const sessions = new ServerSideSessions({ store });
 * const data = await sessions.read(request); // the session, or null
 * ```
 */
export class CacheLibFileSystemStore implements SessionStore {
  readonly #options: Required<CacheLibFileSystemStoreOptions>;

  /** @param options - The directory and how its files are named. */
  constructor(options: CacheLibFileSystemStoreOptions) {
    if (typeof options?.directory !== "string") throw new TypeError("CacheLibFileSystemStore needs a directory");
    this.#options = { hashMethod: "sha256", now: () => Date.now() / 1000, ...options };
  }

  /** The file that holds `key`: cachelib's `_get_filename`. */
  fileFor(key: string): string {
    return join(this.#options.directory, createHash(this.#options.hashMethod).update(key, "utf8").digest("hex"));
  }

  /** The pickle in the file for `key`, unless it is missing or expired. */
  async get(key: string): Promise<Uint8Array | null> {
    let contents: Buffer;
    try {
      contents = await readFile(this.fileFor(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    if (contents.length < 4) return null;
    const expires = contents.readUInt32LE(0);
    if (expires !== 0 && expires < this.#options.now()) return null;
    return contents.subarray(4);
  }

  /** Not supported: cachelib's files are pickles. @throws TypeError */
  set(): never {
    return readOnly();
  }

  /** Deletes the file (a logout seen by the Flask app too). */
  async delete(key: string): Promise<void> {
    await rm(this.fileFor(key), { force: true });
  }
}

/** The part of a Redis store (or client wrapper) {@link CacheLibRedisStore} reads through. */
export interface BytesStore {
  /** The bytes stored under `key`, or `null` when there are none. */
  get(key: string): Promise<Uint8Array | null>;
  /** Removes what is stored under `key`. */
  delete(key: string): Promise<void>;
}

/**
 * Reads the sessions of a cachelib `RedisCache`: the key has the cache's own prefix, the value is
 * `"!"` and a pickle (an int is stored as its digits: not a session).
 *
 * @example
 * ```ts
 * import { CacheLibRedisStore, RedisStore } from "flask-session-cookie/stores";
 *
 * const store = new CacheLibRedisStore(new RedisStore(redis), { keyPrefix: "myapp:" });
 * ```
 */
export class CacheLibRedisStore implements SessionStore {
  readonly #store: BytesStore;
  readonly #prefix: string;

  /**
   * @param store - A {@link RedisStore} on the cache's Redis.
   * @param options - `keyPrefix`: the `RedisCache`'s `key_prefix` (default none).
   */
  constructor(store: BytesStore, options: { keyPrefix?: string } = {}) {
    this.#store = store;
    this.#prefix = options.keyPrefix ?? "";
  }

  /** The pickle after the `"!"`, or `null`. */
  async get(key: string): Promise<Uint8Array | null> {
    const value = await this.#store.get(this.#prefix + key);
    if (value == null || value.length === 0 || value[0] !== 0x21) return null;
    return value.subarray(1);
  }

  /** Not supported: cachelib's values are pickles. @throws TypeError */
  set(): never {
    return readOnly();
  }

  /** Deletes the key. */
  async delete(key: string): Promise<void> {
    await this.#store.delete(this.#prefix + key);
  }
}
