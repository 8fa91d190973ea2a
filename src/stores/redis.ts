/**
 * Flask-Session's Redis backend (`SESSION_TYPE = "redis"`): the record is the value of the key
 * `sessionKeyPrefix + sid`, written with `SET key value EX ttl`, read with `GET`, removed with
 * `DEL`. Works with an `ioredis` client (`Redis` or `Cluster`) and a `redis` (node-redis 5+)
 * client or cluster, which you create, connect and close yourself.
 * @module
 */
import type { SessionStore } from "../flask-session/store.js";
import { asBuffer } from "./buffer.js";

/** The part of an `ioredis` client (or `Cluster`) the store uses. */
export interface IORedisLike {
  /** `GET key`, the reply as bytes (`null` when the key is missing). */
  getBuffer(key: string): Promise<Buffer | null>;
  /** `SET key value EX seconds`. */
  set(key: string, value: Buffer, secondsToken: "EX", seconds: number): Promise<unknown>;
  /** `DEL key`. */
  del(key: string): Promise<unknown>;
}

/** The part of a `redis` (node-redis 5+) client or cluster the store uses. */
export interface NodeRedisLike {
  /** The same client with replies of some RESP types mapped (the store asks for blob strings as `Buffer`s). */
  withTypeMapping(mapping: { [type: number]: unknown }): {
    /** `GET key`, its reply mapped. */
    get(key: string): Promise<unknown>;
  };
  /** `SET key value EX seconds`. */
  set(key: string, value: Buffer, options: { EX: number }): Promise<unknown>;
  /** `DEL key`. */
  del(key: string): Promise<unknown>;
}

/** A client {@link RedisStore} accepts. */
export type RedisClientLike = IORedisLike | NodeRedisLike;

/** RESP's blob string type (node-redis' `RESP_TYPES.BLOB_STRING`). */
const BLOB_STRING = 36;

function isIORedis(client: unknown): client is IORedisLike {
  return typeof (client as IORedisLike | null)?.getBuffer === "function";
}

function isNodeRedis(client: unknown): client is NodeRedisLike {
  return typeof (client as NodeRedisLike | null)?.withTypeMapping === "function";
}

/**
 * Sessions in Redis, as Flask-Session's `RedisSessionInterface` keeps them (the same keys, values
 * and time to live), through your `ioredis` or `redis` client.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { Redis } from "ioredis";                 // or: import { createClient } from "redis"
 * import { flaskSession } from "flask-session-cookie/express";
 * import { RedisStore } from "flask-session-cookie/stores";
 *
 * const redisUrl = process.env.REDIS_URL ?? "redis://localhost:6379"; // the Flask app's SESSION_REDIS
 * const store = new RedisStore(new Redis(redisUrl));
 * // const store = new RedisStore(await createClient({ url: redisUrl }).connect());
 * const app = express();
 * app.use(flaskSession({ store }));
 * ```
 */
export class RedisStore implements SessionStore {
  readonly #get: (key: string) => Promise<unknown>;
  readonly #set: (key: string, value: Uint8Array, ttl: number) => Promise<unknown>;
  readonly #del: (key: string) => Promise<unknown>;

  /**
   * @param client - An `ioredis` `Redis` or `Cluster`, or a connected `redis` client or cluster.
   * @throws TypeError for anything else (node-redis 4 has no `withTypeMapping`: upgrade to 5+).
   */
  constructor(client: RedisClientLike) {
    if (isIORedis(client)) {
      this.#get = (key) => client.getBuffer(key);
      this.#set = (key, value, ttl) => client.set(key, asBuffer(value), "EX", ttl);
      this.#del = (key) => client.del(key);
    } else if (isNodeRedis(client)) {
      // Replies as Buffers: a record is bytes (MessagePack), which a string reply would mangle.
      const binary = client.withTypeMapping({ [BLOB_STRING]: Buffer });
      this.#get = (key) => binary.get(key);
      this.#set = (key, value, ttl) => client.set(key, asBuffer(value), { EX: ttl });
      this.#del = (key) => client.del(key);
    } else {
      throw new TypeError("RedisStore needs an ioredis client (Redis or Cluster) or a redis (node-redis 5+) client or cluster.");
    }
  }

  /** `GET key`, as bytes. */
  async get(key: string): Promise<Uint8Array | null> {
    const value = await this.#get(key);
    if (value == null) return null;
    if (value instanceof Uint8Array) return value;
    throw new TypeError("The Redis client returned a value that is not bytes");
  }

  /** `SET key value EX ttl` (Flask-Session's `set(name=, value=, ex=)`). */
  async set(key: string, value: Uint8Array, ttlSeconds: number): Promise<void> {
    await this.#set(key, value, ttlSeconds);
  }

  /** `DEL key`. */
  async delete(key: string): Promise<void> {
    await this.#del(key);
  }
}
