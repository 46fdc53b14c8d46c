import type { LedgerMigration } from '../../ledger-dialect.js';

/** PostgreSQL: timestamptz times, jsonb JSON, keys in the "C" collation so that key-prefix ranges use the index. */
export const migration0001Init: LedgerMigration = {
  version: 1,
  name: 'init',
  statements: [
    `CREATE TABLE ledger_records (
      scheme_id TEXT NOT NULL,
      key TEXT COLLATE "C" NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending','writing','succeeded','failed','parked','dead','skipped')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TIMESTAMPTZ,
      last_error JSONB,
      source JSONB,
      payload JSONB,
      payload_hash TEXT,
      pushed_hash TEXT,
      pushed_payload JSONB,
      previous_payload JSONB,
      target_reply JSONB,
      target_ids JSONB,
      source_version TEXT,
      last_run_id TEXT,
      lease_owner TEXT,
      lease_until TIMESTAMPTZ,
      created_at TIMESTAMPTZ NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL,
      succeeded_at TIMESTAMPTZ,
      PRIMARY KEY (scheme_id, key)
    )`,
    // nextDueAt and retry scans; the primary key already serves key lookups and key-prefix ranges.
    `CREATE INDEX ledger_records_due ON ledger_records (scheme_id, status, next_attempt_at)`,
    // claimDue walks the not-finished records in claim order and stops at its limit, however many
    // succeeded records the scheme has (the query repeats this exact status list to use it).
    `CREATE INDEX ledger_records_claim ON ledger_records (scheme_id, updated_at, key) WHERE status IN ('pending', 'writing', 'failed', 'parked')`,
    `CREATE INDEX ledger_records_updated ON ledger_records (scheme_id, updated_at)`,
    `CREATE INDEX ledger_records_updated_all ON ledger_records (updated_at)`,
    `CREATE INDEX ledger_records_lease_owner ON ledger_records (lease_owner) WHERE lease_owner IS NOT NULL`,
    `CREATE TABLE ledger_attempts (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      scheme_id TEXT NOT NULL,
      key TEXT NOT NULL,
      run_id TEXT,
      at TIMESTAMPTZ NOT NULL,
      outcome TEXT NOT NULL,
      duration_ms BIGINT NOT NULL,
      error JSONB
    )`,
    `CREATE INDEX ledger_attempts_record ON ledger_attempts (scheme_id, key, at)`,
    `CREATE TABLE ledger_runs (
      id TEXT PRIMARY KEY,
      scheme_id TEXT NOT NULL,
      trigger TEXT NOT NULL,
      status TEXT NOT NULL,
      started_at TIMESTAMPTZ NOT NULL,
      finished_at TIMESTAMPTZ,
      duration_ms BIGINT,
      count_read INTEGER NOT NULL DEFAULT 0,
      count_documents INTEGER NOT NULL DEFAULT 0,
      count_pushed INTEGER NOT NULL DEFAULT 0,
      count_skipped INTEGER NOT NULL DEFAULT 0,
      count_failed INTEGER NOT NULL DEFAULT 0,
      count_retried INTEGER NOT NULL DEFAULT 0,
      cursor_from TEXT,
      cursor_to TEXT,
      error JSONB
    )`,
    `CREATE INDEX ledger_runs_scheme ON ledger_runs (scheme_id, started_at)`,
    `CREATE INDEX ledger_runs_started ON ledger_runs (started_at)`,
    `CREATE INDEX ledger_runs_status ON ledger_runs (status, started_at)`,
    `CREATE TABLE ledger_cursors (
      scheme_id TEXT PRIMARY KEY,
      value TEXT,
      updated_at TIMESTAMPTZ NOT NULL
    )`,
  ],
};
