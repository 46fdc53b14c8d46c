import type { LedgerMigration } from '../../ledger-dialect.js';

/** SQLite: times are ISO-8601 UTC text (sortable as text), JSON is text. */
export const migration0001Init: LedgerMigration = {
  version: 1,
  name: 'init',
  statements: [
    `CREATE TABLE ledger_records (
      scheme_id TEXT NOT NULL,
      key TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending','writing','succeeded','failed','parked','dead','skipped')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT,
      last_error TEXT,
      source TEXT,
      payload TEXT,
      payload_hash TEXT,
      pushed_hash TEXT,
      pushed_payload TEXT,
      previous_payload TEXT,
      target_reply TEXT,
      target_ids TEXT,
      source_version TEXT,
      last_run_id TEXT,
      lease_owner TEXT,
      lease_until TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      succeeded_at TEXT,
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
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      scheme_id TEXT NOT NULL,
      key TEXT NOT NULL,
      run_id TEXT,
      at TEXT NOT NULL,
      outcome TEXT NOT NULL,
      duration_ms INTEGER NOT NULL,
      error TEXT
    )`,
    `CREATE INDEX ledger_attempts_record ON ledger_attempts (scheme_id, key, at)`,
    `CREATE TABLE ledger_runs (
      id TEXT PRIMARY KEY,
      scheme_id TEXT NOT NULL,
      trigger TEXT NOT NULL,
      status TEXT NOT NULL,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      duration_ms INTEGER,
      count_read INTEGER NOT NULL DEFAULT 0,
      count_documents INTEGER NOT NULL DEFAULT 0,
      count_pushed INTEGER NOT NULL DEFAULT 0,
      count_skipped INTEGER NOT NULL DEFAULT 0,
      count_failed INTEGER NOT NULL DEFAULT 0,
      count_retried INTEGER NOT NULL DEFAULT 0,
      cursor_from TEXT,
      cursor_to TEXT,
      error TEXT
    )`,
    `CREATE INDEX ledger_runs_scheme ON ledger_runs (scheme_id, started_at)`,
    `CREATE INDEX ledger_runs_started ON ledger_runs (started_at)`,
    `CREATE INDEX ledger_runs_status ON ledger_runs (status, started_at)`,
    `CREATE TABLE ledger_cursors (
      scheme_id TEXT PRIMARY KEY,
      value TEXT,
      updated_at TEXT NOT NULL
    )`,
  ],
};
