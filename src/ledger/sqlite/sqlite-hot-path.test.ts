import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentHash } from '../stable-hash.js';
import type { IngestDocument } from '../ledger.js';
import { HOT_PATH_SQL } from './sqlite-hot-path.js';
import { SqliteLedger } from './sqlite-ledger.js';

const doc = (key: string, payload: unknown): IngestDocument => ({
  key,
  source: { key, big: 'x'.repeat(2000) },
  sourceVersion: null,
  payload,
  payloadHash: contentHash(payload),
});

describe('SQLite hot path', () => {
  let dir: string;
  let filename: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'qiao-hot-'));
    filename = join(dir, 'ledger.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('claims through the partial claim index, however many records succeeded', async () => {
    const store = new SqliteLedger({ filename });
    await store.migrate();
    await store.close();
    const probe = new Database(filename, { readonly: true });
    const plan = probe
      .prepare(`EXPLAIN QUERY PLAN ${HOT_PATH_SQL.claim}`)
      .all({ schemeId: 's', owner: 'o', limit: 1, now: 'n', leaseUntil: 'l', parked: 'parked' }) as Array<{
      detail: string;
    }>;
    probe.close();
    expect(plan.map((r) => r.detail).join('\n')).toMatch(/USING INDEX ledger_records_claim/);
  });

  it('interleaves with Kysely transactions of another store on the same file without deadlock or lost writes', async () => {
    const a = new SqliteLedger({ filename });
    const b = new SqliteLedger({ filename });
    await a.migrate();
    await b.migrate();
    try {
      await a.ingest(
        's',
        null,
        Array.from({ length: 200 }, (_, i) => doc(`K${String(i).padStart(3, '0')}`, { i })),
      );
      // b drains with the hot path while a keeps ingesting new keys in transactions spanning awaits.
      const drain = (async () => {
        let n = 0;
        for (let round = 0; round < 100; round++) {
          const claimed = await b.claimDue('s', { owner: 'b', limit: 16, leaseMs: 60_000 });
          if (claimed.length === 0) break;
          await b.markSucceededMany(
            's',
            claimed.map((r) => ({
              key: r.key,
              update: {
                runId: null,
                payloadHash: r.payloadHash!,
                payload: r.payload,
                targetReply: null,
                targetIds: { n },
              },
              attempt: {
                schemeId: 's',
                key: r.key,
                runId: null,
                at: new Date().toISOString(),
                outcome: 'succeeded' as const,
                durationMs: 1,
                error: null,
              },
            })),
          );
          n += claimed.length;
        }
        return n;
      })();
      const ingests = Array.from({ length: 10 }, (_, j) =>
        a.ingest(
          's',
          null,
          Array.from({ length: 20 }, (_, i) => doc(`N${j}-${i}`, { j, i })),
        ),
      );
      await Promise.all(ingests);
      const drained = await drain;
      const counts = (await a.countByStatus('s'))[0]!.counts;
      expect(counts.succeeded).toBe(drained);
      expect(counts.succeeded + counts.pending).toBe(400);
      expect(counts.writing).toBe(0);
      const sample = await a.listRecords({ schemeId: 's', status: 'succeeded', limit: 1 });
      expect(await a.listAttempts('s', sample.records[0]!.key)).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('parses a claimed record’s large JSON columns only when read, and fails a write of a value JSON cannot hold alone', async () => {
    const store = new SqliteLedger({ filename });
    await store.migrate();
    try {
      await store.ingest('s', null, [doc('A', { v: 1 }), doc('B', { v: 2 })]);
      const parse = JSON.parse;
      let parsed = 0;
      JSON.parse = ((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
        parsed++;
        return parse(text, reviver);
      }) as typeof JSON.parse;
      // biome-ignore lint/suspicious/noImplicitAnyLet: assigned in the loop below
      let claimed;
      try {
        claimed = await store.claimDue('s', { owner: 'w', limit: 2, leaseMs: 60_000 });
        expect(parsed).toBe(0); // lastError and targetIds are NULL; nothing else parsed yet
        expect(claimed[0]!.payload).toEqual({ v: 1 });
        expect(parsed).toBe(1);
      } finally {
        JSON.parse = parse;
      }
      expect(claimed[0]!.source).toMatchObject({ key: 'A' });
      // A payload that cannot be encoded fails the group before anything is written.
      const bad = {
        key: 'B',
        update: { runId: null, payloadHash: 'h', payload: { n: 1n }, targetReply: null, targetIds: null },
      };
      const good = {
        key: 'A',
        update: {
          runId: null,
          payloadHash: claimed[0]!.payloadHash!,
          payload: claimed[0]!.payload,
          targetReply: null,
          targetIds: null,
        },
      };
      await expect(store.markSucceededMany('s', [good, bad])).rejects.toThrow(/BigInt/);
      expect((await store.getRecord('s', 'A'))?.status).toBe('writing');
      await store.markSucceededMany('s', [good]);
      expect((await store.getRecord('s', 'A'))?.status).toBe('succeeded');
    } finally {
      await store.close();
    }
  });
});
