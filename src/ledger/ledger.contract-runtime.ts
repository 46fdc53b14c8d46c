import { describe, expect, it } from 'vitest';
import { doc, failure, type ContractContext } from './ledger.contract-kit.js';
import { contentHash } from './stable-hash.js';
import type { Ledger } from './ledger.js';

const claim = (store: Ledger, owner = 'w1', limit = 100, leaseMs = 60_000, now?: string) =>
  store.claimDue('s', { owner, limit, leaseMs, now });

/** Pushes `payload` for `key` through ingest → claim → markSucceeded. */
async function pushed(store: Ledger, key: string, payload: unknown): Promise<void> {
  await store.ingest('s', 'run-0', [doc(key, payload)]);
  const claimed = await claim(store);
  expect(claimed.map((r) => r.key)).toContain(key);
  await store.markSucceeded('s', key, {
    runId: 'run-0',
    payloadHash: contentHash(payload),
    payload,
    targetReply: { ok: true },
    targetIds: { order_id: `id-${key}` },
  });
}

/** ingest, claim, markSucceeded/markFailed, leases, atomicity and concurrency. */
export function describeLedgerContract(ctx: ContractContext): void {
  describe('ingest', () => {
    it('records new documents as pending, or failed/parked when they carry an error', async () => {
      const next = ctx.clock.iso(60_000);
      const outcomes = await ctx.store.ingest('s', 'run-1', [
        doc('A-1', { qty: 1 }, { sourceVersion: '2026-02-01T10:00:00' }),
        doc('A-2', null, { error: failure('lookup_missing', 'lookup.customer'), nextAttemptAt: next }),
        doc('A-3', null, { error: failure('record', 'mapping.failed') }),
      ]);
      expect(outcomes).toEqual(['new', 'new', 'new']);
      const a1 = await ctx.store.getRecord('s', 'A-1');
      expect(a1).toMatchObject({
        schemeId: 's',
        key: 'A-1',
        status: 'pending',
        attempts: 0,
        payload: { qty: 1 },
        payloadHash: contentHash({ qty: 1 }),
        pushedHash: null,
        sourceVersion: '2026-02-01T10:00:00',
        lastRunId: 'run-1',
        lastError: null,
      });
      expect(a1?.source).toEqual({ key: 'A-1', payload: { qty: 1 } });
      expect(a1?.createdAt).toBe(ctx.clock.iso());
      expect(await ctx.store.getRecord('s', 'A-2')).toMatchObject({
        status: 'parked',
        payload: null,
        nextAttemptAt: next,
        lastError: { code: 'lookup.customer' },
      });
      expect(await ctx.store.getRecord('s', 'A-3')).toMatchObject({
        status: 'failed',
        nextAttemptAt: null,
        lastError: { code: 'mapping.failed', kind: 'record' },
      });
    });

    it('moves the cursor in the same call, leaves it when omitted, clears it with null', async () => {
      await ctx.store.ingest('s', null, [doc('A-1', 1)], '2026-02-01T00:00:00');
      expect((await ctx.store.getCursor('s'))?.value).toBe('2026-02-01T00:00:00');
      await ctx.store.ingest('s', null, [doc('A-2', 2)]);
      expect((await ctx.store.getCursor('s'))?.value).toBe('2026-02-01T00:00:00');
      await ctx.store.ingest('s', null, [], '2026-02-02T00:00:00');
      expect((await ctx.store.getCursor('s'))?.value).toBe('2026-02-02T00:00:00');
      await ctx.store.ingest('s', null, [], null);
      expect(await ctx.store.getCursor('s')).toMatchObject({ schemeId: 's', value: null });
      expect(await ctx.store.getCursor('other')).toBeNull();
    });

    it('is atomic: a failure in the middle of a batch records neither documents nor cursor', async () => {
      await ctx.store.ingest('s', null, [doc('OLD', { v: 1 })], 'c-before');
      const docs = Array.from({ length: 700 }, (_, i) => doc(`K-${String(i).padStart(4, '0')}`, { i }));
      docs[650] = { ...docs[650]!, payload: { bad: 10n }, payloadHash: 'h' }; // cannot be stored as JSON
      docs.push(doc('OLD', { v: 2 }));
      await expect(ctx.store.ingest('s', null, docs, 'c-after')).rejects.toThrow();
      expect((await ctx.store.getCursor('s'))?.value).toBe('c-before');
      expect((await ctx.store.listRecords({ schemeId: 's' })).total).toBe(1);
      expect((await ctx.store.getRecord('s', 'OLD'))?.payload).toEqual({ v: 1 });
      // The store is usable afterwards (no transaction left open).
      expect(await ctx.store.ingest('s', null, [doc('K-0000', { i: 0 })], 'c-after')).toEqual(['new']);
      expect((await ctx.store.getCursor('s'))?.value).toBe('c-after');
    });

    it('resets a changed payload to pending with a fresh start, whatever the status was', async () => {
      await pushed(ctx.store, 'S', { v: 1 });
      await ctx.store.ingest('s', null, [doc('D', { v: 1 }), doc('K', { v: 1 }), doc('F', { v: 1 })]);
      await claim(ctx.store);
      await ctx.store.markFailed('s', 'D', {
        runId: null,
        error: failure('transient'),
        status: 'dead',
        nextAttemptAt: null,
        countAttempt: true,
      });
      await ctx.store.markFailed('s', 'F', {
        runId: null,
        error: failure('record'),
        status: 'failed',
        nextAttemptAt: null,
        countAttempt: true,
      });
      await ctx.store.markFailed('s', 'K', {
        runId: null,
        error: failure('transient'),
        status: 'failed',
        nextAttemptAt: null,
        countAttempt: true,
      });
      await ctx.store.skip('s', 'K', 'not needed');
      ctx.clock.advance(1000);
      const outcomes = await ctx.store.ingest(
        's',
        'run-2',
        ['S', 'D', 'K', 'F'].map((k) => doc(k, { v: 2 }, { sourceVersion: 'v2' })),
      );
      expect(outcomes).toEqual(['changed', 'changed', 'changed', 'changed']);
      for (const key of ['S', 'D', 'K', 'F']) {
        expect(await ctx.store.getRecord('s', key)).toMatchObject({
          status: 'pending',
          attempts: 0,
          lastError: null,
          nextAttemptAt: null,
          payload: { v: 2 },
          sourceVersion: 'v2',
          lastRunId: 'run-2',
          updatedAt: ctx.clock.iso(),
        });
      }
      expect((await ctx.store.getRecord('s', 'S'))?.pushedHash).toBe(contentHash({ v: 1 }));
    });

    it('reports unchanged when the payload equals the pushed one, refreshing source but not updatedAt', async () => {
      await pushed(ctx.store, 'A', { v: 1 });
      const before = await ctx.store.getRecord('s', 'A');
      ctx.clock.advance(5000);
      const outcome = await ctx.store.ingest('s', 'run-3', [
        doc('A', { v: 1 }, { source: { note: 'new remark' }, sourceVersion: 'v9' }),
      ]);
      expect(outcome).toEqual(['unchanged']);
      const after = await ctx.store.getRecord('s', 'A');
      expect(after).toMatchObject({
        status: 'succeeded',
        attempts: before!.attempts,
        source: { note: 'new remark' },
        sourceVersion: 'v9',
        updatedAt: before!.updatedAt,
      });
    });

    it('marks a pending change that reverted to the pushed payload as succeeded (unchanged)', async () => {
      await pushed(ctx.store, 'A', { v: 1 });
      await ctx.store.ingest('s', null, [doc('A', { v: 2 })]);
      expect(await ctx.store.ingest('s', null, [doc('A', { v: 1 })])).toEqual(['unchanged']);
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({ status: 'succeeded', payload: { v: 1 } });
      expect(await claim(ctx.store)).toEqual([]);
    });

    it('holds documents whose payload is already pending, failed, dead, skipped or being written', async () => {
      await ctx.store.ingest('s', null, [doc('W', { k: 'W' })]);
      expect((await claim(ctx.store, 'w0')).map((r) => r.key)).toEqual(['W']);
      await ctx.store.ingest(
        's',
        null,
        ['P', 'F', 'D', 'K'].map((k) => doc(k, { k })),
      );
      await claim(ctx.store, 'w1');
      const retryAt = ctx.clock.iso(3_600_000);
      await ctx.store.markFailed('s', 'F', {
        runId: null,
        error: failure('transient'),
        status: 'failed',
        nextAttemptAt: retryAt,
        countAttempt: true,
      });
      await ctx.store.markFailed('s', 'D', {
        runId: null,
        error: failure('transient'),
        status: 'dead',
        nextAttemptAt: null,
        countAttempt: true,
      });
      await ctx.store.markFailed('s', 'K', {
        runId: null,
        error: failure('record'),
        status: 'failed',
        nextAttemptAt: null,
        countAttempt: true,
      });
      await ctx.store.skip('s', 'K', 'operator');
      expect(await ctx.store.releaseLeases('w1')).toBe(1); // P back to pending
      const before = await ctx.store.listRecords({ schemeId: 's' });
      ctx.clock.advance(1000);
      const outcomes = await ctx.store.ingest(
        's',
        'run-x',
        ['P', 'F', 'D', 'K', 'W'].map((k) => doc(k, { k }, { sourceVersion: 'later' })),
      );
      expect(outcomes).toEqual(['held', 'held', 'held', 'held', 'held']);
      expect(await ctx.store.listRecords({ schemeId: 's' })).toEqual(before);
      expect((await ctx.store.getRecord('s', 'F'))?.nextAttemptAt).toBe(retryAt);
    });

    it('handles documents whose payload could not be built', async () => {
      await pushed(ctx.store, 'OK', { v: 1 });
      const okSource = (await ctx.store.getRecord('s', 'OK'))!.source;
      const lookup = failure('lookup_missing', 'lookup.customer');
      // Identical source of a succeeded record: held (e.g. a lookup table changed, the order did not).
      expect(
        await ctx.store.ingest('s', null, [
          { key: 'OK', source: okSource, sourceVersion: null, payload: null, payloadHash: null, error: lookup },
        ]),
      ).toEqual(['held']);
      expect((await ctx.store.getRecord('s', 'OK'))?.status).toBe('succeeded');
      // A changed source that cannot be mapped: parked with the error.
      const next = ctx.clock.iso(600_000);
      expect(
        await ctx.store.ingest('s', null, [
          {
            key: 'OK',
            source: { changed: true },
            sourceVersion: 'v2',
            payload: null,
            payloadHash: null,
            error: lookup,
            nextAttemptAt: next,
          },
        ]),
      ).toEqual(['changed']);
      expect(await ctx.store.getRecord('s', 'OK')).toMatchObject({
        status: 'parked',
        payload: null,
        payloadHash: null,
        lastError: { code: 'lookup.customer' },
        nextAttemptAt: next,
        attempts: 0,
      });
      // The same failure again keeps the retry schedule.
      expect(
        await ctx.store.ingest('s', null, [
          {
            key: 'OK',
            source: { changed: true },
            sourceVersion: 'v2',
            payload: null,
            payloadHash: null,
            error: lookup,
            nextAttemptAt: ctx.clock.iso(1),
          },
        ]),
      ).toEqual(['held']);
      expect((await ctx.store.getRecord('s', 'OK'))?.nextAttemptAt).toBe(next);
      // Once it maps again, it is a change.
      expect(await ctx.store.ingest('s', null, [doc('OK', { v: 3 })])).toEqual(['changed']);
      expect((await ctx.store.getRecord('s', 'OK'))?.status).toBe('pending');
    });

    it('decides repeated keys of one batch in order', async () => {
      expect(await ctx.store.ingest('s', null, [doc('A', 1), doc('A', 1), doc('A', 2)])).toEqual([
        'new',
        'held',
        'changed',
      ]);
      expect((await ctx.store.getRecord('s', 'A'))?.payload).toBe(2);
    });

    it('ingests a 1,000-document batch quickly and round-trips JSON exactly', async () => {
      const docs = Array.from({ length: 1000 }, (_, i) =>
        doc(`SO-${String(i).padStart(5, '0')}`, {
          no: i,
          name: `订单 ${i} ✓`,
          lines: [{ qty: 1.5, price: 12345678.12, note: null, flag: i % 2 === 0 }],
          text: 'null',
        }),
      );
      const started = performance.now();
      const outcomes = await ctx.store.ingest('s', 'big', docs, 'big-cursor');
      const ms = performance.now() - started;
      expect(outcomes.filter((o) => o === 'new')).toHaveLength(1000);
      expect(ms).toBeLessThan(3000);
      const again = performance.now();
      expect(new Set(await ctx.store.ingest('s', 'big', docs))).toEqual(new Set(['held']));
      expect(performance.now() - again).toBeLessThan(3000);
      expect((await ctx.store.getRecord('s', 'SO-00999'))?.payload).toEqual(docs[999]!.payload);
      expect((await ctx.store.countByStatus('s'))[0]?.counts.pending).toBe(1000);
    });
  });

  describe('claimDue and leases', () => {
    it('claims exactly the due records, oldest first, under a lease', async () => {
      await ctx.store.ingest('s', null, [doc('P1', 1)]);
      ctx.clock.advance(10);
      await ctx.store.ingest('s', null, [
        doc('P2', 2),
        doc('PARK-DUE', null, { error: failure('lookup_missing'), nextAttemptAt: ctx.clock.iso(-1) }),
        doc('PARK-LATER', null, { error: failure('lookup_missing'), nextAttemptAt: ctx.clock.iso(60_000) }),
        doc('FAIL-DUE', null, { error: failure('transient'), nextAttemptAt: ctx.clock.iso(0) }),
        doc('FAIL-NEVER', null, { error: failure('record') }),
      ]);
      await ctx.store.ingest('other-scheme', null, [doc('X', 1)]);
      const claimed = await claim(ctx.store, 'host:1:abc', 10, 30_000);
      expect(claimed.map((r) => r.key)).toEqual(['P1', 'FAIL-DUE', 'P2', 'PARK-DUE']);
      for (const r of claimed)
        expect(r).toMatchObject({
          status: 'writing',
          leaseOwner: 'host:1:abc',
          leaseUntil: ctx.clock.iso(30_000),
          attempts: 0,
        });
      expect(await claim(ctx.store, 'w2')).toEqual([]);
      expect((await ctx.store.getRecord('s', 'P1'))?.status).toBe('writing');
    });

    it('respects limit and includeParked=false', async () => {
      await ctx.store.ingest('s', null, [
        doc('A', 1),
        doc('B', 2),
        doc('C', 3),
        doc('Z', null, { error: failure('lookup_missing'), nextAttemptAt: ctx.clock.iso(-5) }),
      ]);
      expect(await claim(ctx.store, 'w', 0)).toEqual([]);
      expect((await claim(ctx.store, 'w', 2)).map((r) => r.key)).toEqual(['A', 'B']);
      expect(
        (await ctx.store.claimDue('s', { owner: 'w', limit: 10, leaseMs: 1000, includeParked: false })).map(
          (r) => r.key,
        ),
      ).toEqual(['C']);
      expect((await claim(ctx.store, 'w', 10)).map((r) => r.key)).toEqual(['Z']);
    });

    it('makes records claimable again when the lease expires, and releaseLeases gives them back', async () => {
      await ctx.store.ingest('s', null, [doc('A', 1), doc('B', 2)]);
      expect(await claim(ctx.store, 'w1', 1, 1000)).toHaveLength(1);
      expect(await claim(ctx.store, 'w2', 1, 1000, ctx.clock.iso(999))).toHaveLength(1);
      expect(await claim(ctx.store, 'w3', 10, 1000, ctx.clock.iso(1000))).toEqual([]);
      const late = await claim(ctx.store, 'w3', 10, 1000, ctx.clock.iso(1001));
      expect(late.map((r) => [r.key, r.leaseOwner])).toEqual([['A', 'w3']]);
      expect(await ctx.store.releaseLeases('w2')).toBe(1);
      expect(await ctx.store.releaseLeases('w2')).toBe(0);
      expect(await ctx.store.getRecord('s', 'B')).toMatchObject({
        status: 'pending',
        leaseOwner: null,
        leaseUntil: null,
        attempts: 0,
      });
      expect((await claim(ctx.store, 'w4')).map((r) => r.key)).toEqual(['B']);
    });

    it('never hands the same record to concurrent claimers on two connections', async () => {
      const other = await ctx.fixture.openAnother();
      const keys = Array.from({ length: 240 }, (_, i) => `K${String(i).padStart(3, '0')}`);
      await ctx.store.ingest(
        's',
        null,
        keys.map((k) => doc(k, { k })),
      );
      const drain = async (store: Ledger, owner: string) => {
        const got: string[] = [];
        for (;;) {
          const batch = await store.claimDue('s', { owner, limit: 7, leaseMs: 600_000 });
          if (batch.length === 0) return got;
          got.push(...batch.map((r) => r.key));
          for (const r of batch)
            await store.markSucceeded('s', r.key, {
              runId: null,
              payloadHash: r.payloadHash!,
              payload: r.payload,
              targetReply: null,
              targetIds: null,
            });
        }
      };
      const results = await Promise.all([
        drain(ctx.store, 'a'),
        drain(other, 'b'),
        drain(ctx.store, 'c'),
        drain(other, 'd'),
      ]);
      const all = results.flat();
      expect(all.length).toBe(keys.length);
      expect(new Set(all).size).toBe(keys.length);
      expect((await ctx.store.countByStatus('s'))[0]?.counts.succeeded).toBe(keys.length);
    });
  });
}
