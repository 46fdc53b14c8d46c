import type { LedgerMigration } from '../../ledger-dialect.js';

/** The API's audit log (issue 11): one row per state-changing call. */
export const migration0005AuditLog: LedgerMigration = {
  version: 5,
  name: 'audit-log',
  statements: [
    `CREATE TABLE audit_log (
      id BIGSERIAL PRIMARY KEY,
      at TIMESTAMPTZ NOT NULL,
      actor TEXT NOT NULL,
      role TEXT,
      method TEXT NOT NULL,
      path TEXT NOT NULL,
      status INTEGER NOT NULL,
      remote TEXT,
      details JSONB
    )`,
    `CREATE INDEX audit_log_at ON audit_log (at)`,
    `CREATE INDEX audit_log_actor_at ON audit_log (actor, at)`,
  ],
};
