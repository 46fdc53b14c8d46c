import { sql } from 'kysely';
import type { SerializedError } from '../core/errors.js';
import { AuditQueries } from './ledger-audit-queries.js';
import { ingestBatch } from './ledger-ingest-batch.js';
import { runMigrations } from './ledger-migrator.js';
import { RecordQueries } from './ledger-record-queries.js';
import { normalizeIso, rowToRecord } from './ledger-rows.js';
import { applyFailure, applySuccess, insertAttempts, recordNotFound } from './ledger-write-queries.js';
import { RunQueries } from './ledger-run-queries.js';
import type { StoreDialect } from './ledger-dialect.js';
import type {
  AttemptEntry,
  AuditEntry,
  AuditFilter,
  ClaimOptions,
  FailureUpdate,
  IngestDocument,
  IngestOutcome,
  IsoTime,
  LedgerRecord,
  ParkedRecord,
  RecordFilter,
  RecordStatus,
  RunCounts,
  RunRecord,
  RunStatus,
  SchemeCursor,
  Ledger,
  StatusCounts,
  SuccessItem,
  SuccessUpdate,
} from './ledger.js';

export interface KyselyLedgerOptions {
  /** Source of "now" for timestamps and due checks (tests move it); default the system clock. */
  clock?: () => Date;
}

/**
 * The ledger on any Kysely dialect. Semantics beyond the Ledger JSDoc:
 * - ingest: `ingestBatch` (ledger-ingest-batch.ts) deciding with `decideIngest` (ledger-ingest.ts).
 * - claimDue: one statement, WITH due AS MATERIALIZED (SELECT … [FOR UPDATE SKIP LOCKED])
 *   UPDATE … RETURNING; atomic on its own in both dialects (SQLite takes the write lock for it,
 *   like BEGIN IMMEDIATE). Counts no attempt and keeps updatedAt (so "oldest first" stays fair).
 * - markFailed: ignored for a record that is pending without a lease (ingest changed it, or it
 *   was requeued/released, after the claim), so a stale failure never delays a newer payload.
 * - markSucceeded: applies fully when the record is still 'writing' or its payloadHash is the
 *   one written; if ingest changed the record meanwhile, only the push is recorded (pushedHash,
 *   reply, ids) and the record stays due for its newer payload.
 * - requeue/skip: never touch a record under a live lease.
 * - markSucceeded with an attempt / markSucceededMany: one transaction here; SqliteLedger
 *   (prepared statements) and PostgresLedger (one statement) override them with cheaper ones.
 */
export class KyselyLedger implements Ledger {
  protected readonly dialect: StoreDialect;
  private readonly clock: () => Date;
  private readonly runs: RunQueries;
  private readonly records: RecordQueries;
  private readonly audit: AuditQueries;

  constructor(dialect: StoreDialect, options: KyselyLedgerOptions = {}) {
    this.dialect = dialect;
    this.clock = options.clock ?? (() => new Date());
    this.runs = new RunQueries(dialect, () => this.now());
    this.records = new RecordQueries(dialect, () => this.now());
    this.audit = new AuditQueries(dialect);
  }

  protected now(): IsoTime {
    return this.clock().toISOString();
  }

  async migrate(): Promise<void> {
    await runMigrations(this.dialect, this.clock);
  }

  async close(): Promise<void> {
    await this.dialect.destroy();
  }

  getCursor(schemeId: string): Promise<SchemeCursor | null> {
    return this.runs.getCursor(schemeId);
  }

  setCursor(schemeId: string, value: string | null): Promise<void> {
    return this.runs.setCursor(schemeId, value);
  }

  ingest(
    schemeId: string,
    runId: string | null,
    documents: IngestDocument[],
    cursor?: string | null,
  ): Promise<IngestOutcome[]> {
    return ingestBatch(this.dialect, { schemeId, runId, documents, cursor, now: this.now() });
  }

  async claimDue(schemeId: string, options: ClaimOptions): Promise<LedgerRecord[]> {
    if (options.limit <= 0) return [];
    const now = normalizeIso(options.now ?? this.now(), 'now');
    const leaseUntil = new Date(Date.parse(now) + options.leaseMs).toISOString();
    const retryable: RecordStatus[] = options.includeParked === false ? ['failed'] : ['failed', 'parked'];
    // The due set is a MATERIALIZED CTE: as a plain `IN (SELECT … LIMIT)` PostgreSQL may rescan
    // it per updated row, each rescan finding the next due record, so the limit would not hold.
    const rows = await this.dialect.write((db) =>
      db
        .with(
          (wb) => wb('due').materialized(),
          (qb) =>
            qb
              .selectFrom('ledger_records')
              .select('key')
              .where('scheme_id', '=', schemeId)
              .where(sql<boolean>`status in ('pending', 'writing', 'failed', 'parked')`) // literally the claim index's predicate
              .where((eb) =>
                eb.or([
                  eb('status', '=', 'pending'),
                  eb.and([eb('status', 'in', retryable), eb('next_attempt_at', '<=', now)]),
                  eb.and([eb('status', '=', 'writing'), eb('lease_until', '<', now)]),
                ]),
              )
              .orderBy('updated_at')
              .orderBy('key')
              .limit(options.limit)
              .$if(this.dialect.rowLocks, (q) => q.forUpdate().skipLocked()),
        )
        .updateTable('ledger_records')
        .set({
          status: 'writing',
          lease_owner: options.owner,
          lease_until: leaseUntil,
          // Taking over an expired lease: the owner that lost it may have sent the write.
          outcome_unknown_since: sql<
            string | null
          >`case when status = 'writing' then coalesce(outcome_unknown_since, ${now}) else outcome_unknown_since end`,
        })
        .where('scheme_id', '=', schemeId)
        .where('key', 'in', (eb) => eb.selectFrom('due').select('due.key'))
        .returningAll()
        .execute(),
    );
    const records = rows.map((r) => rowToRecord(r, this.dialect.decodeJson));
    return records.sort((a, b) =>
      a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
    );
  }

  async releaseLeases(owner: string): Promise<number> {
    const result = await this.dialect.write((db) =>
      db
        .updateTable('ledger_records')
        .set({ status: 'pending', lease_owner: null, lease_until: null })
        .where('lease_owner', '=', owner)
        .where('status', '=', 'writing')
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows);
  }

  async markSucceeded(schemeId: string, key: string, update: SuccessUpdate, attempt?: AttemptEntry): Promise<void> {
    const now = this.now();
    const found = attempt
      ? await this.dialect.transaction(async (trx) => {
          if (!(await applySuccess(trx, schemeId, key, update, now))) return false;
          await insertAttempts(trx, [attempt]);
          return true;
        })
      : await this.dialect.write((db) => applySuccess(db, schemeId, key, update, now));
    if (!found) throw recordNotFound(schemeId, key, 'markSucceeded');
  }

  /** One transaction of per-item updates and one multi-row attempt insert. */
  async markSucceededMany(schemeId: string, items: SuccessItem[]): Promise<void> {
    if (items.length === 0) return;
    const now = this.now();
    await this.dialect.transaction(async (trx) => {
      for (const item of items) {
        if (!(await applySuccess(trx, schemeId, item.key, item.update, now)))
          throw recordNotFound(schemeId, item.key, 'markSucceededMany');
      }
      await insertAttempts(
        trx,
        items.flatMap((i) => (i.attempt ? [i.attempt] : [])),
      );
    });
  }

  async markFailed(schemeId: string, key: string, update: FailureUpdate): Promise<void> {
    const changed = await this.dialect.write((db) => applyFailure(db, schemeId, key, update, this.now()));
    if (changed === 0 && !(await this.getRecord(schemeId, key))) throw recordNotFound(schemeId, key, 'markFailed');
  }

  addAttempt(entry: AttemptEntry): Promise<void> {
    return this.records.addAttempt(entry);
  }
  listAttempts(schemeId: string, key: string, limit?: number): Promise<AttemptEntry[]> {
    return this.records.listAttempts(schemeId, key, limit);
  }
  getRecord(schemeId: string, key: string): Promise<LedgerRecord | null> {
    return this.records.getRecord(schemeId, key);
  }
  listRecords(filter: RecordFilter): Promise<{ records: LedgerRecord[]; total: number }> {
    return this.records.listRecords(filter);
  }
  countByStatus(schemeId?: string): Promise<StatusCounts[]> {
    return this.records.countByStatus(schemeId);
  }
  nextDueAt(schemeId: string): Promise<IsoTime | null> {
    return this.records.nextDueAt(schemeId);
  }
  requeue(schemeId: string, selector: { key: string } | { statuses: RecordStatus[] }): Promise<number> {
    return this.records.requeue(schemeId, selector);
  }
  skip(schemeId: string, key: string, reason: string): Promise<boolean> {
    return this.records.skip(schemeId, key, reason);
  }
  getTargetIds(schemeId: string, key: string): Promise<Record<string, unknown> | null> {
    return this.records.getTargetIds(schemeId, key);
  }
  wakeParked(schemeId: string): Promise<number> {
    return this.records.wakeParked(schemeId);
  }
  listParked(schemeId: string, limit?: number): Promise<ParkedRecord[]> {
    return this.records.listParked(schemeId, limit);
  }

  startRun(schemeId: string, trigger: RunRecord['trigger'], cursorFrom: string | null): Promise<RunRecord> {
    return this.runs.startRun(schemeId, trigger, cursorFrom);
  }
  finishRun(
    runId: string,
    result: { status: RunStatus; counts: RunCounts; cursorTo: string | null; error: SerializedError | null },
  ): Promise<RunRecord> {
    return this.runs.finishRun(runId, result);
  }
  getRun(runId: string): Promise<RunRecord | null> {
    return this.runs.getRun(runId);
  }
  listRuns(filter: { schemeId?: string; limit?: number; offset?: number; since?: IsoTime }): Promise<RunRecord[]> {
    return this.runs.listRuns(filter);
  }
  lastSuccessfulRun(schemeId: string): Promise<RunRecord | null> {
    return this.runs.lastSuccessfulRun(schemeId);
  }
  abortStaleRuns(olderThan: IsoTime): Promise<number> {
    return this.runs.abortStaleRuns(olderThan);
  }

  addAuditEntry(entry: Omit<AuditEntry, 'id'>): Promise<void> {
    return this.audit.add(entry);
  }
  listAuditEntries(filter?: AuditFilter): Promise<{ entries: AuditEntry[]; total: number }> {
    return this.audit.list(filter);
  }
}
