import { describe, expect, it } from 'vitest';
import { doc, failure, type ContractContext } from './ledger.contract-kit.js';
import { contentHash } from './stable-hash.js';
import type { SerializedError } from '../core/errors.js';
import type { FailureUpdate } from './ledger.js';

const claim = (ctx: ContractContext) => ctx.store.claimDue('s', { owner: 'w', limit: 10, leaseMs: 60_000 });
const missing = (key = 'CUST9') => ({
  ...failure('lookup_missing', 'mapping.lookup_missing'),
  details: { lookupScheme: 'customers', lookupKey: key },
});
/** A document parked on a missing customer, due for a re-check at once. */
const parkedDoc = (key: string, source: unknown = 1) => ({
  ...doc(key, null, { error: missing(), nextAttemptAt: '2026-01-01T00:00:00.000Z' }),
  source,
});
const fail = (
  status: FailureUpdate['status'],
  error: SerializedError = status === 'failed' ? failure('transient') : missing(),
): FailureUpdate => ({
  runId: 'r',
  error,
  status,
  nextAttemptAt: null,
  countAttempt: false,
});

/** The park clock (issue 9): how long and how often a document has waited on a missing lookup. */
export function describeParkContract(ctx: ContractContext): void {
  describe('park clock', () => {
    it('starts when a document is first parked and goes on counting while it stays parked', async () => {
      await ctx.store.ingest('s', null, [parkedDoc('A'), doc('B', { v: 1 })]);
      const started = ctx.clock.iso();
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({ parkedSince: started, parkCount: 1 });
      expect(await ctx.store.getRecord('s', 'B')).toMatchObject({ parkedSince: null, parkCount: 0 });

      ctx.clock.advance(60_000);
      expect((await claim(ctx)).map((r) => r.key)).toEqual(['A', 'B']);
      await ctx.store.markFailed('s', 'A', fail('parked'));
      // A changed document that still waits for the same lookup continues the same wait.
      ctx.clock.advance(60_000);
      await ctx.store.ingest('s', null, [parkedDoc('A', 2)]);
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'parked',
        parkedSince: started,
        parkCount: 3,
      });
    });

    it('a write-stage park of a record that was not waiting starts the clock at that moment', async () => {
      await ctx.store.ingest('s', null, [doc('A', { v: 1 })]);
      ctx.clock.advance(5_000);
      await claim(ctx);
      await ctx.store.markFailed('s', 'A', fail('parked'));
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({ parkedSince: ctx.clock.iso(), parkCount: 1 });
    });

    it('dead keeps the wait (what the operator sees); failed, success, a built payload and requeue end it', async () => {
      await ctx.store.ingest('s', null, [
        parkedDoc('DEAD'),
        parkedDoc('FAILED'),
        parkedDoc('OK'),
        parkedDoc('FIXED'),
        parkedDoc('DIED'),
      ]);
      const since = ctx.clock.iso();
      ctx.clock.advance(1_000);
      expect(await claim(ctx)).toHaveLength(5);
      await ctx.store.markFailed('s', 'DEAD', fail('dead'));
      // Dead for another reason (its lookup resolved, then its writes kept failing): not a wait.
      await ctx.store.markFailed('s', 'DIED', fail('dead', failure('transient')));
      await ctx.store.markFailed('s', 'FAILED', fail('failed'));
      await ctx.store.markSucceeded('s', 'OK', {
        runId: 'r',
        payload: { v: 1 },
        payloadHash: contentHash({ v: 1 }),
        targetReply: null,
        targetIds: null,
      });
      await ctx.store.markFailed('s', 'FIXED', fail('parked'));
      await ctx.store.ingest('s', null, [doc('FIXED', { v: 2 })]);

      expect(await ctx.store.getRecord('s', 'DEAD')).toMatchObject({
        status: 'dead',
        parkedSince: since,
        parkCount: 1,
      });
      for (const key of ['FAILED', 'OK', 'FIXED', 'DIED'])
        expect(await ctx.store.getRecord('s', key), key).toMatchObject({ parkedSince: null, parkCount: 0 });

      // A change of the dead document gives it a fresh wait (as it gives fresh tries); so does an operator's retry.
      ctx.clock.advance(1_000);
      await ctx.store.ingest('s', null, [parkedDoc('DEAD', 'changed')]);
      expect(await ctx.store.getRecord('s', 'DEAD')).toMatchObject({
        status: 'parked',
        parkedSince: ctx.clock.iso(),
        parkCount: 1,
      });
      await ctx.store.requeue('s', { key: 'DEAD' });
      expect(await ctx.store.getRecord('s', 'DEAD')).toMatchObject({
        status: 'pending',
        parkedSince: null,
        parkCount: 0,
      });
    });

    it('wakeParked makes parked records due now without starting a new wait', async () => {
      await ctx.store.ingest('s', null, [
        { ...parkedDoc('A'), nextAttemptAt: ctx.clock.iso(3_600_000) }, // not due for an hour
        doc('B', { v: 1 }),
      ]);
      const since = ctx.clock.iso();
      ctx.clock.advance(1_000);
      expect((await claim(ctx)).map((r) => r.key)).toEqual(['B']);
      expect(await ctx.store.wakeParked('s')).toBe(1);
      expect(await ctx.store.wakeParked('other')).toBe(0);
      const a = await ctx.store.getRecord('s', 'A');
      expect(a).toMatchObject({ status: 'parked', nextAttemptAt: ctx.clock.iso(), parkedSince: since, parkCount: 1 });
      expect((await claim(ctx)).map((r) => r.key)).toEqual(['A']);
    });

    it('listParked gives the parked records, longest waiting first, with their reason and clock', async () => {
      await ctx.store.ingest('s', null, [parkedDoc('LATER')]);
      ctx.clock.advance(1_000);
      await ctx.store.ingest('s', null, [parkedDoc('EARLY'), doc('PENDING', { v: 1 })]);
      ctx.clock.advance(-5_000);
      await ctx.store.ingest('s', null, [parkedDoc('EARLY')]); // same source and error: held, clock kept
      await ctx.store.ingest('s', null, [parkedDoc('FIRST')]);
      const parked = await ctx.store.listParked('s');
      expect(parked.map((p) => p.key)).toEqual(['FIRST', 'LATER', 'EARLY']);
      expect(parked[0]).toEqual({
        key: 'FIRST',
        lastError: missing(),
        parkedSince: ctx.clock.iso(),
        parkCount: 1,
      });
      expect(await ctx.store.listParked('s', 1)).toHaveLength(1);
      expect(await ctx.store.listParked('other')).toEqual([]);
    });
  });
}
