import type Database from 'better-sqlite3';
import { encodeJson, normalizeIso } from '../ledger-rows.js';
import { attemptRow, parkClockAction } from '../ledger-write-queries.js';
import type { LedgerRecordRow } from '../ledger-tables.js';
import type { AttemptEntry, FailureUpdate, IsoTime, LedgerRecord, SuccessItem, SuccessUpdate } from '../ledger.js';
import { lazyRecord } from './sqlite-lazy-record.js';

/** The status list of the claim index's predicate, repeated literally so SQLite uses that index. */
const UNFINISHED = `status IN ('pending', 'writing', 'failed', 'parked')`;

/** markFailed's park clock; @park is parkClockAction's answer (ledger-write-queries.ts). */
const PARK_CLOCK = `park_count = CASE @park WHEN 'park' THEN park_count + 1 WHEN 'keep' THEN park_count ELSE 0 END,
      parked_since = CASE @park WHEN 'park' THEN coalesce(parked_since, @now) WHEN 'keep' THEN parked_since ELSE NULL END`;

/** markFailed's retry clock: a counted failure at attempts 0 starts the budget, later ones keep it. */
const RETRY_CLOCK = `first_failed_at = CASE WHEN @increment = 1 AND attempts = 0 THEN @now ELSE first_failed_at END`;

/** The statements' text (same semantics as the Kysely ones in kysely-ledger.ts / ledger-write-queries.ts). */
export const HOT_PATH_SQL = {
  // @parked is 'parked', or 'failed' again when parked records are not to be claimed.
  claim: `WITH due AS MATERIALIZED (
      SELECT "key" FROM ledger_records
      WHERE scheme_id = @schemeId AND ${UNFINISHED}
        AND (status = 'pending' OR (status IN ('failed', @parked) AND next_attempt_at <= @now) OR (status = 'writing' AND lease_until < @now))
      ORDER BY updated_at, "key" LIMIT @limit)
    UPDATE ledger_records SET status = 'writing', lease_owner = @owner, lease_until = @leaseUntil,
      outcome_unknown_since = CASE WHEN status = 'writing' THEN coalesce(outcome_unknown_since, @now) ELSE outcome_unknown_since END
    WHERE scheme_id = @schemeId AND "key" IN (SELECT "key" FROM due)
    RETURNING *`,
  // SET expressions all see the row as it was, so `applies` is decided once per row.
  succeed: `UPDATE ledger_records SET
      status = CASE WHEN status = 'writing' OR payload_hash = @hash THEN 'succeeded' WHEN status = 'succeeded' THEN 'pending' ELSE status END,
      attempts = CASE WHEN status = 'writing' OR payload_hash = @hash THEN attempts + 1 ELSE attempts END,
      payload = CASE WHEN status = 'writing' OR payload_hash = @hash THEN @payload ELSE payload END,
      payload_hash = CASE WHEN status = 'writing' OR payload_hash = @hash THEN @hash ELSE payload_hash END,
      last_error = CASE WHEN status = 'writing' OR payload_hash = @hash THEN NULL ELSE last_error END,
      next_attempt_at = CASE WHEN status = 'writing' OR payload_hash = @hash THEN NULL ELSE next_attempt_at END,
      previous_payload = CASE WHEN pushed_hash IS NOT NULL AND pushed_hash <> @hash THEN pushed_payload ELSE previous_payload END,
      park_count = CASE WHEN status = 'writing' OR payload_hash = @hash THEN 0 ELSE park_count END,
      parked_since = CASE WHEN status = 'writing' OR payload_hash = @hash THEN NULL ELSE parked_since END,
      pushed_payload = @payload, pushed_hash = @hash, target_reply = @reply, target_ids = @ids,
      lease_owner = NULL, lease_until = NULL, last_run_id = @runId, succeeded_at = @now, updated_at = @now,
      outcome_unknown_since = NULL
    WHERE scheme_id = @schemeId AND "key" = @key`,
  // Ignored for a record pending without a lease: changed by ingest, requeued or released since the claim.
  fail: `UPDATE ledger_records SET status = @status, last_error = @error, next_attempt_at = @next, attempts = attempts + @increment,
      lease_owner = NULL, lease_until = NULL, last_run_id = @runId, updated_at = @now, ${PARK_CLOCK}, ${RETRY_CLOCK}
    WHERE scheme_id = @schemeId AND "key" = @key AND NOT (status = 'pending' AND lease_owner IS NULL)`,
  failRemapped: `UPDATE ledger_records SET status = @status, last_error = @error, next_attempt_at = @next, attempts = attempts + @increment,
      lease_owner = NULL, lease_until = NULL, last_run_id = @runId, updated_at = @now, payload = @payload, payload_hash = @hash,
      ${PARK_CLOCK}, ${RETRY_CLOCK}
    WHERE scheme_id = @schemeId AND "key" = @key AND NOT (status = 'pending' AND lease_owner IS NULL)`,
  // Run before `fail` for an outcome-unknown error, so the marker holds even when `fail` is ignored.
  markUnknown: `UPDATE ledger_records SET outcome_unknown_since = coalesce(outcome_unknown_since, @now)
    WHERE scheme_id = @schemeId AND "key" = @key`,
  attempt: `INSERT INTO ledger_attempts (scheme_id, "key", run_id, at, outcome, duration_ms, error)
    VALUES (@scheme_id, @key, @run_id, @at, @outcome, @duration_ms, @error)`,
  record: `SELECT * FROM ledger_records WHERE scheme_id = ? AND "key" = ?`,
  exists: `SELECT 1 FROM ledger_records WHERE scheme_id = ? AND "key" = ?`,
  targetIds: `SELECT target_ids FROM ledger_records WHERE scheme_id = ? AND "key" = ?`,
} as const;

type Statements = { [K in keyof typeof HOT_PATH_SQL]: Database.Statement };

/** Thrown inside a transaction to roll it back; turned into `store.record_not_found` by the caller. */
export class UnknownKey extends Error {
  constructor(readonly key: string) {
    super(`unknown key ${key}`);
  }
}

export interface ClaimParams {
  schemeId: string;
  owner: string;
  limit: number;
  now: IsoTime;
  leaseUntil: IsoTime;
  includeParked: boolean;
}

/**
 * The per-record ledger statements as better-sqlite3 prepared statements, bypassing Kysely's
 * query building and compiling (issue #4: ~30 % of a sync's CPU was the ledger). Synchronous:
 * the caller runs the writing ones in the file's writer queue (SqliteStoreDialect.exclusive).
 * Statements are prepared on first use, after migrate() has created the tables.
 */
export class SqliteHotPath {
  private prepared: Statements | null = null;
  // better-sqlite3 transaction functions, made once (BEGIN IMMEDIATE … COMMIT, ROLLBACK on a throw).
  private successBatch: ((schemeId: string, items: SuccessItem[], now: IsoTime) => void) | null = null;
  private successWithAttempt:
    | ((schemeId: string, key: string, update: SuccessUpdate, now: IsoTime, attempt: AttemptEntry) => boolean)
    | null = null;

  constructor(private readonly sqlite: Database.Database) {}

  /** Leases due records; oldest updatedAt first, then key. */
  claim(p: ClaimParams): LedgerRecord[] {
    const rows = this.statements().claim.all({
      schemeId: p.schemeId,
      owner: p.owner,
      limit: p.limit,
      now: p.now,
      leaseUntil: p.leaseUntil,
      parked: p.includeParked ? 'parked' : 'failed',
    }) as LedgerRecordRow[];
    // RETURNING gives no order; times are canonical ISO text, so text order is time order.
    rows.sort((a, b) => compareText(a.updated_at as string, b.updated_at as string) || compareText(a.key, b.key));
    return rows.map(lazyRecord);
  }

  /** False when the key is unknown (nothing written, the attempt included). */
  succeed(schemeId: string, key: string, update: SuccessUpdate, now: IsoTime, attempt?: AttemptEntry): boolean {
    if (!attempt) return this.applySuccess(schemeId, key, update, now);
    this.successWithAttempt ??= this.sqlite.transaction(
      (id: string, k: string, u: SuccessUpdate, at: IsoTime, entry: AttemptEntry) => {
        const found = this.applySuccess(id, k, u, at);
        if (found) this.statements().attempt.run(attemptRow(entry));
        return found;
      },
    ).immediate;
    return this.successWithAttempt(schemeId, key, update, now, attempt);
  }

  /** All items in one BEGIN IMMEDIATE transaction; throws UnknownKey (after rolling back) for an unknown key. */
  succeedMany(schemeId: string, items: SuccessItem[], now: IsoTime): void {
    this.successBatch ??= this.sqlite.transaction((id: string, group: SuccessItem[], at: IsoTime) => {
      for (const item of group) {
        if (!this.applySuccess(id, item.key, item.update, at)) throw new UnknownKey(item.key);
        if (item.attempt) this.statements().attempt.run(attemptRow(item.attempt));
      }
    }).immediate;
    this.successBatch(schemeId, items, now);
  }

  /** Rows changed: 0 for an unknown key or a record pending without a lease. */
  fail(schemeId: string, key: string, update: FailureUpdate, now: IsoTime): number {
    const remapped = update.payload !== undefined || update.payloadHash !== undefined;
    const s = this.statements();
    const params = {
      schemeId,
      key,
      status: update.status,
      error: encodeJson(update.error),
      next: normalizeIso(update.nextAttemptAt, 'nextAttemptAt'),
      increment: update.countAttempt ? 1 : 0,
      runId: update.runId,
      now,
      park: parkClockAction(update),
    };
    if (update.error.kind === 'outcome_unknown') s.markUnknown.run({ schemeId, key, now });
    const info = remapped
      ? s.failRemapped.run({ ...params, payload: encodeJson(update.payload), hash: update.payloadHash ?? null })
      : s.fail.run(params);
    return info.changes;
  }

  addAttempt(entry: AttemptEntry): void {
    this.statements().attempt.run(attemptRow(entry));
  }

  exists(schemeId: string, key: string): boolean {
    return this.statements().exists.get(schemeId, key) !== undefined;
  }

  getRecord(schemeId: string, key: string): LedgerRecord | null {
    const row = this.statements().record.get(schemeId, key) as LedgerRecordRow | undefined;
    return row ? lazyRecord(row) : null;
  }

  getTargetIds(schemeId: string, key: string): Record<string, unknown> | null {
    const row = this.statements().targetIds.get(schemeId, key) as { target_ids: string | null } | undefined;
    return row?.target_ids ? (JSON.parse(row.target_ids) as Record<string, unknown>) : null;
  }

  private applySuccess(schemeId: string, key: string, update: SuccessUpdate, now: IsoTime): boolean {
    const info = this.statements().succeed.run({
      schemeId,
      key,
      hash: update.payloadHash,
      payload: encodeJson(update.payload), // once, for both payload and pushed_payload
      reply: encodeJson(update.targetReply),
      ids: encodeJson(update.targetIds),
      runId: update.runId,
      now,
    });
    return info.changes > 0;
  }

  private statements(): Statements {
    if (!this.prepared) {
      const entries = Object.entries(HOT_PATH_SQL).map(([name, text]) => [name, this.sqlite.prepare(text)]);
      this.prepared = Object.fromEntries(entries) as Statements;
    }
    return this.prepared;
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
