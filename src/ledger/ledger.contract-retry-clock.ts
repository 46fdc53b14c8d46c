import { describe, expect, it } from 'vitest';
import { doc, failure, type ContractContext } from './ledger.contract-kit.js';
import type { FailureUpdate } from './ledger.js';

const claim = (ctx: ContractContext) => ctx.store.claimDue('s', { owner: 'w', limit: 10, leaseMs: 60_000 });
const failed = (countAttempt: boolean): FailureUpdate => ({
  runId: 'r',
  error: failure('transient'),
  status: 'failed',
  nextAttemptAt: null,
  countAttempt,
});

/** The retry clock (issue 9): a time-based retry budget runs from the first counted failed try. */
export function describeRetryClockContract(ctx: ContractContext): void {
  describe('retry clock', () => {
    it('starts at the first counted failure and is kept by later failures, counted or not', async () => {
      await ctx.store.ingest('s', null, [doc('A', { v: 1 })]);
      expect((await ctx.store.getRecord('s', 'A'))?.firstFailedAt).toBeNull();
      ctx.clock.advance(1_000);
      await claim(ctx);
      await ctx.store.markFailed('s', 'A', failed(true));
      const started = ctx.clock.iso();
      for (const counted of [false, true]) {
        ctx.clock.advance(60_000);
        await claim(ctx);
        await ctx.store.markFailed('s', 'A', failed(counted));
      }
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({ attempts: 2, firstFailedAt: started });
    });

    it('a failure that is not counted does not start it', async () => {
      await ctx.store.ingest('s', null, [doc('A', { v: 1 })]);
      await claim(ctx);
      await ctx.store.markFailed('s', 'A', failed(false));
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({ attempts: 0, firstFailedAt: null });
    });

    it('restarts with the budget: after a changed payload and after a retry by hand', async () => {
      await ctx.store.ingest('s', null, [doc('A', { v: 1 }), doc('B', { v: 1 })]);
      await claim(ctx);
      await ctx.store.markFailed('s', 'A', failed(true));
      await ctx.store.markFailed('s', 'B', failed(true));
      ctx.clock.advance(3_600_000);
      await ctx.store.ingest('s', null, [doc('A', { v: 2 })]);
      await ctx.store.requeue('s', { key: 'B' });
      await claim(ctx);
      await ctx.store.markFailed('s', 'A', failed(true));
      await ctx.store.markFailed('s', 'B', failed(true));
      const now = ctx.clock.iso();
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({ attempts: 1, firstFailedAt: now });
      expect(await ctx.store.getRecord('s', 'B')).toMatchObject({ attempts: 1, firstFailedAt: now });
    });
  });
}
