import type { LedgerMigration } from '../../ledger-dialect.js';

/**
 * When a document's retry budget started running (issue 9): retries are limited by time (e.g. 24 h
 * since the first failed try) instead of a handful of quick tries. Existing failed records start
 * their clock at their next counted failure.
 */
export const migration0003RetryClock: LedgerMigration = {
  version: 3,
  name: 'retry-clock',
  statements: [`ALTER TABLE ledger_records ADD COLUMN first_failed_at TIMESTAMPTZ`],
};
