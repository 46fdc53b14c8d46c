import type { SerializedError } from '../core/errors.js';
import type { LedgerAttemptRow, LedgerRecordRow, LedgerRunRow } from './ledger-tables.js';
import type { AttemptEntry, IsoTime, LedgerRecord, RecordStatus, RunRecord } from './ledger.js';

/** Turns a driver time (ISO text from SQLite, Date from PostgreSQL) into an ISO-8601 UTC string. */
export function toIso(value: string | Date): IsoTime;
export function toIso(value: string | Date | null | undefined): IsoTime | null;
export function toIso(value: string | Date | null | undefined): IsoTime | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * Normalizes a caller's timestamp to the canonical `toISOString()` form, so that SQLite's text
 * comparison orders times correctly (e.g. `+08:00` offsets or missing milliseconds would not).
 */
export function normalizeIso(value: IsoTime, what: string): IsoTime;
export function normalizeIso(value: IsoTime | null | undefined, what: string): IsoTime | null;
export function normalizeIso(value: IsoTime | null | undefined, what: string): IsoTime | null {
  if (value === null || value === undefined) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new TypeError(`${what} must be an ISO-8601 timestamp, got ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}

/** JSON value → column text; null and undefined become SQL NULL. */
export function encodeJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function toNumber(value: number | string | bigint | null): number {
  return value === null ? 0 : Number(value);
}

type Decode = (value: unknown) => unknown;

/** Maps a ledger_records row to the public record (`pushedPayload` included). */
export function rowToRecord(row: LedgerRecordRow, decode: Decode): LedgerRecord {
  return {
    schemeId: row.scheme_id,
    key: row.key,
    status: row.status as RecordStatus,
    attempts: toNumber(row.attempts),
    nextAttemptAt: toIso(row.next_attempt_at),
    lastError: decode(row.last_error) as SerializedError | null,
    source: decode(row.source),
    payload: decode(row.payload),
    payloadHash: row.payload_hash,
    pushedHash: row.pushed_hash,
    pushedPayload: decode(row.pushed_payload),
    previousPayload: decode(row.previous_payload),
    targetReply: decode(row.target_reply),
    targetIds: decode(row.target_ids) as Record<string, unknown> | null,
    sourceVersion: row.source_version,
    lastRunId: row.last_run_id,
    leaseOwner: row.lease_owner,
    leaseUntil: toIso(row.lease_until),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    succeededAt: toIso(row.succeeded_at),
    firstFailedAt: toIso(row.first_failed_at),
    outcomeUnknownSince: toIso(row.outcome_unknown_since),
    parkedSince: toIso(row.parked_since),
    parkCount: toNumber(row.park_count),
  };
}

export function rowToRun(row: LedgerRunRow, decode: Decode): RunRecord {
  return {
    id: row.id,
    schemeId: row.scheme_id,
    trigger: row.trigger as RunRecord['trigger'],
    status: row.status as RunRecord['status'],
    startedAt: toIso(row.started_at),
    finishedAt: toIso(row.finished_at),
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    counts: {
      read: toNumber(row.count_read),
      documents: toNumber(row.count_documents),
      pushed: toNumber(row.count_pushed),
      skipped: toNumber(row.count_skipped),
      failed: toNumber(row.count_failed),
      retried: toNumber(row.count_retried),
    },
    cursorFrom: row.cursor_from,
    cursorTo: row.cursor_to,
    error: decode(row.error) as SerializedError | null,
  };
}

export function rowToAttempt(row: LedgerAttemptRow, decode: Decode): AttemptEntry {
  return {
    schemeId: row.scheme_id,
    key: row.key,
    runId: row.run_id,
    at: toIso(row.at),
    outcome: row.outcome as AttemptEntry['outcome'],
    durationMs: toNumber(row.duration_ms),
    error: decode(row.error) as SerializedError | null,
  };
}
