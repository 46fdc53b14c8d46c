import { describe, expect, it } from 'vitest';
import { doc, failure, type ContractContext } from './ledger.contract-kit.js';
import { contentHash } from './stable-hash.js';
import type { AttemptEntry, SuccessUpdate } from './ledger.js';

const success = (payload: unknown, ids: Record<string, unknown> | null = null, runId = 'r'): SuccessUpdate => ({
  runId,
  payloadHash: contentHash(payload),
  payload,
  targetReply: { code: 0 },
  targetIds: ids,
});

/** markSucceeded with an attempt, and markSucceededMany (issue #4: fewer writes per record). */
export function describeBatchContract(ctx: ContractContext): void {
  const attempt = (key: string, durationMs = 10): AttemptEntry => ({
    schemeId: 's',
    key,
    runId: 'r',
    at: ctx.clock.iso(),
    outcome: 'succeeded',
    durationMs,
    error: null,
  });

  describe('successes with attempts, one at a time and in groups', () => {
    it('markSucceeded records the attempt given with it, and neither for an unknown key', async () => {
      await ctx.store.ingest('s', null, [doc('A', { v: 1 })]);
      await ctx.store.claimDue('s', { owner: 'w', limit: 1, leaseMs: 60_000 });
      await ctx.store.markSucceeded('s', 'A', success({ v: 1 }, { id: 1 }), attempt('A', 12.6));
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'succeeded',
        attempts: 1,
        targetIds: { id: 1 },
        pushedPayload: { v: 1 },
      });
      expect(await ctx.store.listAttempts('s', 'A')).toEqual([
        { schemeId: 's', key: 'A', runId: 'r', at: ctx.clock.iso(), outcome: 'succeeded', durationMs: 13, error: null },
      ]);
      await expect(ctx.store.markSucceeded('s', 'nope', success(1), attempt('nope'))).rejects.toMatchObject({
        code: 'store.record_not_found',
      });
      expect(await ctx.store.listAttempts('s', 'nope')).toEqual([]);
    });

    it('markSucceededMany applies each item as markSucceeded would, with its attempt', async () => {
      await ctx.store.ingest(
        's',
        null,
        ['A', 'B', 'C', 'D'].map((k) => doc(k, { k, v: 1 })),
      );
      const claimed = await ctx.store.claimDue('s', { owner: 'w', limit: 4, leaseMs: 60_000 });
      expect(claimed).toHaveLength(4);
      // C changed while it was written: only the push is recorded and it stays due.
      expect(await ctx.store.ingest('s', null, [doc('C', { k: 'C', v: 2 })])).toEqual(['changed']);
      ctx.clock.advance(25);
      await ctx.store.markSucceededMany('s', [
        { key: 'A', update: success({ k: 'A', v: 1 }, { id: 'a' }), attempt: attempt('A', 5) },
        { key: 'B', update: success({ k: 'B', v: 1 }, { id: 'b' }) },
        { key: 'C', update: success({ k: 'C', v: 1 }, { id: 'c' }), attempt: attempt('C', 7) },
        { key: 'D', update: success({ k: 'D', remapped: true }, null, 'r2'), attempt: attempt('D', 9) },
      ]);
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'succeeded',
        attempts: 1,
        targetIds: { id: 'a' },
        succeededAt: ctx.clock.iso(),
        updatedAt: ctx.clock.iso(),
        leaseOwner: null,
        lastRunId: 'r',
      });
      expect(await ctx.store.getRecord('s', 'B')).toMatchObject({
        status: 'succeeded',
        targetIds: { id: 'b' },
        pushedHash: contentHash({ k: 'B', v: 1 }),
      });
      expect(await ctx.store.getRecord('s', 'C')).toMatchObject({
        status: 'pending',
        payload: { k: 'C', v: 2 },
        pushedHash: contentHash({ k: 'C', v: 1 }),
        targetIds: { id: 'c' },
        attempts: 0,
      });
      expect(await ctx.store.getRecord('s', 'D')).toMatchObject({
        status: 'succeeded',
        payload: { k: 'D', remapped: true },
        payloadHash: contentHash({ k: 'D', remapped: true }),
        lastRunId: 'r2',
        targetIds: null,
      });
      expect((await ctx.store.listAttempts('s', 'A')).map((a) => a.durationMs)).toEqual([5]);
      expect(await ctx.store.listAttempts('s', 'B')).toEqual([]);
      expect((await ctx.store.listAttempts('s', 'C')).map((a) => a.durationMs)).toEqual([7]);
      expect((await ctx.store.listAttempts('s', 'D')).map((a) => a.durationMs)).toEqual([9]);
      expect((await ctx.store.claimDue('s', { owner: 'w', limit: 10, leaseMs: 60_000 })).map((r) => r.key)).toEqual([
        'C',
      ]);
      await ctx.store.markSucceededMany('s', []);
    });

    it('markSucceededMany is all or nothing: an unknown key records none of the group', async () => {
      await ctx.store.ingest('s', null, [doc('A', { v: 1 }), doc('B', { v: 1 })]);
      await ctx.store.claimDue('s', { owner: 'w', limit: 2, leaseMs: 60_000 });
      const group = [
        { key: 'A', update: success({ v: 1 }), attempt: attempt('A') },
        { key: 'missing', update: success({ v: 1 }), attempt: attempt('missing') },
        { key: 'B', update: success({ v: 1 }), attempt: attempt('B') },
      ];
      await expect(ctx.store.markSucceededMany('s', group)).rejects.toMatchObject({
        code: 'store.record_not_found',
        details: { key: 'missing' },
      });
      for (const key of ['A', 'B']) {
        expect(await ctx.store.getRecord('s', key)).toMatchObject({ status: 'writing', attempts: 0, pushedHash: null });
        expect(await ctx.store.listAttempts('s', key)).toEqual([]);
      }
      // The store is usable afterwards (no transaction left open).
      await ctx.store.markSucceededMany('s', [group[0]!, group[2]!]);
      expect((await ctx.store.countByStatus('s'))[0]?.counts.succeeded).toBe(2);
    });

    it('markSucceededMany applies a repeated key in order', async () => {
      await ctx.store.ingest('s', null, [doc('A', { v: 1 })]);
      await ctx.store.claimDue('s', { owner: 'w', limit: 1, leaseMs: 60_000 });
      await ctx.store.markSucceededMany('s', [
        { key: 'A', update: success({ v: 1 }, { n: 1 }), attempt: attempt('A', 1) },
        { key: 'A', update: success({ v: 2 }, { n: 2 }), attempt: attempt('A', 2) },
      ]);
      // The second success found the record succeeded with another hash: push recorded, due again.
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'pending',
        attempts: 1,
        payload: { v: 1 },
        pushedPayload: { v: 2 },
        previousPayload: { v: 1 },
        targetIds: { n: 2 },
      });
      expect((await ctx.store.listAttempts('s', 'A')).map((a) => a.durationMs).sort()).toEqual([1, 2]);
    });

    it('markSucceededMany rotates the previous payload and keeps attempt errors and null replies as markSucceeded does', async () => {
      const many = async (payload: unknown, extra: Partial<AttemptEntry> = {}) => {
        await ctx.store.claimDue('s', { owner: 'w', limit: 1, leaseMs: 60_000 });
        await ctx.store.markSucceededMany('s', [
          {
            key: 'A',
            update: { ...success(payload, { id: 1 }), targetReply: undefined },
            attempt: { ...attempt('A'), ...extra },
          },
        ]);
      };
      await ctx.store.ingest('s', null, [doc('A', { v: 1 })]);
      await many(
        { v: 1 },
        { outcome: 'succeeded', error: failure('record', 'okki.warning', 'accepted with a warning') },
      );
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'succeeded',
        pushedPayload: { v: 1 },
        previousPayload: null,
        targetReply: null,
      });
      expect((await ctx.store.listAttempts('s', 'A'))[0]?.error).toEqual(
        failure('record', 'okki.warning', 'accepted with a warning'),
      );
      await ctx.store.ingest('s', null, [doc('A', { v: 2 })]);
      await many({ v: 2 });
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'succeeded',
        attempts: 1,
        pushedPayload: { v: 2 },
        previousPayload: { v: 1 },
      });
      await ctx.store.requeue('s', { key: 'A' });
      await many({ v: 2 });
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'succeeded',
        previousPayload: { v: 1 },
        lastError: null,
      });
      expect(await ctx.store.listAttempts('s', 'A')).toHaveLength(3);
    });

    it('claimed records carry every field, and reading them twice gives the same values', async () => {
      await ctx.store.ingest('s', 'run-1', [doc('A', { v: 1, lines: [{ q: 1.5 }] }, { sourceVersion: 'sv' })]);
      const [claimed] = await ctx.store.claimDue('s', { owner: 'w', limit: 1, leaseMs: 1000 });
      const stored = await ctx.store.getRecord('s', 'A');
      expect(claimed).toEqual(stored);
      expect({ ...claimed }).toEqual(JSON.parse(JSON.stringify(stored)));
      expect(claimed!.payload).toBe(claimed!.payload);
      claimed!.source = { replaced: true };
      expect(claimed!.source).toEqual({ replaced: true });
    });
  });
}
