import type { LedgerMigration } from '../../ledger-dialect.js';

/**
 * How long and how often a document has waited on a missing lookup in its current wait (issue 9):
 * a parked document used to wait forever, re-parked every minute without a trace. Existing records
 * start with no wait; parked ones get their clock at their next park.
 */
export const migration0004ParkClock: LedgerMigration = {
  version: 4,
  name: 'park-clock',
  statements: [
    `ALTER TABLE ledger_records ADD COLUMN park_count INTEGER NOT NULL DEFAULT 0`,
    `ALTER TABLE ledger_records ADD COLUMN parked_since TEXT`,
  ],
};
