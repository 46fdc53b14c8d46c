import { KyselyLedger, type KyselyLedgerOptions } from '../kysely-ledger.js';
import { normalizeIso } from '../ledger-rows.js';
import { recordNotFound } from '../ledger-write-queries.js';
import type { AttemptEntry, ClaimOptions, FailureUpdate, LedgerRecord, SuccessItem, SuccessUpdate } from '../ledger.js';
import { classifyStoreError } from '../ledger-errors.js';
import { SqliteStoreDialect, type SqliteDialectOptions } from './sqlite-dialect.js';
import { UnknownKey, type SqliteHotPath } from './sqlite-hot-path.js';

export interface SqliteLedgerOptions extends SqliteDialectOptions, KyselyLedgerOptions {}

/**
 * The embedded default ledger: one SQLite file (WAL, synchronous=NORMAL, busy timeout 5 s).
 * Several processes may share the file; writes are serialized by SQLite's write lock.
 * The parent directory must exist (openLedger creates it); call migrate() before use.
 * The per-record calls (claimDue, markSucceeded[Many], markFailed, addAttempt, getRecord,
 * getTargetIds) run as cached prepared statements (SqliteHotPath) with the same semantics as the
 * Kysely ones; records they return parse their large JSON columns on first read.
 */
export class SqliteLedger extends KyselyLedger {
  private readonly sqliteDialect: SqliteStoreDialect;
  private readonly hot: SqliteHotPath;

  constructor(options: SqliteLedgerOptions) {
    const dialect = new SqliteStoreDialect(options);
    super(dialect, options);
    this.sqliteDialect = dialect;
    this.hot = dialect.hot;
  }

  /** Reads one PRAGMA value, e.g. `journal_mode` or `synchronous` (diagnostics). */
  pragma(name: string): unknown {
    return this.sqliteDialect.pragma(name);
  }

  override async claimDue(schemeId: string, options: ClaimOptions): Promise<LedgerRecord[]> {
    if (options.limit <= 0) return [];
    const now = normalizeIso(options.now ?? this.now(), 'now');
    const leaseUntil = new Date(Date.parse(now) + options.leaseMs).toISOString();
    const includeParked = options.includeParked !== false;
    return this.sqliteDialect.exclusive(() =>
      this.hot.claim({ schemeId, owner: options.owner, limit: options.limit, now, leaseUntil, includeParked }),
    );
  }

  override async markSucceeded(
    schemeId: string,
    key: string,
    update: SuccessUpdate,
    attempt?: AttemptEntry,
  ): Promise<void> {
    const now = this.now();
    if (!(await this.sqliteDialect.exclusive(() => this.hot.succeed(schemeId, key, update, now, attempt))))
      throw recordNotFound(schemeId, key, 'markSucceeded');
  }

  override async markSucceededMany(schemeId: string, items: SuccessItem[]): Promise<void> {
    if (items.length === 0) return;
    const now = this.now();
    try {
      await this.sqliteDialect.exclusive(() => this.hot.succeedMany(schemeId, items, now));
    } catch (error) {
      if (error instanceof UnknownKey) throw recordNotFound(schemeId, error.key, 'markSucceededMany');
      throw error;
    }
  }

  override async markFailed(schemeId: string, key: string, update: FailureUpdate): Promise<void> {
    const now = this.now();
    const changed = await this.sqliteDialect.exclusive(() => this.hot.fail(schemeId, key, update, now));
    if (changed === 0 && !this.read(() => this.hot.exists(schemeId, key)))
      throw recordNotFound(schemeId, key, 'markFailed');
  }

  override async addAttempt(entry: AttemptEntry): Promise<void> {
    await this.sqliteDialect.exclusive(() => this.hot.addAttempt(entry));
  }

  override async getRecord(schemeId: string, key: string): Promise<LedgerRecord | null> {
    return this.read(() => this.hot.getRecord(schemeId, key));
  }

  override async getTargetIds(schemeId: string, key: string): Promise<Record<string, unknown> | null> {
    return this.read(() => this.hot.getTargetIds(schemeId, key));
  }

  /** Reads outside the writer queue, as Kysely's reads are (WAL readers never wait for writers). */
  private read<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw classifyStoreError(error);
    }
  }
}
