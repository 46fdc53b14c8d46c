import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { migration0001Init } from './migrations/0001-init.js';
import { SqliteLedger } from './sqlite-ledger.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

it('migration 0002 marks records whose last write ended with an unknown outcome, and only those', async () => {
  dir = mkdtempSync(join(tmpdir(), 'qiao-migration-'));
  const filename = join(dir, 'ledger.db');
  // A ledger as a qiao at schema version 1 left it.
  const old = new Database(filename);
  for (const statement of migration0001Init.statements) old.exec(statement);
  old.exec(
    `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
  );
  old.prepare(`INSERT INTO schema_migrations VALUES (1, 'init', '2026-01-01T00:00:00.000Z')`).run();
  const insert = old.prepare(
    `INSERT INTO ledger_records (scheme_id, key, status, last_error, created_at, updated_at) VALUES ('s', ?, ?, ?, ?, ?)`,
  );
  const at = '2026-01-02T03:04:05.000Z';
  insert.run('UNKNOWN', 'failed', JSON.stringify({ code: 'okki.outcome_unknown', kind: 'outcome_unknown' }), at, at);
  insert.run('TRANSIENT', 'failed', JSON.stringify({ code: 'okki.network', kind: 'transient' }), at, at);
  insert.run('CLEAN', 'succeeded', null, at, at);
  old.close();

  const ledger = new SqliteLedger({ filename });
  await ledger.migrate();
  expect((await ledger.getRecord('s', 'UNKNOWN'))?.outcomeUnknownSince).toBe(at);
  expect((await ledger.getRecord('s', 'TRANSIENT'))?.outcomeUnknownSince).toBeNull();
  expect((await ledger.getRecord('s', 'CLEAN'))?.outcomeUnknownSince).toBeNull();
  await ledger.close();
});
