/**
 * Flask-Session's SQLAlchemy backend (`SESSION_TYPE = "sqlalchemy"`), on the same table: by
 * default `sessions` (`SESSION_SQLALCHEMY_TABLE`) with the columns `id` (integer primary key),
 * `session_id` (`VARCHAR(255)`, unique: the prefixed key), `data` (the record: `BYTEA` on
 * PostgreSQL, `BLOB` on SQLite) and `expiry` (a naive UTC timestamp). SQL has no time to live:
 * a record past its expiry is deleted when it is read, as Flask-Session does, and
 * {@link SqlAlchemyStore.deleteExpired} is `flask session_cleanup`.
 *
 * Works with a `pg` `Pool` or `Client` and a `better-sqlite3` `Database`, which you create and
 * close yourself, or any driver through a {@link SqlRunner}.
 * @module
 */
import type { SessionStore } from "../flask-session/store.js";
import { asBuffer } from "./buffer.js";

/** The SQL dialects the store writes. */
export type SqlDialect = "postgresql" | "sqlite";

/** Runs one statement with positional parameters (`$1`... on PostgreSQL, `?` on SQLite, in order) and gives its rows. */
export interface SqlRunner {
  /** Which SQL to write. */
  readonly dialect: SqlDialect;
  /** Runs `sql` with `params`; resolves to the rows (objects by column name), `[]` for statements without rows. */
  run(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
}

/** The part of a `pg` `Pool` or `Client` the store uses. */
export interface PgLike {
  /** A parameterized query (`$1`, `$2`...), resolving to its rows. */
  query(
    text: string,
    values: unknown[],
  ): Promise<{
    /** The rows, one object per row keyed by column name. */
    rows: Record<string, unknown>[];
  }>;
}

/** The part of a `better-sqlite3` `Database` the store uses. */
export interface BetterSqlite3Like {
  /** A prepared statement for `sql` (`?` parameters). */
  prepare(sql: string): {
    /** Whether the statement returns rows (a `SELECT`, or `RETURNING`). */
    reader: boolean;
    /** Runs a statement that returns rows: every row, one object per row. */
    all(...params: unknown[]): unknown[];
    /** Runs a statement that returns no rows. */
    run(...params: unknown[]): unknown;
  };
  /** Runs a `PRAGMA` (the store only checks it is there: it tells a `better-sqlite3` `Database` from other clients). */
  pragma(source: string): unknown;
}

/** Options of {@link SqlAlchemyStore}: Flask-Session's `SESSION_SQLALCHEMY_*` settings. */
export interface SqlAlchemyStoreOptions {
  /** `SESSION_SQLALCHEMY_TABLE`; default `"sessions"`. */
  table?: string;
  /** `SESSION_SQLALCHEMY_SCHEMA` (PostgreSQL); default none. */
  schema?: string | null;
  /** `SESSION_SQLALCHEMY_SEQUENCE`: the sequence the `id` column takes its values from (PostgreSQL); default none (`SERIAL`). */
  sequence?: string | null;
  /** The clock in seconds since the epoch (default `Date.now() / 1000`): expiries are compared with it. */
  now?: () => number;
}

function isPg(client: unknown): client is PgLike {
  return (
    typeof (client as PgLike | null)?.query === "function" && typeof (client as { prepare?: unknown }).prepare !== "function"
  );
}

function isBetterSqlite3(client: unknown): client is BetterSqlite3Like {
  const c = client as BetterSqlite3Like | null;
  return typeof c?.prepare === "function" && typeof c.pragma === "function";
}

function isRunner(client: unknown): client is SqlRunner {
  const c = client as SqlRunner | null;
  return typeof c?.run === "function" && (c.dialect === "postgresql" || c.dialect === "sqlite");
}

/** A {@link SqlRunner} over a `pg` Pool/Client, a `better-sqlite3` Database, or a runner as it is. */
export function sqlRunner(client: PgLike | BetterSqlite3Like | SqlRunner): SqlRunner {
  if (isRunner(client)) return client;
  if (isBetterSqlite3(client)) {
    return {
      dialect: "sqlite",
      async run(sql, params) {
        const statement = client.prepare(sql);
        if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
        statement.run(...params);
        return [];
      },
    };
  }
  if (isPg(client)) {
    return { dialect: "postgresql", run: async (sql, params) => (await client.query(sql, [...params])).rows };
  }
  throw new TypeError("SqlAlchemyStore needs a pg Pool or Client, a better-sqlite3 Database, or a { dialect, run } runner.");
}

/** A double-quoted SQL identifier (both dialects). */
function quoteIdentifier(name: string): string {
  if (typeof name !== "string" || name === "" || name.includes("\u0000"))
    throw new TypeError(`Invalid SQL identifier: ${String(name)}`);
  return `"${name.replaceAll('"', '""')}"`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** A time as SQLAlchemy writes a naive UTC `DateTime`: `YYYY-MM-DD HH:MM:SS.ffffff`. */
export function sqlTimestamp(seconds: number): string {
  const date = new Date(Math.floor(seconds * 1000));
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds() * 1000, 6)}`
  );
}

const TIMESTAMP = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?$/;

/** Seconds since the epoch of a naive UTC timestamp's text, or `null` when it is not one. */
function parseTimestamp(text: unknown): number | null {
  const m = typeof text === "string" ? TIMESTAMP.exec(text.trim()) : null;
  if (!m) return null;
  const [, y, mo, d, h, mi, s, fraction = "0"] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const date = new Date(ms);
  date.setUTCFullYear(Number(y)); // years 0-99 are not 1900-1999
  return date.getTime() / 1000 + Number(fraction.padEnd(6, "0")) / 1e6;
}

/**
 * Sessions in Flask-Session's SQLAlchemy table, on PostgreSQL (`pg`) or SQLite
 * (`better-sqlite3`): the same rows Flask-Session reads and writes.
 *
 * @example
 * ```ts
 * import pg from "pg";
 * import { SqlAlchemyStore } from "flask-session-cookie/stores";
 *
 * const store = new SqlAlchemyStore(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
 * await store.createTable(); // what Flask-Session does at start-up, if the table is missing
 * ```
 */
export class SqlAlchemyStore implements SessionStore {
  /** How statements are run, and in which dialect. */
  readonly runner: SqlRunner;
  readonly #table: string;
  readonly #sequence: string | null;
  readonly #now: () => number;

  /**
   * @param client - A `pg` Pool or Client, a `better-sqlite3` Database, or a {@link SqlRunner}.
   * @param options - The table, schema and sequence, as configured for Flask-Session.
   */
  constructor(client: PgLike | BetterSqlite3Like | SqlRunner, options: SqlAlchemyStoreOptions = {}) {
    this.runner = sqlRunner(client);
    const table = quoteIdentifier(options.table ?? "sessions");
    this.#table = options.schema ? `${quoteIdentifier(options.schema)}.${table}` : table;
    if (options.sequence && this.runner.dialect !== "postgresql") throw new TypeError("A sequence is only used on PostgreSQL");
    this.#sequence = options.sequence ? quoteIdentifier(options.sequence) : null;
    this.#now = options.now ?? (() => Date.now() / 1000);
  }

  #p(n: number): string {
    return this.runner.dialect === "postgresql" ? `$${n}` : "?"; // SQLite: in order of appearance
  }

  #expiryText(): string {
    return this.runner.dialect === "postgresql" ? `to_char(expiry, 'YYYY-MM-DD HH24:MI:SS.US')` : "expiry";
  }

  /**
   * Creates the table (and the sequence) unless it exists, with the column types SQLAlchemy
   * gives Flask-Session's model: what Flask-Session does when it starts.
   */
  async createTable(): Promise<void> {
    const pgsql = this.runner.dialect === "postgresql";
    if (this.#sequence) await this.runner.run(`CREATE SEQUENCE IF NOT EXISTS ${this.#sequence}`, []);
    const id = pgsql ? (this.#sequence ? "INTEGER NOT NULL" : "SERIAL NOT NULL") : "INTEGER NOT NULL";
    await this.runner.run(
      `CREATE TABLE IF NOT EXISTS ${this.#table} (id ${id}, session_id VARCHAR(255), data ${pgsql ? "BYTEA" : "BLOB"}, ` +
        `expiry ${pgsql ? "TIMESTAMP WITHOUT TIME ZONE" : "DATETIME"}, PRIMARY KEY (id), UNIQUE (session_id))`,
      [],
    );
  }

  /** The record, or `null`; a record past its expiry (or without one) is deleted, as Flask-Session does. */
  async get(key: string): Promise<Uint8Array | null> {
    const rows = await this.runner.run(
      `SELECT data, ${this.#expiryText()} AS expiry FROM ${this.#table} WHERE session_id = ${this.#p(1)} LIMIT 1`,
      [key],
    );
    const row = rows[0];
    if (!row) return null;
    const expiry = parseTimestamp(row.expiry);
    if (expiry === null || expiry <= this.#now()) {
      await this.delete(key);
      return null;
    }
    const data = row.data;
    if (data == null) return null;
    if (data instanceof Uint8Array) return data;
    if (typeof data === "string") return new TextEncoder().encode(data); // a TEXT column: want_bytes()
    throw new TypeError("The sessions table's data column does not hold bytes");
  }

  /** Inserts or updates the row, with `expiry` = now + the lifetime (naive UTC). */
  async set(key: string, value: Uint8Array, ttlSeconds: number): Promise<void> {
    const expiry = sqlTimestamp(this.#now() + ttlSeconds);
    const cast = this.runner.dialect === "postgresql" ? "::timestamp" : "";
    const [columns, id] = this.#sequence ? ["id, ", `nextval('${this.#sequence.replaceAll("'", "''")}'), `] : ["", ""];
    await this.runner.run(
      `INSERT INTO ${this.#table} (${columns}session_id, data, expiry) VALUES (${id}${this.#p(1)}, ${this.#p(2)}, ${this.#p(3)}${cast}) ` +
        `ON CONFLICT (session_id) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`,
      [key, asBuffer(value), expiry],
    );
  }

  /** Deletes the row. */
  async delete(key: string): Promise<void> {
    await this.runner.run(`DELETE FROM ${this.#table} WHERE session_id = ${this.#p(1)}`, [key]);
  }

  /** Deletes every expired row (Flask-Session's `flask session_cleanup` command). */
  async deleteExpired(): Promise<void> {
    const cast = this.runner.dialect === "postgresql" ? "::timestamp" : "";
    await this.runner.run(`DELETE FROM ${this.#table} WHERE expiry <= ${this.#p(1)}${cast}`, [sqlTimestamp(this.#now())]);
  }
}
