import type { LedgerMigration } from '../../ledger-dialect.js';

/**
 * The outcome-unknown marker (issue 9): set when a write may have reached the target without its
 * reply being recorded, cleared only by a recorded success, never by ingest. Records whose last
 * error already says so carry it from the start.
 */
export const migration0002OutcomeUnknown: LedgerMigration = {
  version: 2,
  name: 'outcome-unknown',
  statements: [
    `ALTER TABLE ledger_records ADD COLUMN outcome_unknown_since TEXT`,
    `UPDATE ledger_records SET outcome_unknown_since = updated_at
      WHERE json_valid(last_error) AND json_extract(last_error, '$.kind') = 'outcome_unknown'`,
  ],
};
