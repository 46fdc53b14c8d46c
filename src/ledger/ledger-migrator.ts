import { sql } from 'kysely';
import { IntegrationError } from '../core/errors.js';
import type { StoreDialect } from './ledger-dialect.js';

/**
 * Applies the dialect's pending migrations in one transaction, recording each in
 * `schema_migrations` (version, name, applied_at). Safe to call on every start and from several
 * processes at once: the dialect serializes migrators, and applied versions are skipped.
 * Returns the versions applied now.
 */
export async function runMigrations(dialect: StoreDialect, now: () => Date = () => new Date()): Promise<number[]> {
  checkOrder(dialect);
  return dialect.transaction(async (trx) => {
    await dialect.lockMigrations(trx);
    await trx.schema
      .createTable('schema_migrations')
      .ifNotExists()
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .execute();
    const rows = await trx.selectFrom('schema_migrations').select('version').execute();
    const applied = new Set(rows.map((r) => Number(r.version)));
    const known = Math.max(0, ...dialect.migrations.map((m) => m.version));
    const newest = Math.max(0, ...applied);
    if (newest > known) {
      throw new IntegrationError(
        `The ${dialect.name} ledger is at schema version ${newest}, newer than this qiao knows (${known}). Upgrade qiao, or point it at another database.`,
        {
          code: 'store.schema_too_new',
          kind: 'config',
          details: { dialect: dialect.name, databaseVersion: newest, knownVersion: known },
        },
      );
    }
    const done: number[] = [];
    for (const migration of dialect.migrations) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements) await sql.raw(statement).execute(trx);
      await trx
        .insertInto('schema_migrations')
        .values({ version: migration.version, name: migration.name, applied_at: now().toISOString() })
        .execute();
      done.push(migration.version);
    }
    return done;
  });
}

function checkOrder(dialect: StoreDialect): void {
  dialect.migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new IntegrationError(
        `Migration list of ${dialect.name} is out of order at "${m.name}": expected version ${i + 1}, found ${m.version}.`,
        {
          code: 'store.migrations_out_of_order',
          kind: 'internal',
        },
      );
    }
  });
}
