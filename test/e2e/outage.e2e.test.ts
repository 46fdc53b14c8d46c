import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../src/app/demo.js';
import type { RunRecord } from '../../src/ledger/ledger.js';
import { duplicateOrderNumbers, readKingdeeOrders } from './support/e2e-data.js';

/**
 * Issue 9, "a short target outage pauses instead of burning retries", scaled down from 2,000
 * orders / 2 min refused / 1 min 5xx (scripts/soak-outage.ts runs that size): in the middle of a
 * flagship run OKKI stops listening (connection refused), then comes back answering 5xx to every
 * business call until the run has ended. The phases follow what qiao does, not the clock: OKKI
 * goes down after the 60th order push, and turns to 5xx once three pushes have been refused.
 */

/** The fields of an OKKI order (as the simulator dumps it) this test compares. */
type OkkiOrder = {
  order_no: string;
  product_total_amount: number;
  product_list: Array<{ product_no: string; count: number; unit_price: number; cost_amount: number }>;
};

const FLAGSHIP = 'kingdee-sales-orders-to-okki';
const ORDERS = 300;
const round2 = (x: number) => Math.round(x * 100) / 100;

describe('OKKI down (refused, then 5xx) in the middle of a run', () => {
  let env: DemoEnvironment;
  let outageRun: RunRecord;
  let serverErrorsDuringRun = 0;

  beforeAll(async () => {
    env = await startDemoEnvironment({
      orders: ORDERS,
      seed: 3,
      logLevel: 'silent',
      timeoutMs: 3_000,
      retryInitialDelayMs: 100,
      drainWindowMs: 5_000,
      okkiBreaker: { failureStreak: 5, probeAfterMs: 200, maxProbeAfterMs: 400, waitInRunMs: 3_000 },
    });
    for (const id of ['kingdee-customers-to-okki', 'kingdee-materials-to-okki'])
      expect((await env.engine.runNow(id, 'cli')).status).toBe('succeeded');

    let pushed = 0;
    let refused = 0;
    let phase: 'up' | 'refusing' | '5xx' = 'up';
    let switching = Promise.resolve();
    const onCall = (event: { connection: string; operation: string; ok: boolean; errorCode?: string }): void => {
      if (event.connection !== 'okki' || event.operation !== 'orders.push') return;
      if (event.errorCode === 'okki.server_error') serverErrorsDuringRun++;
      if (phase === 'up' && event.ok && ++pushed === 60) {
        phase = 'refusing';
        switching = env.okki.goOffline();
      } else if (phase === 'refusing' && event.errorCode === 'okki.network' && ++refused === 3) {
        phase = '5xx';
        env.okki.setFaults({ error5xxEveryNCalls: 1 });
        switching = switching.then(() => env.okki.goOnline());
      }
    };
    env.engine.events.on('api.call', onCall);
    try {
      outageRun = await env.engine.runNow(FLAGSHIP, 'cli');
      await switching;
    } finally {
      env.engine.events.off('api.call', onCall);
      env.okki.setFaults({});
      await env.okki.goOnline();
    }
  }, 120_000);
  afterAll(async () => env?.close());

  it('the run ends target_unavailable, with everything read and nothing dead', async () => {
    expect(outageRun.status, outageRun.error?.message).toBe('target_unavailable');
    expect(outageRun.error).toMatchObject({ code: 'runtime.target_unavailable', details: { connection: 'okki' } });
    expect(serverErrorsDuringRun).toBeGreaterThan(0); // the 5xx spell hit the run, not only the refusals
    expect(outageRun.counts.pushed).toBeGreaterThanOrEqual(60);
    expect(outageRun.counts.pushed).toBeLessThan(outageRun.counts.documents);
    const [counts] = await env.engine.ledger.countByStatus(FLAGSHIP);
    expect(counts?.counts).toMatchObject({ dead: 0, writing: 0 });
    expect(outageRun.cursorTo).not.toBeNull(); // reading finished: the next run needs no re-read
  });

  it('the next run after recovery completes; OKKI then equals Kingdee (read from both, not from qiao)', async () => {
    const recovered = await env.engine.runNow(FLAGSHIP, 'cli');
    expect(recovered.status, recovered.error?.message).toBe('succeeded');
    const [counts] = await env.engine.ledger.countByStatus(FLAGSHIP);
    expect(counts?.counts).toMatchObject({ dead: 0, failed: 0, pending: 0, writing: 0, parked: 0 });

    const kingdee = await readKingdeeOrders(env);
    const okkiOrders = env.okki.dumpOrders() as OkkiOrder[];
    const approved = [...kingdee.values()].filter((o) => o.status === 'C');
    expect(duplicateOrderNumbers(okkiOrders)).toEqual([]);
    expect(okkiOrders.map((o) => o.order_no).sort()).toEqual(approved.map((o) => o.billNo).sort());
    const line = (product: string, count: number, price: number, amount: number) =>
      JSON.stringify([product, count, price, round2(amount)]);
    for (const order of okkiOrders) {
      const source = kingdee.get(order.order_no)!;
      const okkiLines = order.product_list.map((l) => line(l.product_no, l.count, l.unit_price, l.cost_amount));
      const kingdeeLines = source.lines.map((l) => line(l.material, l.qty, l.taxPrice, l.allAmount));
      expect(okkiLines.sort(), order.order_no).toEqual(kingdeeLines.sort());
      expect(order.product_total_amount).toBeCloseTo(round2(source.lines.reduce((s, l) => s + l.allAmount, 0)), 2);
    }
  }, 60_000);
});
