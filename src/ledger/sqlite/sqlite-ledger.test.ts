import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../stable-hash.js';
import { describeLedger } from '../ledger.contract.js';
import { SqliteLedger } from './sqlite-ledger.js';

const execFileAsync = promisify(execFile);

describeLedger('SQLite file', async ({ clock }) => {
  const dir = mkdtempSync(join(tmpdir(), 'qiao-ledger-'));
  const filename = join(dir, 'ledger.db');
  const opened: SqliteLedger[] = [];
  const open = async () => {
    const store = new SqliteLedger({ filename, clock });
    opened.push(store);
    await store.migrate();
    return store;
  };
  return {
    store: await open(),
    openAnother: open,
    dispose: async () => {
      for (const s of opened) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeLedger('SQLite :memory:', async ({ clock }) => {
  const store = new SqliteLedger({ filename: ':memory:', clock });
  await store.migrate();
  return {
    store,
    // A private in-memory database cannot be shared; a second claimer uses the same store.
    openAnother: async () => store,
    dispose: () => store.close(),
  };
});

describe('SQLite across processes', () => {
  it('several processes claiming from one file never get the same record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qiao-ledger-mp-'));
    const filename = join(dir, 'ledger.db');
    const store = new SqliteLedger({ filename });
    try {
      await store.migrate();
      const keys = Array.from({ length: 300 }, (_, i) => `SO-${String(i).padStart(4, '0')}`);
      await store.ingest(
        's',
        null,
        keys.map((k) => ({
          key: k,
          source: { k },
          sourceVersion: null,
          payload: { k },
          payloadHash: contentHash({ k }),
        })),
      );
      const script = fileURLToPath(new URL('./sqlite-claim-worker.fixture.ts', import.meta.url));
      const owners = ['p1', 'p2', 'p3'];
      const outputs = await Promise.all(
        owners.map((owner) =>
          execFileAsync(process.execPath, ['--import', 'tsx', script, filename, owner, String(owners.length)], {
            timeout: 40_000,
          }),
        ),
      );
      const perProcess = outputs.map((o) => JSON.parse(o.stdout) as string[]);
      const all = perProcess.flat();
      // They really competed: every process got a share.
      for (const got of perProcess) expect(got.length).toBeGreaterThan(0);
      expect(all).toHaveLength(keys.length);
      expect(new Set(all).size).toBe(keys.length);
      expect((await store.countByStatus('s'))[0]?.counts.succeeded).toBe(keys.length);
      // Every success came with exactly one attempt row, written by the process that claimed it.
      for (const key of [keys[0]!, keys[150]!, keys[299]!]) {
        const attempts = await store.listAttempts('s', key);
        expect(attempts).toHaveLength(1);
        expect((await store.getRecord('s', key))?.targetIds).toEqual({ by: attempts[0]!.runId });
      }
      // Each record's target ids name the one process that wrote it.
      const sample = await store.getRecord('s', perProcess[0]![0]!);
      expect(sample?.targetIds).toEqual({ by: 'p1' });
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens the file in WAL mode with synchronous=NORMAL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qiao-ledger-wal-'));
    const filename = join(dir, 'ledger.db');
    const store = new SqliteLedger({ filename });
    try {
      await store.migrate();
      const probe = new Database(filename, { readonly: true });
      expect(probe.pragma('journal_mode', { simple: true })).toBe('wal');
      probe.close();
      expect(store.pragma('synchronous')).toBe(1);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
