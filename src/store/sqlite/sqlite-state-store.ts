import { KyselyStateStore, type KyselyStateStoreOptions } from '../kysely-state-store.js';
import { SqliteStoreDialect, type SqliteDialectOptions } from './sqlite-dialect.js';

export interface SqliteStateStoreOptions extends SqliteDialectOptions, KyselyStateStoreOptions {}

/**
 * The embedded default ledger: one SQLite file (WAL, synchronous=NORMAL, busy timeout 5 s).
 * Several processes may share the file; writes are serialized by SQLite's write lock.
 * The parent directory must exist (openStateStore creates it); call migrate() before use.
 */
export class SqliteStateStore extends KyselyStateStore {
  private readonly sqliteDialect: SqliteStoreDialect;

  constructor(options: SqliteStateStoreOptions) {
    const dialect = new SqliteStoreDialect(options);
    super(dialect, options);
    this.sqliteDialect = dialect;
  }

  /** Reads one PRAGMA value, e.g. `journal_mode` or `synchronous` (diagnostics). */
  pragma(name: string): unknown {
    return this.sqliteDialect.pragma(name);
  }
}
