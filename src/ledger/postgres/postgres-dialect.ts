import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ConfigError } from '../../core/errors.js';
import type { LedgerDatabase } from '../ledger-tables.js';
import type { StoreDialect } from '../ledger-dialect.js';
import { withStoreErrors } from '../ledger-errors.js';
import { postgresMigrations } from './migrations/index.js';

export interface PostgresDialectOptions {
  /** postgres://user:password@host:port/database (a `schema` query parameter is not read here). */
  connectionString: string;
  /** Schema holding the ledger tables; created by migrate(); default `public`. */
  schema?: string;
  /** Most pooled connections; default 10. */
  poolSize?: number;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** PostgreSQL through a pg Pool: READ COMMITTED transactions, FOR UPDATE SKIP LOCKED claims. */
export class PostgresStoreDialect implements StoreDialect {
  readonly name = 'postgres' as const;
  readonly db: Kysely<LedgerDatabase>;
  readonly migrations = postgresMigrations;
  readonly rowLocks = true;
  readonly schema: string;
  private readonly pool: pg.Pool;

  constructor(options: PostgresDialectOptions) {
    this.schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(this.schema)) {
      throw new ConfigError(
        `PostgreSQL schema name "${this.schema}" is not allowed: use letters, digits and underscores, starting with a letter.`,
        {
          code: 'store.invalid_schema',
        },
      );
    }
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      // Every connection resolves unqualified table names in the ledger's schema.
      options: `-c search_path="${this.schema}"`,
    });
    // An idle client losing its server must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
    this.db = new Kysely<LedgerDatabase>({ dialect: new PostgresDialect({ pool: this.pool }) });
  }

  transaction<T>(fn: (trx: Kysely<LedgerDatabase>) => Promise<T>): Promise<T> {
    return withStoreErrors(() => this.db.transaction().execute(fn));
  }

  write<T>(fn: (db: Kysely<LedgerDatabase>) => Promise<T>): Promise<T> {
    return withStoreErrors(() => fn(this.db));
  }

  async lockMigrations(trx: Kysely<LedgerDatabase>): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(${`qiao.ledger.migrate:${this.schema}`}))`.execute(trx);
    await sql.raw(`create schema if not exists "${this.schema}"`).execute(trx);
  }

  decodeJson(value: unknown): unknown {
    return value ?? null;
  }

  async destroy(): Promise<void> {
    await this.db.destroy();
  }
}
