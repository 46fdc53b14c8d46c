import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IntegrationError } from '../../core/errors.js';
import { createKingdeeConnector } from './kingdee.connector.js';
import type { KingdeeConnectionInput } from './kingdee.config.js';
import { startKingdeeSimulator, type KingdeeSimulator } from './simulator/kingdee-simulator.js';

/**
 * Scheme reads (the connector's read loop) through Kingdee faults, driven by the simulator's
 * deterministic switches: a failed page is asked again at the same StartRow for the connection's
 * readRetry time budget. Time is a fake clock that the waits move, so nothing here sleeps.
 */
let sim: KingdeeSimulator;
const PAGE = 50;
const params = {
  FormId: 'SAL_SaleOrder',
  FieldKeys: ['FBillNo', 'FSaleOrderEntry_FEntryID'],
  OrderString: 'FBillNo ASC, FSaleOrderEntry_FEntryID ASC',
  Limit: PAGE,
};

beforeAll(async () => {
  sim = await startKingdeeSimulator({ seed: 5, orders: 60 });
});
afterAll(() => sim?.close());
beforeEach(() => sim.setFaults({}));

/** A connector with a fake clock: every wait between tries moves it; `waits` records them. */
function connector(readRetry: KingdeeConnectionInput['readRetry']) {
  const c = sim.credentials;
  const clock = { ms: Date.parse('2026-03-01T08:00:00Z'), waits: [] as number[] };
  const read = createKingdeeConnector(
    'kingdee',
    {
      type: 'kingdee',
      baseUrl: sim.url,
      acctId: c.acctId,
      lcid: c.lcid,
      auth: { method: 'password', username: c.user, password: c.password },
      readRetry,
    },
    {
      now: () => clock.ms,
      sleep: async (ms) => {
        clock.waits.push(ms);
        clock.ms += ms;
      },
    },
  );
  return { read, clock };
}

/** Reads every row; `atRow` is called once that many rows have been yielded (to switch faults on mid-read). */
async function readAll(c: ReturnType<typeof connector>, atRow?: { rows: number; act: () => void }): Promise<string[]> {
  const keys: string[] = [];
  for await (const row of c.read.read('ExecuteBillQuery', params)) {
    keys.push(`${String(row.FBillNo)}/${String(row.FSaleOrderEntry_FEntryID)}`);
    if (keys.length === atRow?.rows) atRow.act();
  }
  return keys;
}

describe('Kingdee page reads under faults', () => {
  it('rides out an outage longer than a few quick tries, resuming at the failed page, each row once', async () => {
    const clean = await readAll(connector({ budgetMs: 0 }));
    expect(clean.length).toBeGreaterThan(3 * PAGE);
    const served = sim.stats().rowsServed;

    const c = connector({ budgetMs: 600_000, initialDelayMs: 500, maxDelayMs: 30_000 });
    // Twelve calls in a row fail once the second page is due: the old 4 quick tries gave up here.
    const keys = await readAll(c, { rows: 2 * PAGE, act: () => sim.setFaults({ outageNextNCalls: 12 }) });
    expect(keys).toEqual(clean);
    // The simulator served every row exactly once more: the read went on at the failed page, not from row 0.
    expect(sim.stats().rowsServed - served).toBe(clean.length);
    expect(c.clock.waits).toHaveLength(12);
    expect(c.clock.waits.at(-1)).toBeLessThanOrEqual(30_000 * 1.2);
  });

  it('also survives the every-Nth faults of a heavy day (1 in 3 calls a 502, 1 in 4 cut short)', async () => {
    const clean = await readAll(connector({ budgetMs: 0 }));
    sim.setFaults({ proxy502EveryNCalls: 3, truncateEveryNCalls: 4, callLimitEveryNCalls: 7 });
    expect(await readAll(connector({ budgetMs: 60_000 }))).toEqual(clean);
  });

  it('gives up once a page has failed for its whole budget, saying where, how long and what to change', async () => {
    const c = connector({ budgetMs: 60_000, initialDelayMs: 1_000, maxDelayMs: 8_000 });
    const failure = await readAll(c, {
      rows: PAGE,
      act: () => sim.setFaults({ outageNextNCalls: 1_000 }),
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(IntegrationError);
    expect(failure).toMatchObject({
      code: 'kingdee.page_retry_exhausted',
      kind: 'transient',
      details: { formId: 'SAL_SaleOrder', startRow: PAGE, budgetMs: 60_000 },
    });
    expect((failure as Error).message).toContain('readRetry.budgetMs');
    // Waits of 1, 2, 4, 8, 8 … s (±20 %) until the next one would pass 60 s.
    const waited = c.clock.waits.reduce((a, b) => a + b, 0);
    expect(waited).toBeLessThanOrEqual(60_000);
    expect(waited).toBeGreaterThan(60_000 - 8_000 * 1.2); // the next wait (at most 8 s + 20 %) would not fit
    expect((failure as IntegrationError).details.tries).toBe(c.clock.waits.length + 1);
  });

  it('does not retry when the budget is 0, nor an error that a repeat cannot fix', async () => {
    sim.setFaults({ outageNextNCalls: 1 });
    await expect(readAll(connector({ budgetMs: 0 }))).rejects.toMatchObject({ kind: 'transient' });
    const c = connector({ budgetMs: 60_000 });
    const unknownField = await (async () => {
      for await (const _ of c.read.read('ExecuteBillQuery', { ...params, FieldKeys: ['FNoSuchField'] })) void _;
    })().catch((e: unknown) => e);
    expect(unknownField).toMatchObject({ kind: 'config', code: 'kingdee.unknown_field' });
    expect(c.clock.waits).toEqual([]);
  });
});
