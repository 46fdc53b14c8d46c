import type { SerializedError } from '../../core/errors.js';
import type { LedgerRecordRow } from '../ledger-tables.js';
import type { LedgerRecord, RecordStatus } from '../ledger.js';

const UNSET = Symbol('unset');

/** JSON column text → value; SQL NULL → null. */
function parse(text: unknown): unknown {
  return typeof text === 'string' ? JSON.parse(text) : null;
}

type JsonColumn = 'source' | 'payload' | 'pushed_payload' | 'previous_payload' | 'target_reply';

/** Parses a column once and lets go of its text (the row object is private to one record). */
function take(row: LedgerRecordRow, column: JsonColumn): unknown {
  const value = parse(row[column]);
  row[column] = null;
  return value;
}

/**
 * A ledger_records row (SQLite text columns) as a LedgerRecord whose large JSON columns —
 * source, payload, pushedPayload, previousPayload, targetReply — are parsed on first read, then
 * kept. A claimed order's source is read only when it is re-mapped or written back, so most
 * claims never parse it. The fields are own, enumerable, writable accessors: spreading,
 * JSON.stringify, structuredClone and toEqual see plain values. lastError and targetIds are
 * small and read on every write, so they are parsed at once (and a corrupt value fails here).
 */
export function lazyRecord(row: LedgerRecordRow): LedgerRecord {
  let source: unknown = UNSET;
  let payload: unknown = UNSET;
  let pushedPayload: unknown = UNSET;
  let previousPayload: unknown = UNSET;
  let targetReply: unknown = UNSET;
  return {
    schemeId: row.scheme_id,
    key: row.key,
    status: row.status as RecordStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at as string | null,
    lastError: parse(row.last_error) as SerializedError | null,
    get source() {
      return source === UNSET ? (source = take(row, 'source')) : source;
    },
    set source(value) {
      source = value;
    },
    get payload() {
      return payload === UNSET ? (payload = take(row, 'payload')) : payload;
    },
    set payload(value) {
      payload = value;
    },
    payloadHash: row.payload_hash,
    pushedHash: row.pushed_hash,
    get pushedPayload() {
      return pushedPayload === UNSET ? (pushedPayload = take(row, 'pushed_payload')) : pushedPayload;
    },
    set pushedPayload(value) {
      pushedPayload = value;
    },
    get previousPayload() {
      return previousPayload === UNSET ? (previousPayload = take(row, 'previous_payload')) : previousPayload;
    },
    set previousPayload(value) {
      previousPayload = value;
    },
    get targetReply() {
      return targetReply === UNSET ? (targetReply = take(row, 'target_reply')) : targetReply;
    },
    set targetReply(value) {
      targetReply = value;
    },
    targetIds: parse(row.target_ids) as Record<string, unknown> | null,
    sourceVersion: row.source_version,
    lastRunId: row.last_run_id,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until as string | null,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
    succeededAt: row.succeeded_at as string | null,
    firstFailedAt: row.first_failed_at as string | null,
    outcomeUnknownSince: row.outcome_unknown_since as string | null,
    parkedSince: row.parked_since as string | null,
    parkCount: Number(row.park_count),
  };
}
