import { describe, expect, it } from 'vitest';
import type { FailureUpdate, Ledger, SuccessUpdate } from './ledger.js';
import { doc, failure, type ContractContext } from './ledger.contract-kit.js';
import { contentHash } from './stable-hash.js';

const claim = (store: Ledger, owner = 'w1', leaseMs = 60_000, now?: string) =>
  store.claimDue('s', { owner, limit: 100, leaseMs, now });

const failed = (kind: Parameters<typeof failure>[0], nextAttemptAt: string | null = null): FailureUpdate => ({
  runId: 'r',
  error: failure(kind),
  status: 'failed',
  nextAttemptAt,
  countAttempt: true,
});

const success = (payload: unknown): SuccessUpdate => ({
  runId: 'r',
  payload,
  payloadHash: contentHash(payload),
  targetReply: { ok: true },
  targetIds: { order_id: 'O-1' },
});

const marker = async (store: Ledger, key: string) => (await store.getRecord('s', key))?.outcomeUnknownSince;

/**
 * The outcome-unknown marker (issue 9): a write that may have reached the target without its
 * reply being recorded is remembered until a success is recorded, across failures, re-ingests of
 * a changed version and lease takeovers, so the next write reads the target back first.
 */
export function describeOutcomeUnknownContract(ctx: ContractContext): void {
  describe('outcome-unknown marker', () => {
    it('is set by an outcome-unknown failure, kept through other failures and changed versions, cleared by a success', async () => {
      await ctx.store.ingest('s', null, [doc('A', { v: 1 })]);
      expect(await marker(ctx.store, 'A')).toBeNull();
      await claim(ctx.store);
      const first = ctx.clock.iso();
      await ctx.store.markFailed('s', 'A', failed('outcome_unknown', first));
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({ status: 'failed', outcomeUnknownSince: first });

      ctx.clock.advance(1_000);
      await claim(ctx.store);
      await ctx.store.markFailed('s', 'A', failed('transient', ctx.clock.iso()));
      await claim(ctx.store);
      await ctx.store.markFailed('s', 'A', failed('outcome_unknown', ctx.clock.iso()));
      expect(await marker(ctx.store, 'A')).toBe(first); // the earliest doubt is kept

      ctx.clock.advance(1_000);
      expect(await ctx.store.ingest('s', null, [doc('A', { v: 2 })])).toEqual(['changed']);
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'pending',
        lastError: null,
        attempts: 0,
        outcomeUnknownSince: first,
      });
      await claim(ctx.store);
      await ctx.store.markFailed('s', 'A', failed('record'));
      expect(await marker(ctx.store, 'A')).toBe(first);

      await ctx.store.ingest('s', null, [doc('A', { v: 3 })]);
      await claim(ctx.store);
      await ctx.store.markSucceeded('s', 'A', success({ v: 3 }));
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({ status: 'succeeded', outcomeUnknownSince: null });
    });

    it('makes a payload equal to the pushed one due again instead of unchanged', async () => {
      for (const key of ['SURE', 'UNSURE']) {
        await ctx.store.ingest('s', null, [doc(key, { v: 1 })]);
        await claim(ctx.store);
        await ctx.store.markSucceeded('s', key, success({ v: 1 }));
        await ctx.store.ingest('s', null, [doc(key, { v: 2 })]);
      }
      await claim(ctx.store);
      await ctx.store.markFailed('s', 'SURE', failed('record'));
      await ctx.store.markFailed('s', 'UNSURE', failed('outcome_unknown', ctx.clock.iso(60_000)));

      // Back to version 1: for SURE the target holds it; for UNSURE version 2 may have landed.
      const outcomes = await ctx.store.ingest('s', null, [doc('SURE', { v: 1 }), doc('UNSURE', { v: 1 })]);
      expect(outcomes).toEqual(['unchanged', 'changed']);
      expect(await ctx.store.getRecord('s', 'SURE')).toMatchObject({ status: 'succeeded', outcomeUnknownSince: null });
      expect(await ctx.store.getRecord('s', 'UNSURE')).toMatchObject({
        status: 'pending',
        payloadHash: contentHash({ v: 1 }),
        outcomeUnknownSince: ctx.clock.iso(),
      });
      // Read again while pending: the same payload is held, not turned into a success.
      expect(await ctx.store.ingest('s', null, [doc('UNSURE', { v: 1 })])).toEqual(['held']);
      expect((await claim(ctx.store)).map((r) => r.key)).toEqual(['UNSURE']);
    });

    it('is recorded even when the failure report itself is ignored (the record changed while it was written)', async () => {
      await ctx.store.ingest('s', null, [doc('A', { v: 1 })]);
      await claim(ctx.store);
      await ctx.store.ingest('s', null, [doc('A', { v: 2 })]); // read again mid-write: pending, no lease
      await ctx.store.markFailed('s', 'A', failed('outcome_unknown', ctx.clock.iso(60_000)));
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'pending',
        lastError: null,
        nextAttemptAt: null,
        outcomeUnknownSince: ctx.clock.iso(),
      });
    });

    it('is set when ingest changes a record that is being written (that write may still land)', async () => {
      for (const key of ['A', 'B']) {
        await ctx.store.ingest('s', null, [doc(key, { v: 1 })]);
        await claim(ctx.store);
        await ctx.store.markSucceeded('s', key, success({ v: 1 }));
        await ctx.store.ingest('s', null, [doc(key, { v: 2 })]);
      }
      await claim(ctx.store, 'stopped-writer');
      ctx.clock.advance(1_000);
      // A: a newer version; B: back to the version the target held before the write in flight.
      expect(await ctx.store.ingest('s', null, [doc('A', { v: 3 }), doc('B', { v: 1 })])).toEqual([
        'changed',
        'changed',
      ]);
      for (const key of ['A', 'B'])
        expect(await ctx.store.getRecord('s', key)).toMatchObject({
          status: 'pending',
          leaseOwner: null,
          outcomeUnknownSince: ctx.clock.iso(),
        });
      // The same payload as the one being written leaves the writer alone.
      await claim(ctx.store, 'w2');
      expect(await ctx.store.ingest('s', null, [doc('A', { v: 3 })])).toEqual(['held']);
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({ status: 'writing', leaseOwner: 'w2' });
    });

    it('is cleared by a success recorded after ingest changed the record (the reply says what the target holds)', async () => {
      await ctx.store.ingest('s', null, [doc('A', { v: 1 })]);
      await claim(ctx.store);
      await ctx.store.markFailed('s', 'A', failed('outcome_unknown', ctx.clock.iso()));
      await claim(ctx.store);
      await ctx.store.ingest('s', null, [doc('A', { v: 2 })]);
      await ctx.store.markSucceeded('s', 'A', success({ v: 1 }));
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'pending',
        pushedHash: contentHash({ v: 1 }),
        payloadHash: contentHash({ v: 2 }),
        outcomeUnknownSince: null,
      });
    });

    it('is cleared by markSucceededMany', async () => {
      await ctx.store.ingest('s', null, [doc('A', { v: 1 }), doc('B', { v: 1 })]);
      await claim(ctx.store);
      await ctx.store.markFailed('s', 'A', failed('outcome_unknown', ctx.clock.iso()));
      await ctx.store.markFailed('s', 'B', failed('outcome_unknown', ctx.clock.iso()));
      await claim(ctx.store);
      await ctx.store.markSucceededMany('s', [
        { key: 'A', update: success({ v: 1 }) },
        { key: 'B', update: success({ v: 1 }) },
      ]);
      expect(await marker(ctx.store, 'A')).toBeNull();
      expect(await marker(ctx.store, 'B')).toBeNull();
    });

    it('is set when an expired writing lease is taken over, not by a first claim or a released lease', async () => {
      await ctx.store.ingest('s', null, [doc('A', { v: 1 }), doc('B', { v: 1 })]);
      await claim(ctx.store, 'w1', 1_000);
      expect(await marker(ctx.store, 'A')).toBeNull();
      ctx.clock.advance(2_000);
      const takenOver = await claim(ctx.store, 'w2');
      expect(takenOver.map((r) => [r.key, r.outcomeUnknownSince])).toEqual([
        ['A', ctx.clock.iso()],
        ['B', ctx.clock.iso()],
      ]);
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'writing',
        leaseOwner: 'w2',
        outcomeUnknownSince: ctx.clock.iso(),
      });

      await ctx.store.ingest('s', null, [doc('C', { v: 1 })]);
      await claim(ctx.store, 'w3');
      expect(await ctx.store.releaseLeases('w3')).toBe(1);
      expect(await ctx.store.getRecord('s', 'C')).toMatchObject({ status: 'pending', outcomeUnknownSince: null });
      expect((await claim(ctx.store, 'w4')).map((r) => [r.key, r.outcomeUnknownSince])).toEqual([['C', null]]);
    });
  });
}
