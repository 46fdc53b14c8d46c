import type { LedgerMigration } from '../../ledger-dialect.js';
import { migration0001Init } from './0001-init.js';
import { migration0002OutcomeUnknown } from './0002-outcome-unknown.js';
import { migration0003RetryClock } from './0003-retry-clock.js';
import { migration0004ParkClock } from './0004-park-clock.js';
import { migration0005AuditLog } from './0005-audit-log.js';

/** Every SQLite migration, in order. Append new ones; never edit or remove released ones. */
export const sqliteMigrations: readonly LedgerMigration[] = [
  migration0001Init,
  migration0002OutcomeUnknown,
  migration0003RetryClock,
  migration0004ParkClock,
  migration0005AuditLog,
];
