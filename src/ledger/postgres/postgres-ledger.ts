import { sql } from 'kysely';
import { KyselyLedger, type KyselyLedgerOptions } from '../kysely-ledger.js';
import { recordNotFound } from '../ledger-write-queries.js';
import type { AttemptEntry, SuccessItem, SuccessUpdate } from '../ledger.js';
import { withStoreErrors } from '../ledger-errors.js';
import { PostgresStoreDialect, type PostgresDialectOptions } from './postgres-dialect.js';
import { succeedManyInOneStatement } from './postgres-success-batch.js';

export interface PostgresLedgerOptions extends PostgresDialectOptions, KyselyLedgerOptions {}

/**
 * The ledger on PostgreSQL, for several workers sharing one database: claims use
 * FOR UPDATE SKIP LOCKED, so concurrent workers never lease the same record. JSON is jsonb
 * (strings containing \u0000 are rejected by PostgreSQL), times are timestamptz.
 * markSucceededMany with distinct keys, and markSucceeded with an attempt, are one statement
 * (one round trip) each: postgres-success-batch.ts.
 */
export class PostgresLedger extends KyselyLedger {
  private readonly pgDialect: PostgresStoreDialect;

  constructor(options: PostgresLedgerOptions) {
    const dialect = new PostgresStoreDialect(options);
    super(dialect, options);
    this.pgDialect = dialect;
  }

  override async markSucceeded(
    schemeId: string,
    key: string,
    update: SuccessUpdate,
    attempt?: AttemptEntry,
  ): Promise<void> {
    if (!attempt) return super.markSucceeded(schemeId, key, update);
    await this.succeedMany(schemeId, [{ key, update, attempt }], 'markSucceeded');
  }

  override async markSucceededMany(schemeId: string, items: SuccessItem[]): Promise<void> {
    if (items.length === 0) return;
    // A repeated key must be applied in order, which one UPDATE … FROM cannot do.
    if (new Set(items.map((i) => i.key)).size < items.length) return super.markSucceededMany(schemeId, items);
    await this.succeedMany(schemeId, items, 'markSucceededMany');
  }

  /** Drops the store's schema with everything in it (for tests; refuses `public`). */
  async dropSchema(): Promise<void> {
    if (this.pgDialect.schema === 'public') throw new Error('Refusing to drop the public schema.');
    await sql.raw(`drop schema if exists "${this.pgDialect.schema}" cascade`).execute(this.pgDialect.db);
  }

  private async succeedMany(schemeId: string, items: SuccessItem[], method: string): Promise<void> {
    const now = this.now();
    const missing = await withStoreErrors(() => succeedManyInOneStatement(this.pgDialect.db, schemeId, items, now));
    const first = items.find((i) => missing.includes(i.key));
    if (first) throw recordNotFound(schemeId, first.key, method);
  }
}
