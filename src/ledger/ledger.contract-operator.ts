import { describe, expect, it } from 'vitest';
import { doc, failure, type ContractContext } from './ledger.contract-kit.js';
import { contentHash } from './stable-hash.js';
import type { RunCounts } from './ledger.js';

const counts = (over: Partial<RunCounts> = {}): RunCounts => ({
  read: 0,
  documents: 0,
  pushed: 0,
  skipped: 0,
  failed: 0,
  retried: 0,
  ...over,
});
const success = (payload: unknown, ids: Record<string, unknown> | null = null) => ({
  runId: 'r',
  payloadHash: contentHash(payload),
  payload,
  targetReply: { code: 0, payload },
  targetIds: ids,
});

/** markSucceeded/markFailed details, attempts, operator actions, queries and runs. */
export function describeOperatorContract(ctx: ContractContext): void {
  describe('writing outcomes', () => {
    it('markSucceeded records the push and rotates the previous payload', async () => {
      await ctx.store.ingest('s', null, [doc('A', { v: 1 })]);
      await ctx.store.claimDue('s', { owner: 'w', limit: 10, leaseMs: 1000 });
      await ctx.store.markFailed('s', 'A', {
        runId: 'r0',
        error: failure('transient'),
        status: 'failed',
        nextAttemptAt: ctx.clock.iso(),
        countAttempt: true,
      });
      await ctx.store.claimDue('s', { owner: 'w', limit: 10, leaseMs: 1000 });
      ctx.clock.advance(50);
      await ctx.store.markSucceeded('s', 'A', success({ v: 1 }, { order_id: 'OK-1', lines: { '101': 'u1' } }));
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'succeeded',
        attempts: 2,
        pushedHash: contentHash({ v: 1 }),
        pushedPayload: { v: 1 },
        previousPayload: null,
        lastError: null,
        nextAttemptAt: null,
        leaseOwner: null,
        leaseUntil: null,
        targetReply: { code: 0, payload: { v: 1 } },
        targetIds: { order_id: 'OK-1', lines: { '101': 'u1' } },
        succeededAt: ctx.clock.iso(),
        updatedAt: ctx.clock.iso(),
        lastRunId: 'r',
      });
      await ctx.store.ingest('s', null, [doc('A', { v: 2 })]);
      await ctx.store.claimDue('s', { owner: 'w', limit: 10, leaseMs: 1000 });
      await ctx.store.markSucceeded('s', 'A', success({ v: 2 }, { order_id: 'OK-1' }));
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'succeeded',
        attempts: 1,
        pushedPayload: { v: 2 },
        previousPayload: { v: 1 },
      });
      // Writing the same payload again (a replay) keeps the real previous payload.
      await ctx.store.requeue('s', { key: 'A' });
      await ctx.store.claimDue('s', { owner: 'w', limit: 10, leaseMs: 1000 });
      await ctx.store.markSucceeded('s', 'A', success({ v: 2 }, { order_id: 'OK-1' }));
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({ status: 'succeeded', previousPayload: { v: 1 } });
      expect(await ctx.store.ingest('s', null, [doc('A', { v: 2 })])).toEqual(['unchanged']);
    });

    it('markSucceeded of a payload that changed while it was written keeps the record due', async () => {
      await ctx.store.ingest('s', null, [doc('A', { v: 1 })]);
      const [claimed] = await ctx.store.claimDue('s', { owner: 'w', limit: 1, leaseMs: 60_000 });
      expect(await ctx.store.ingest('s', null, [doc('A', { v: 2 })])).toEqual(['changed']);
      await ctx.store.markSucceeded('s', 'A', success(claimed!.payload, { order_id: 'X' }));
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'pending',
        payload: { v: 2 },
        pushedHash: contentHash({ v: 1 }),
        targetIds: { order_id: 'X' },
        attempts: 0,
      });
      const [again] = await ctx.store.claimDue('s', { owner: 'w', limit: 1, leaseMs: 60_000 });
      expect(again?.payload).toEqual({ v: 2 });
    });

    it('markFailed of a payload that changed while it was written leaves the newer payload due', async () => {
      await ctx.store.ingest('s', null, [doc('A', { v: 1 }), doc('B', { v: 1 })]);
      await ctx.store.claimDue('s', { owner: 'w', limit: 2, leaseMs: 60_000 });
      expect(await ctx.store.ingest('s', null, [doc('A', { v: 2 })])).toEqual(['changed']);
      expect(await ctx.store.releaseLeases('w')).toBe(1); // B
      for (const key of ['A', 'B']) {
        await ctx.store.markFailed('s', key, {
          runId: null,
          error: failure('record'),
          status: 'dead',
          nextAttemptAt: null,
          countAttempt: true,
        });
      }
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'pending',
        payload: { v: 2 },
        attempts: 0,
        lastError: null,
      });
      expect(await ctx.store.getRecord('s', 'B')).toMatchObject({ status: 'pending', attempts: 0 });
      expect((await ctx.store.claimDue('s', { owner: 'w', limit: 5, leaseMs: 1000 })).map((r) => r.key).sort()).toEqual(
        ['A', 'B'],
      );
    });

    it('markSucceeded of a re-mapped parked record stores the written payload', async () => {
      await ctx.store.ingest('s', null, [
        doc('A', null, { error: failure('lookup_missing'), nextAttemptAt: ctx.clock.iso() }),
      ]);
      expect(await ctx.store.claimDue('s', { owner: 'w', limit: 1, leaseMs: 60_000 })).toHaveLength(1);
      await ctx.store.markSucceeded('s', 'A', success({ mapped: true }));
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'succeeded',
        payload: { mapped: true },
        payloadHash: contentHash({ mapped: true }),
        lastError: null,
      });
    });

    it('markFailed applies the FailureUpdate and counts attempts only when asked', async () => {
      await ctx.store.ingest('s', null, [doc('A', { v: 1 })]);
      await ctx.store.claimDue('s', { owner: 'w', limit: 1, leaseMs: 60_000 });
      const retryAt = ctx.clock.iso(30_000);
      await ctx.store.markFailed('s', 'A', {
        runId: 'r1',
        error: failure('transient', 'okki.http_503'),
        status: 'failed',
        nextAttemptAt: retryAt,
        countAttempt: true,
      });
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'failed',
        attempts: 1,
        nextAttemptAt: retryAt,
        lastError: { code: 'okki.http_503' },
        leaseOwner: null,
        lastRunId: 'r1',
      });
      expect(await ctx.store.claimDue('s', { owner: 'w', limit: 1, leaseMs: 1000 })).toEqual([]);
      expect(await ctx.store.claimDue('s', { owner: 'w', limit: 1, leaseMs: 1000, now: retryAt })).toHaveLength(1);
      await ctx.store.markFailed('s', 'A', {
        runId: 'r2',
        error: failure('lookup_missing'),
        status: 'parked',
        nextAttemptAt: retryAt,
        countAttempt: false,
        payload: null,
        payloadHash: null,
      });
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'parked',
        attempts: 1,
        payload: null,
        payloadHash: null,
      });
      await ctx.store.markFailed('s', 'A', {
        runId: 'r3',
        error: failure('record'),
        status: 'dead',
        nextAttemptAt: null,
        countAttempt: true,
      });
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({ status: 'dead', attempts: 2, nextAttemptAt: null });
      await expect(
        ctx.store.markFailed('s', 'nope', {
          runId: null,
          error: failure('record'),
          status: 'dead',
          nextAttemptAt: null,
          countAttempt: true,
        }),
      ).rejects.toMatchObject({ code: 'store.record_not_found' });
      await expect(ctx.store.markSucceeded('s', 'nope', success(1))).rejects.toMatchObject({
        code: 'store.record_not_found',
      });
    });

    it('keeps an attempt history, newest first', async () => {
      for (let i = 0; i < 3; i++) {
        await ctx.store.addAttempt({
          schemeId: 's',
          key: 'A',
          runId: `r${i}`,
          at: ctx.clock.iso(i * 1000),
          outcome: i === 2 ? 'succeeded' : 'failed',
          durationMs: 120 + i,
          error: i === 2 ? null : failure('transient'),
        });
      }
      await ctx.store.addAttempt({
        schemeId: 's',
        key: 'B',
        runId: null,
        at: ctx.clock.iso(),
        outcome: 'outcome_unknown',
        durationMs: 5,
        error: failure('outcome_unknown'),
      });
      const list = await ctx.store.listAttempts('s', 'A');
      expect(list.map((a) => [a.runId, a.outcome, a.durationMs])).toEqual([
        ['r2', 'succeeded', 122],
        ['r1', 'failed', 121],
        ['r0', 'failed', 120],
      ]);
      expect(list[1]).toMatchObject({ schemeId: 's', key: 'A', at: ctx.clock.iso(1000), error: { kind: 'transient' } });
      expect(await ctx.store.listAttempts('s', 'A', 1)).toHaveLength(1);
    });
  });

  describe('operator actions and queries', () => {
    it('requeue makes records due with attempts reset, by key or by status, sparing live leases', async () => {
      await ctx.store.ingest('s', null, [doc('D1', 1), doc('D2', 2), doc('F', 3), doc('W', 4)]);
      await ctx.store.claimDue('s', { owner: 'w', limit: 3, leaseMs: 60_000 });
      for (const key of ['D1', 'D2'])
        await ctx.store.markFailed('s', key, {
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
      await ctx.store.claimDue('s', { owner: 'w', limit: 1, leaseMs: 60_000 });
      expect(await ctx.store.requeue('s', { key: 'W' })).toBe(0);
      expect(await ctx.store.requeue('s', { statuses: ['dead'] })).toBe(2);
      expect(await ctx.store.getRecord('s', 'D1')).toMatchObject({
        status: 'pending',
        attempts: 0,
        nextAttemptAt: null,
      });
      expect(await ctx.store.requeue('s', { key: 'F' })).toBe(1);
      expect(await ctx.store.requeue('s', { key: 'missing' })).toBe(0);
      expect(await ctx.store.requeue('s', { statuses: [] })).toBe(0);
      expect(
        (await ctx.store.claimDue('s', { owner: 'w2', limit: 10, leaseMs: 1000 })).map((r) => r.key).sort(),
      ).toEqual(['D1', 'D2', 'F']);
    });

    it('skip keeps a record out of the way until its payload changes', async () => {
      await ctx.store.ingest('s', null, [doc('A', 1)]);
      expect(await ctx.store.skip('s', 'A', 'cancelled in Kingdee')).toBe(true);
      expect(await ctx.store.skip('s', 'missing', 'x')).toBe(false);
      expect(await ctx.store.getRecord('s', 'A')).toMatchObject({
        status: 'skipped',
        lastError: { code: 'ledger.skipped', message: 'cancelled in Kingdee' },
      });
      expect(await ctx.store.claimDue('s', { owner: 'w', limit: 10, leaseMs: 1000 })).toEqual([]);
      expect(await ctx.store.ingest('s', null, [doc('A', 1)])).toEqual(['held']);
      expect(await ctx.store.ingest('s', null, [doc('A', 2)])).toEqual(['changed']);
      expect((await ctx.store.getRecord('s', 'A'))?.status).toBe('pending');
    });

    it('getTargetIds returns ids of synced documents, null otherwise', async () => {
      await ctx.store.ingest('customers', null, [doc('C001', { name: 'ACME' }), doc('C002', { name: 'B' })]);
      await ctx.store.claimDue('customers', { owner: 'w', limit: 1, leaseMs: 1000 });
      await ctx.store.markSucceeded('customers', 'C001', success({ name: 'ACME' }, { company_id: 9001 }));
      expect(await ctx.store.getTargetIds('customers', 'C001')).toEqual({ company_id: 9001 });
      expect(await ctx.store.getTargetIds('customers', 'C002')).toBeNull();
      expect(await ctx.store.getTargetIds('customers', 'nope')).toBeNull();
    });

    it('countByStatus lists every status, per scheme', async () => {
      expect(await ctx.store.countByStatus()).toEqual([]);
      const zero = { pending: 0, writing: 0, succeeded: 0, failed: 0, parked: 0, dead: 0, skipped: 0 };
      expect(await ctx.store.countByStatus('empty')).toEqual([{ schemeId: 'empty', counts: zero }]);
      await ctx.store.ingest('b', null, [
        doc('1', 1),
        doc('2', 2),
        doc('3', null, { error: failure('lookup_missing') }),
      ]);
      await ctx.store.ingest('a', null, [doc('1', 1)]);
      await ctx.store.claimDue('b', { owner: 'w', limit: 1, leaseMs: 1000 });
      expect(await ctx.store.countByStatus()).toEqual([
        { schemeId: 'a', counts: { ...zero, pending: 1 } },
        { schemeId: 'b', counts: { ...zero, pending: 1, writing: 1, parked: 1 } },
      ]);
      expect(await ctx.store.countByStatus('a')).toEqual([{ schemeId: 'a', counts: { ...zero, pending: 1 } }]);
    });

    it('nextDueAt is the earliest retry time of failed/parked records', async () => {
      expect(await ctx.store.nextDueAt('s')).toBeNull();
      await ctx.store.ingest('s', null, [
        doc('A', 1),
        doc('B', null, { error: failure('lookup_missing'), nextAttemptAt: ctx.clock.iso(90_000) }),
        doc('C', null, { error: failure('transient'), nextAttemptAt: '2026-03-01T16:01:00+08:00' }),
        doc('D', null, { error: failure('record') }),
      ]);
      expect(await ctx.store.nextDueAt('s')).toBe(ctx.clock.iso(60_000));
    });

    it('listRecords filters, pages and counts', async () => {
      await ctx.store.ingest('s', null, [
        doc('SO-001', 1),
        doc('SO-002', 2),
        doc('SO_9', 3),
        doc('SO%1', 4),
        doc('so-003', 5),
      ]);
      ctx.clock.advance(1000);
      const t1 = ctx.clock.iso();
      await ctx.store.ingest('s', null, [doc('SO-002', 22), doc('PO-1', 6)]);
      await ctx.store.ingest('t', null, [doc('SO-001', 1)]);
      await ctx.store.claimDue('s', { owner: 'w', limit: 1, leaseMs: 1000 });
      const keys = async (f: Parameters<typeof ctx.store.listRecords>[0]) => {
        const r = await ctx.store.listRecords(f);
        return { keys: r.records.map((x) => `${x.schemeId}/${x.key}`), total: r.total };
      };
      expect(await keys({ schemeId: 's', key: 'SO-*' })).toEqual({ keys: ['s/SO-002', 's/SO-001'], total: 2 });
      expect(await keys({ key: 'SO-001' })).toEqual({ keys: ['t/SO-001', 's/SO-001'], total: 2 });
      expect(await keys({ schemeId: 's', key: 'SO%*' })).toEqual({ keys: ['s/SO%1'], total: 1 });
      expect(await keys({ schemeId: 's', key: 'SO_*' })).toEqual({ keys: ['s/SO_9'], total: 1 });
      expect(await keys({ schemeId: 's', updatedFrom: t1 })).toEqual({ keys: ['s/PO-1', 's/SO-002'], total: 2 });
      expect((await keys({ schemeId: 's', updatedTo: t1 })).total).toBe(4);
      expect(await keys({ schemeId: 's', status: 'writing' })).toEqual({ keys: ['s/SO%1'], total: 1 }); // lowest key of the oldest batch
      expect((await keys({ schemeId: 's', status: ['writing', 'pending'] })).total).toBe(6);
      expect((await keys({ schemeId: 's', status: [] })).total).toBe(0);
      const page = await keys({ schemeId: 's', limit: 2, offset: 2 });
      expect(page.total).toBe(6);
      expect(page.keys).toEqual(['s/SO%1', 's/SO-001']);
      expect((await keys({ schemeId: 's', key: '*' })).total).toBe(6);
    });
  });

  describe('runs', () => {
    it('starts, finishes and lists runs', async () => {
      const run = await ctx.store.startRun('s', 'manual', 'cursor-0');
      expect(run).toMatchObject({
        schemeId: 's',
        trigger: 'manual',
        status: 'running',
        startedAt: ctx.clock.iso(),
        finishedAt: null,
        durationMs: null,
        counts: counts(),
        cursorFrom: 'cursor-0',
        cursorTo: null,
        error: null,
      });
      expect(await ctx.store.getRun(run.id)).toEqual(run);
      ctx.clock.advance(1234);
      const finished = await ctx.store.finishRun(run.id, {
        status: 'partial',
        counts: counts({ read: 10, documents: 4, pushed: 3, failed: 1, retried: 1 }),
        cursorTo: 'cursor-1',
        error: failure('record'),
      });
      expect(finished).toMatchObject({
        status: 'partial',
        finishedAt: ctx.clock.iso(),
        durationMs: 1234,
        counts: counts({ read: 10, documents: 4, pushed: 3, failed: 1, retried: 1 }),
        cursorTo: 'cursor-1',
      });
      expect(await ctx.store.getRun(run.id)).toEqual(finished);
      await expect(
        ctx.store.finishRun('no-such-run', { status: 'failed', counts: counts(), cursorTo: null, error: null }),
      ).rejects.toMatchObject({ code: 'store.run_not_found' });
      expect(await ctx.store.getRun('no-such-run')).toBeNull();
    });

    it('lastSuccessfulRun, listRuns filters and abortStaleRuns', async () => {
      const a = await ctx.store.startRun('s', 'schedule', null);
      await ctx.store.finishRun(a.id, { status: 'succeeded', counts: counts(), cursorTo: 'c1', error: null });
      ctx.clock.advance(1000);
      const b = await ctx.store.startRun('s', 'api', 'c1');
      await ctx.store.finishRun(b.id, { status: 'failed', counts: counts(), cursorTo: null, error: failure('config') });
      ctx.clock.advance(1000);
      const c = await ctx.store.startRun('t', 'cli', null);
      ctx.clock.advance(1000);
      const d = await ctx.store.startRun('s', 'retry', null);
      expect((await ctx.store.lastSuccessfulRun('s'))?.id).toBe(a.id);
      expect(await ctx.store.lastSuccessfulRun('t')).toBeNull();
      expect((await ctx.store.listRuns({})).map((r) => r.id)).toEqual([d.id, c.id, b.id, a.id]);
      expect((await ctx.store.listRuns({ schemeId: 's', limit: 2 })).map((r) => r.id)).toEqual([d.id, b.id]);
      expect((await ctx.store.listRuns({ schemeId: 's', offset: 1 })).map((r) => r.id)).toEqual([b.id, a.id]);
      expect((await ctx.store.listRuns({ since: b.startedAt })).map((r) => r.id)).toEqual([d.id, c.id, b.id]);
      ctx.clock.advance(500);
      expect(await ctx.store.abortStaleRuns(d.startedAt)).toBe(1);
      expect(await ctx.store.getRun(c.id)).toMatchObject({
        status: 'aborted',
        durationMs: 1500,
        finishedAt: ctx.clock.iso(),
        error: { code: 'run.aborted' },
      });
      expect((await ctx.store.getRun(d.id))?.status).toBe('running');
      expect(await ctx.store.abortStaleRuns(ctx.clock.iso(1))).toBe(1);
    });
  });
}
