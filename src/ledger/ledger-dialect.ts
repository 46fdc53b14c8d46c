import type { Kysely } from 'kysely';
import type { LedgerDatabase } from './ledger-tables.js';

/** One numbered, append-only schema step. Never edit a released one; add the next number. */
export interface LedgerMigration {
  version: number;
  name: string;
  /** DDL statements run in order inside one transaction. */
  statements: readonly string[];
}

/**
 * What differs between SQLite and PostgreSQL; everything else lives in KyselyLedger.
 * Implementations: sqlite/sqlite-dialect.ts, postgres/postgres-dialect.ts.
 */
export interface StoreDialect {
  readonly name: 'sqlite' | 'postgres';
  readonly db: Kysely<LedgerDatabase>;
  readonly migrations: readonly LedgerMigration[];
  /**
   * Whether SELECT … FOR UPDATE [SKIP LOCKED] is available. PostgreSQL locks rows (so several
   * workers never claim the same record); SQLite needs none because a write transaction holds
   * the database-wide write lock.
   */
  readonly rowLocks: boolean;
  /** Runs `fn` in one write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: READ COMMITTED). */
  transaction<T>(fn: (trx: Kysely<LedgerDatabase>) => Promise<T>): Promise<T>;
  /** Runs one self-contained write statement (SQLite serializes writers of the same file in-process). */
  write<T>(fn: (db: Kysely<LedgerDatabase>) => Promise<T>): Promise<T>;
  /** Serializes concurrent `migrate()` calls inside the migration transaction; may create the schema. */
  lockMigrations(trx: Kysely<LedgerDatabase>): Promise<void>;
  /** Parses a JSON column value as the driver returned it (SQLite: text; PostgreSQL: already parsed). */
  decodeJson(value: unknown): unknown;
  destroy(): Promise<void>;
}
