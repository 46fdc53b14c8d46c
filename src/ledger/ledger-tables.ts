import type { ColumnType, Generated, Selectable } from 'kysely';

/**
 * Table shapes shared by both dialects. Times are ISO-8601 text in SQLite and timestamptz in
 * PostgreSQL (read back as Date), JSON is text in SQLite and jsonb in PostgreSQL (read back
 * parsed); the dialect's decoders turn both into the Ledger types.
 */
type Time = ColumnType<string | Date, string, string>;
type NullableTime = ColumnType<string | Date | null, string | null, string | null>;
/** JSON as written: already serialized text (or SQL NULL). */
type Json = ColumnType<unknown, string | null, string | null>;
type Count = ColumnType<number | string | bigint, number, number>;

export interface LedgerRecordsTable {
  scheme_id: string;
  key: string;
  status: string;
  attempts: number;
  next_attempt_at: NullableTime;
  last_error: Json;
  source: Json;
  payload: Json;
  payload_hash: string | null;
  pushed_hash: string | null;
  /** The payload the target last accepted (moves to previous_payload on the next changed success). */
  pushed_payload: Json;
  previous_payload: Json;
  target_reply: Json;
  target_ids: Json;
  source_version: string | null;
  last_run_id: string | null;
  lease_owner: string | null;
  lease_until: NullableTime;
  created_at: Time;
  updated_at: Time;
  succeeded_at: NullableTime;
  /** When the first counted try of the current retry budget failed (migration 0003); see LedgerRecord.firstFailedAt. */
  first_failed_at: NullableTime;
  /** Since when a write may have landed unrecorded (migration 0002); NULL when the ledger is sure. */
  outcome_unknown_since: NullableTime;
  /** Parks in the current wait on a missing lookup (migration 0004). */
  park_count: ColumnType<number | string | bigint, number | undefined, number>;
  /** When the current wait on a missing lookup began (migration 0004). */
  parked_since: NullableTime;
}

export interface LedgerAttemptsTable {
  id: Generated<number>;
  scheme_id: string;
  key: string;
  run_id: string | null;
  at: Time;
  outcome: string;
  duration_ms: Count;
  error: Json;
}

export interface LedgerRunsTable {
  id: string;
  scheme_id: string;
  trigger: string;
  status: string;
  started_at: Time;
  finished_at: NullableTime;
  duration_ms: ColumnType<number | string | bigint | null, number | null, number | null>;
  count_read: Count;
  count_documents: Count;
  count_pushed: Count;
  count_skipped: Count;
  count_failed: Count;
  count_retried: Count;
  cursor_from: string | null;
  cursor_to: string | null;
  error: Json;
}

export interface LedgerCursorsTable {
  scheme_id: string;
  value: string | null;
  updated_at: Time;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Time;
  actor: string;
  role: string | null;
  method: string;
  path: string;
  status: number;
  remote: string | null;
  details: Json;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface LedgerDatabase {
  ledger_records: LedgerRecordsTable;
  ledger_attempts: LedgerAttemptsTable;
  ledger_runs: LedgerRunsTable;
  ledger_cursors: LedgerCursorsTable;
  schema_migrations: SchemaMigrationsTable;
  audit_log: AuditLogTable;
}

export type LedgerRecordRow = Selectable<LedgerRecordsTable>;
export type LedgerRunRow = Selectable<LedgerRunsTable>;
export type LedgerAttemptRow = Selectable<LedgerAttemptsTable>;
