import { describe, expect, it } from 'vitest';
import type { ContractContext } from './ledger.contract-kit.js';
import type { AuditEntry } from './ledger.js';

const entry = (over: Partial<Omit<AuditEntry, 'id'>> = {}): Omit<AuditEntry, 'id'> => ({
  at: '2026-03-01T08:00:00.000Z',
  actor: 'admin',
  role: 'admin',
  method: 'POST',
  path: '/api/schemes/s/run',
  status: 200,
  remote: '127.0.0.1',
  details: null,
  ...over,
});

/** The audit log (migration 0005): appended by the API, listed newest first. */
export function describeAuditContract(ctx: ContractContext): void {
  describe('audit log', () => {
    it('keeps every field, lists newest first with a total, and filters by actor and time', async () => {
      await ctx.store.addAuditEntry(entry({ details: { query: { wait: 'false' }, body: { reason: '客户取消' } } }));
      await ctx.store.addAuditEntry(
        entry({ at: '2026-03-01T09:00:00+01:00', actor: 'ci', role: 'operator', status: 403, remote: null }),
      );
      await ctx.store.addAuditEntry(
        entry({ at: '2026-03-01T08:30:00.000Z', method: 'PUT', path: '/api/schemes/a%2Fb' }),
      );
      const all = await ctx.store.listAuditEntries();
      expect(all.total).toBe(3);
      expect(all.entries.map((e) => [e.at, e.method])).toEqual([
        ['2026-03-01T08:30:00.000Z', 'PUT'],
        ['2026-03-01T08:00:00.000Z', 'POST'],
        ['2026-03-01T08:00:00.000Z', 'POST'],
      ]);
      // Same time: the later entry first.
      expect(all.entries[1]).toMatchObject({ actor: 'ci', role: 'operator', status: 403, remote: null, details: null });
      expect(all.entries[2]).toMatchObject({
        actor: 'admin',
        path: '/api/schemes/s/run',
        remote: '127.0.0.1',
        details: { query: { wait: 'false' }, body: { reason: '客户取消' } },
      });
      expect(all.entries[1]!.id).toBeGreaterThan(all.entries[2]!.id);
      expect((await ctx.store.listAuditEntries({ actor: 'ci' })).entries.map((e) => e.actor)).toEqual(['ci']);
      const since = await ctx.store.listAuditEntries({ since: '2026-03-01T08:15:00Z' });
      expect(since).toMatchObject({ total: 1, entries: [{ method: 'PUT', path: '/api/schemes/a%2Fb' }] });
      const page = await ctx.store.listAuditEntries({ limit: 1, offset: 1 });
      expect(page.total).toBe(3);
      expect(page.entries.map((e) => e.actor)).toEqual(['ci']);
    });

    it('refuses a time that is not ISO-8601', async () => {
      await expect(ctx.store.addAuditEntry(entry({ at: 'yesterday' }))).rejects.toThrow(/ISO-8601/);
      expect((await ctx.store.listAuditEntries()).total).toBe(0);
    });
  });
}
