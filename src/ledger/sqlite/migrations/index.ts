import type { LedgerMigration } from '../../ledger-dialect.js';
import { migration0001Init } from './0001-init.js';

/** Every SQLite migration, in order. Append new ones; never edit or remove released ones. */
export const sqliteMigrations: readonly LedgerMigration[] = [migration0001Init];
