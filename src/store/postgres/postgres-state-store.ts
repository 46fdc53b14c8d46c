import { sql } from 'kysely';
import { KyselyStateStore, type KyselyStateStoreOptions } from '../kysely-state-store.js';
import { PostgresStoreDialect, type PostgresDialectOptions } from './postgres-dialect.js';

export interface PostgresStateStoreOptions extends PostgresDialectOptions, KyselyStateStoreOptions {}

/**
 * The ledger on PostgreSQL, for several workers sharing one database: claims use
 * FOR UPDATE SKIP LOCKED, so concurrent workers never lease the same record. JSON is jsonb
 * (strings containing \u0000 are rejected by PostgreSQL), times are timestamptz.
 */
export class PostgresStateStore extends KyselyStateStore {
  private readonly pgDialect: PostgresStoreDialect;

  constructor(options: PostgresStateStoreOptions) {
    const dialect = new PostgresStoreDialect(options);
    super(dialect, options);
    this.pgDialect = dialect;
  }

  /** Drops the store's schema with everything in it (for tests; refuses `public`). */
  async dropSchema(): Promise<void> {
    if (this.pgDialect.schema === 'public') throw new Error('Refusing to drop the public schema.');
    await sql.raw(`drop schema if exists "${this.pgDialect.schema}" cascade`).execute(this.pgDialect.db);
  }
}
