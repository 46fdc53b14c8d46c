import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { ensurePrivateFileSync, tightenSync } from '../../core/private-paths.js';
import type { LedgerDatabase } from '../ledger-tables.js';
import type { StoreDialect } from '../ledger-dialect.js';
import { withStoreErrors } from '../ledger-errors.js';
import { sqliteMigrations } from './migrations/index.js';
import { SqliteHotPath } from './sqlite-hot-path.js';

export interface SqliteDialectOptions {
  /** Database file, or ':memory:' (private to this store). */
  filename: string;
  /** How long a writer waits for another process's write lock (milliseconds); default 5000. */
  busyTimeoutMs?: number;
}

/**
 * Writers of one database file inside this process. better-sqlite3 is synchronous: if two
 * connections of one process interleaved write transactions across awaits, the second would
 * block the event loop in its busy handler while the first can never finish. So in-process
 * writers queue here; other processes are handled by SQLite's lock and the busy timeout.
 */
const fileQueues = new Map<string, { tail: Promise<void>; users: number }>();

/** Most prepared statements kept per connection (Kysely would otherwise prepare every query anew). */
const STATEMENT_CACHE_SIZE = 200;

/**
 * The database as Kysely's SqliteDialect sees it, with prepared statements reused by SQL text.
 * Safe because the driver runs one statement at a time to completion (no streaming here).
 */
function cachingStatements(sqlite: Database.Database) {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (text: string) => {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text); // re-insert below: Map order doubles as least-recently-used order
      } else {
        statement = sqlite.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}

/** SQLite through better-sqlite3: WAL, synchronous=NORMAL, busy timeout, BEGIN IMMEDIATE writes. */
export class SqliteStoreDialect implements StoreDialect {
  readonly name = 'sqlite' as const;
  readonly db: Kysely<LedgerDatabase>;
  readonly migrations = sqliteMigrations;
  readonly rowLocks = false;
  /** The hot per-record statements on this dialect's connection (see sqlite-hot-path.ts). */
  readonly hot: SqliteHotPath;
  private readonly queueKey: string;
  private readonly sqlite: Database.Database;

  constructor(options: SqliteDialectOptions) {
    const memory = options.filename === ':memory:' || options.filename === '';
    if (!memory) {
      // The ledger holds full source documents and payloads: 0600. SQLite creates -wal and -shm with
      // the database file's mode, so they follow; ones left by an older version are tightened here.
      ensurePrivateFileSync(options.filename);
      for (const suffix of ['-wal', '-shm', '-journal']) tightenSync(`${options.filename}${suffix}`);
    }
    this.sqlite = new Database(options.filename);
    this.sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    if (!memory) this.sqlite.pragma('journal_mode = WAL');
    this.sqlite.pragma('synchronous = NORMAL');
    this.db = new Kysely<LedgerDatabase>({ dialect: new SqliteDialect({ database: cachingStatements(this.sqlite) }) });
    this.hot = new SqliteHotPath(this.sqlite);
    this.queueKey = memory ? `:memory:${Math.random()}` : resolve(options.filename);
    const queue = fileQueues.get(this.queueKey) ?? { tail: Promise.resolve(), users: 0 };
    queue.users += 1;
    fileQueues.set(this.queueKey, queue);
  }

  async transaction<T>(fn: (trx: Kysely<LedgerDatabase>) => Promise<T>): Promise<T> {
    return this.serialize(() =>
      this.db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const result = await fn(conn);
          await sql`commit`.execute(conn);
          return result;
        } catch (error) {
          if (this.sqlite.inTransaction) await sql`rollback`.execute(conn);
          throw error;
        }
      }),
    );
  }

  write<T>(fn: (db: Kysely<LedgerDatabase>) => Promise<T>): Promise<T> {
    return this.serialize(() => fn(this.db));
  }

  /**
   * Runs synchronous better-sqlite3 work (SqliteHotPath's writes) in this file's writer queue, so
   * it never lands inside another in-process writer's open transaction; driver errors classified.
   */
  exclusive<T>(fn: () => T): Promise<T> {
    return this.serialize(async () => fn());
  }

  async lockMigrations(): Promise<void> {
    // BEGIN IMMEDIATE already holds the database write lock.
  }

  /** Reads one PRAGMA value (diagnostics, tests). */
  pragma(name: string): unknown {
    if (!/^[a-z_]+$/.test(name)) throw new TypeError(`Not a pragma name: ${JSON.stringify(name)}`);
    return this.sqlite.pragma(name, { simple: true });
  }

  decodeJson(value: unknown): unknown {
    return typeof value === 'string' ? JSON.parse(value) : (value ?? null);
  }

  async destroy(): Promise<void> {
    const queue = fileQueues.get(this.queueKey);
    if (queue) {
      await queue.tail;
      queue.users -= 1;
      if (queue.users === 0) fileQueues.delete(this.queueKey);
    }
    await this.db.destroy();
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const queue = fileQueues.get(this.queueKey);
    if (!queue) return Promise.reject(new Error('The SQLite ledger is closed.'));
    const result = queue.tail.then(() => withStoreErrors(fn));
    queue.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
