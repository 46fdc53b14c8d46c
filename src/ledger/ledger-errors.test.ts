import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { IntegrationError } from '../core/errors.js';
import { SqliteLedger } from './sqlite/sqlite-ledger.js';
import { classifyStoreError } from './ledger-errors.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('classifyStoreError', () => {
  it('maps lock contention, lost connections and full disks to actionable kinds', () => {
    expect(classifyStoreError(withCode('database is locked', 'SQLITE_BUSY'))).toMatchObject({
      code: 'store.busy',
      kind: 'transient',
    });
    expect(classifyStoreError(withCode('could not serialize access', '40001'))).toMatchObject({
      code: 'store.unavailable',
      kind: 'transient',
    });
    expect(classifyStoreError(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toMatchObject({
      code: 'store.unavailable',
      kind: 'transient',
    });
    expect(classifyStoreError(withCode('connection failure', '08006'))).toMatchObject({ kind: 'transient' });
    expect(classifyStoreError(withCode('database or disk is full', 'SQLITE_FULL'))).toMatchObject({
      code: 'store.disk_full',
      kind: 'config',
    });
  });

  it('leaves other errors alone', () => {
    const plain = new TypeError('x');
    expect(classifyStoreError(plain)).toBe(plain);
    const unique = withCode('duplicate key', '23505');
    expect(classifyStoreError(unique)).toBe(unique);
    const mine = new IntegrationError('m', { code: 'c', kind: 'record' });
    expect(classifyStoreError(mine)).toBe(mine);
  });

  it('turns a SQLite write lock held past the busy timeout into store.busy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qiao-busy-'));
    const filename = join(dir, 'ledger.db');
    const store = new SqliteLedger({ filename, busyTimeoutMs: 50 });
    const other = new Database(filename);
    try {
      await store.migrate();
      other.exec('BEGIN IMMEDIATE'); // another process holding the write lock
      await expect(store.setCursor('s', 'x')).rejects.toMatchObject({ code: 'store.busy', kind: 'transient' });
      await expect(store.ingest('s', null, [], 'x')).rejects.toMatchObject({ code: 'store.busy' });
      other.exec('ROLLBACK');
      await store.ingest('s', null, [], 'y');
      expect((await store.getCursor('s'))?.value).toBe('y');
    } finally {
      other.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
