/**
 * Stores for Flask-Session's server-side sessions (`flask-session-cookie/stores`): each keeps
 * records exactly where and as Flask-Session keeps them, through a client you create, so a Flask
 * app and a Node app share sessions. Node-only (they use Node's `Buffer`; the cachelib file store
 * uses `node:fs`).
 *
 * | Flask-Session `SESSION_TYPE` | store | client |
 * |---|---|---|
 * | `redis` | {@link RedisStore} | `ioredis` (`Redis`, `Cluster`), `redis` 5+ (client, cluster) |
 * | `memcached` | {@link MemcachedStore} | `memjs` |
 * | `sqlalchemy` | {@link SqlAlchemyStore} | `pg`, `better-sqlite3`, or a `{ dialect, run }` runner |
 * | `cachelib`, `filesystem` | {@link CacheLibFileSystemStore}, {@link CacheLibRedisStore} | read-only |
 * @module
 */
export { RedisStore, type RedisClientLike, type IORedisLike, type NodeRedisLike } from "./redis.js";
export { MemcachedStore, type MemjsLike } from "./memcached.js";
export {
  SqlAlchemyStore,
  sqlRunner,
  sqlTimestamp,
  type SqlAlchemyStoreOptions,
  type SqlRunner,
  type SqlDialect,
  type PgLike,
  type BetterSqlite3Like,
} from "./sqlalchemy.js";
export { CacheLibFileSystemStore, CacheLibRedisStore, type CacheLibFileSystemStoreOptions, type BytesStore } from "./cachelib.js";
export { MemoryStore, type SessionStore, type MaybePromise } from "../flask-session/store.js";
