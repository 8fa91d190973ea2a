/**
 * Flask-Session's Memcached backend (`SESSION_TYPE = "memcached"`): the record is the item
 * `sessionKeyPrefix + sid` (flags 0, as pymemcache and pylibmc store bytes), with the lifetime
 * as its expiry; over 30 days Memcached reads an expiry as a Unix time, so it is sent as one, as
 * Flask-Session does. Works with a `memjs` client, which you create and close yourself.
 * @module
 */
import type { SessionStore } from "../flask-session/store.js";
import { asBuffer } from "./buffer.js";

/** The part of a `memjs` client the store uses. */
export interface MemjsLike {
  /** Memcached's `get`: the item's bytes (`null` when missing) and its flags. */
  get(key: string): Promise<{
    /** The item's bytes, `null` when there is none. */
    value: Buffer | null;
    /** The item's flags (the client that wrote it says what its bytes are). */
    flags?: unknown;
  }>;
  /** Memcached's `set`, with `expires` in seconds (a Unix time beyond 30 days, as Memcached reads it). */
  set(key: string, value: Buffer, options: { expires?: number }): Promise<unknown>;
  /** Memcached's `delete`. */
  delete(key: string): Promise<unknown>;
}

const THIRTY_DAYS = 30 * 24 * 3600;
const encoder = new TextEncoder();

/**
 * Whether Memcached takes `key`: at most 250 bytes, no whitespace or control characters (the
 * text protocol's rule, which Python's clients enforce). An unsigned session id comes from the
 * cookie, so any text may arrive.
 */
function validKey(key: string): boolean {
  return !/[\x00-\x20\x7f]/.test(key) && encoder.encode(key).length <= 250;
}

/**
 * Sessions in Memcached, as Flask-Session's `MemcachedSessionInterface` keeps them, through your
 * `memjs` client (a binary-protocol client; items are shared with Python's text-protocol clients).
 *
 * @example
 * ```ts
 * import memjs from "memjs";
 * import { MemcachedStore } from "flask-session-cookie/stores";
 *
 * const store = new MemcachedStore(memjs.Client.create("127.0.0.1:11211"));
 * ```
 */
export class MemcachedStore implements SessionStore {
  readonly #client: MemjsLike;
  readonly #now: () => number;

  /**
   * @param client - A `memjs` client.
   * @param options - `now`: the clock in seconds (for expiries over 30 days, sent as a Unix time).
   */
  constructor(client: MemjsLike, options: { now?: () => number } = {}) {
    if (typeof client?.get !== "function" || typeof client.set !== "function" || typeof client.delete !== "function") {
      throw new TypeError("MemcachedStore needs a memjs client (get, set and delete).");
    }
    this.#client = client;
    this.#now = options.now ?? (() => Date.now() / 1000);
  }

  /** Flask-Session's `_get_memcache_timeout`: over 30 days, an absolute Unix time. */
  expiresFor(ttlSeconds: number): number {
    return ttlSeconds > THIRTY_DAYS ? ttlSeconds + Math.trunc(this.#now()) : ttlSeconds;
  }

  /** The item, or `null` (also for a key Memcached cannot hold, which no record has). */
  async get(key: string): Promise<Uint8Array | null> {
    if (!validKey(key)) return null;
    const { value } = await this.#client.get(key);
    return value ?? null;
  }

  /** Stores the item with the lifetime as its expiry. @throws TypeError for a key Memcached cannot hold. */
  async set(key: string, value: Uint8Array, ttlSeconds: number): Promise<void> {
    if (!validKey(key)) throw new TypeError("A Memcached key must be at most 250 bytes, without spaces or control characters");
    await this.#client.set(key, asBuffer(value), { expires: this.expiresFor(ttlSeconds) });
  }

  /** Deletes the item. */
  async delete(key: string): Promise<void> {
    if (validKey(key)) await this.#client.delete(key);
  }
}
