import { describe, expect, it } from 'vitest';
import { buildTenant } from './sim-tenant.js';
import { pushOrder } from './sim-orders.js';
import { KINGDEE_FLAG_FIELD_ID } from './sim-order-fields.js';
import { openSim } from './sim-test-kit.js';

function body(
  _tenant: ReturnType<typeof buildTenant>,
  products: ReturnType<typeof buildTenant>['products'] extends Map<number, infer P> ? P[] : never,
  no: string,
  i: number,
) {
  return {
    order_no: no,
    currency: 'CNY',
    [KINGDEE_FLAG_FIELD_ID]: 'x',
    product_list: [0, 1, 2].map((k) => {
      const p = products[(i + k) % products.length]!;
      return { product_id: p.product_id, sku_id: p.skus[0]!.sku_id, count: 2, unit_price: 3, cost_amount: 6 };
    }),
  };
}

describe('OKKI simulator performance', () => {
  it('pushes thousands of orders per second in-process, and push cost does not grow with the number of orders', () => {
    const t = buildTenant({ preload: 'all' });
    const products = [...t.products.values()].slice(0, 20);
    const timed = (from: number, n: number): number => {
      const started = performance.now();
      for (let i = from; i < from + n; i++) pushOrder(t, body(t, products, `P-${i}`, i));
      return performance.now() - started;
    };
    timed(0, 500); // warm-up
    const early = timed(500, 2_000);
    timed(2_500, 20_000);
    const late = timed(22_500, 2_000);
    const perSecond = Math.round(2_000 / (late / 1000));
    console.log(
      `direct order pushes: ${Math.round(2_000 / (early / 1000))}/s with 2.5k orders, ${perSecond}/s with 22.5k orders`,
    );
    expect(t.orders.size).toBe(24_500);
    expect(perSecond).toBeGreaterThan(2_000);
    expect(late / early).toBeLessThan(3);
  });

  it('serves concurrent HTTP pushes without losing or duplicating orders', async () => {
    const h = await openSim({ preload: 'all' });
    try {
      const ids = await Promise.all(['1.01.001', '1.01.002', '1.01.003'].map((n) => h.sku(n)));
      const total = 1_000;
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < total) {
            const i = next++;
            // Every order number is pushed twice: the second push must edit, not duplicate.
            const res = await h.post('/v1/invoices/order/push', {
              order_no: `C-${i % 500}`,
              currency: 'CNY',
              [KINGDEE_FLAG_FIELD_ID]: 'x',
              product_list: ids.map((s) => ({ ...s, count: 1, unit_price: 1, cost_amount: 1 })),
            });
            expect(res.body.code).toBe(200);
          }
        }),
      );
      console.log(
        `HTTP order pushes (client and simulator in one process): ${Math.round(total / ((performance.now() - started) / 1000))}/s`,
      );
      const dump = h.sim.dumpOrders() as Array<{ product_list: unknown[] }>;
      expect(dump).toHaveLength(500);
      expect(dump.every((o) => o.product_list.length === 3)).toBe(true);
      expect(h.sim.stats().pushes).toBe(total);
    } finally {
      await h.sim.close();
    }
  });
});
