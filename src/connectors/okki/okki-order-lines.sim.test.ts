import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, WriteContext } from '../connector.js';
import { okkiConnectorType } from './okki.connector.js';
import { startOkkiSimulator, type OkkiSimulator } from './simulator/okki-simulator.js';

/**
 * Order lines stay exact across pushes whose replies were lost (issue 9), proven against the
 * simulator: whatever the ledger missed, the next write leaves the order with exactly the lines of
 * the current source version.
 */
describe('OKKI order lines after lost replies', () => {
  let sim: OkkiSimulator;
  let okki: Connector;
  const products: Array<{ product_id: unknown; sku_id: unknown; product_no: string }> = [];
  let flagField: string;

  beforeAll(async () => {
    sim = await startOkkiSimulator({ seed: 13 });
    okki = okkiConnectorType.create('okki', {
      type: 'okki',
      baseUrl: sim.url,
      clientId: sim.credentials.clientId,
      clientSecret: sim.credentials.clientSecret,
    });
    for await (const product of okki.read('products.list', { count: 4 })) {
      const sku_id = await okki.lookup('product', { product_id: product.product_id }, 'sku_id');
      products.push({ product_id: product.product_id, sku_id, product_no: String(product.product_no) });
      if (products.length === 4) break;
    }
    flagField = await okki.customFieldId('order', '金蝶标识状态');
  });
  afterAll(async () => {
    await okki?.close();
    await sim?.close();
  });

  /** A mapped order: each line is [source line key, product index, count]. */
  const order = (no: string, lines: Array<[string, number, number]>) => ({
    order_no: no,
    currency: 'USD',
    [flagField]: '已审核',
    product_list: lines.map(([key, product, count]) => ({
      _key: key,
      product_id: products[product]!.product_id,
      sku_id: products[product]!.sku_id,
      count,
      unit_price: 10,
      cost_amount: count * 10,
    })),
  });
  const context = (key: string, previousIds: Record<string, unknown> | null): WriteContext => ({
    key,
    previousIds,
    params: {},
  });
  /** The order's lines in OKKI as "product_no×count", sorted. */
  const linesInOkki = (no: string) =>
    (sim.dumpOrders() as Array<{ order_no: string; product_list: Array<{ product_no: string; count: number }> }>)
      .find((o) => o.order_no === no)!
      .product_list.map((l) => `${l.product_no}×${l.count}`)
      .sort();
  const expected = (lines: Array<[string, number, number]>) =>
    lines.map(([, product, count]) => `${products[product]!.product_no}×${count}`).sort();

  it('reads the order back after a lost reply and removes the lines a newer version dropped', async () => {
    const v1 = order('EXACT-1', [
      ['E1', 0, 1],
      ['E2', 1, 2],
      ['E3', 2, 3],
    ]);
    const first = await okki.write('orders.push', v1, context('EXACT-1', null));
    // Version 2 lands in OKKI, but its reply is lost: the ledger still holds version 1's ids.
    await okki.write(
      'orders.push',
      order('EXACT-1', [
        ['E1', 0, 5],
        ['E4', 3, 1],
      ]),
      context('EXACT-1', first.ids),
    );
    const v3: Array<[string, number, number]> = [
      ['E1', 0, 7],
      ['E5', 1, 4],
    ];
    const landed = await okki.findWritten('orders.push', order('EXACT-1', v3), context('EXACT-1', first.ids));
    expect(landed?.ids).toMatchObject({
      order_id: first.ids.order_id,
      lines: { E1: (first.ids.lines as Record<string, string>).E1 },
      removeLines: [expect.any(String)], // E4's line, which the ledger never learned of
    });
    const third = await okki.write('orders.push', order('EXACT-1', v3), context('EXACT-1', landed!.ids));
    expect(linesInOkki('EXACT-1')).toEqual(expected(v3));
    expect(third.ids).toMatchObject({ order_id: first.ids.order_id, removeLines: [] });
    expect(Object.keys(third.ids.lines as object).sort()).toEqual(['E1', 'E5']);
    expect(third.warnings).toEqual([]);
  });

  it('reads the order back itself when the ledger kept line ids without removeLines (an older qiao)', async () => {
    const first = await okki.write(
      'orders.push',
      order('EXACT-2', [
        ['E1', 0, 1],
        ['E2', 1, 2],
      ]),
      context('EXACT-2', null),
    );
    // What the old findWritten merge left: only the lines of the payload it was matched against.
    const legacy = { order_id: first.ids.order_id, lines: { E1: (first.ids.lines as Record<string, string>).E1 } };
    const v2: Array<[string, number, number]> = [['E1', 0, 3]];
    const infoCalls = () => sim.stats().calls['GET /v1/invoices/order/info'] ?? 0;
    const before = infoCalls();
    const second = await okki.write('orders.push', order('EXACT-2', v2), context('EXACT-2', legacy));
    expect(infoCalls()).toBe(before + 1);
    expect(linesInOkki('EXACT-2')).toEqual(expected(v2));
    expect(second.ids).toMatchObject({ removeLines: [] });
    // Complete ids from now on: the next write reads nothing back.
    await okki.write('orders.push', order('EXACT-2', [['E1', 0, 4]]), context('EXACT-2', second.ids));
    expect(infoCalls()).toBe(before + 1);
  });

  it('removes before it adds, so a new line of the product of a removed line stays a line of its own', async () => {
    const first = await okki.write('orders.push', order('EXACT-3', [['E1', 0, 1]]), context('EXACT-3', null));
    const v2: Array<[string, number, number]> = [['E2', 0, 6]];
    await okki.write('orders.push', order('EXACT-3', v2), context('EXACT-3', first.ids));
    expect(linesInOkki('EXACT-3')).toEqual(expected(v2));
  });

  it('keeps lines the order holds but no row took, and removes them with the next write', async () => {
    const first = await okki.write('orders.push', order('EXACT-4', [['E1', 0, 1]]), context('EXACT-4', null));
    // Someone adds a line in OKKI by hand.
    await okki.call('/v1/invoices/order/push', {
      order_id: first.ids.order_id,
      product_list: [{ product_id: products[2]!.product_id, sku_id: products[2]!.sku_id, count: 9 }],
    });
    const v2: Array<[string, number, number]> = [['E1', 0, 2]];
    const second = await okki.write('orders.push', order('EXACT-4', v2), context('EXACT-4', first.ids));
    expect(second.ids).toMatchObject({ removeLines: [expect.any(String)] });
    expect(second.warnings).toEqual([expect.stringContaining('not in the source')]);
    await okki.write('orders.push', order('EXACT-4', [['E1', 0, 3]]), context('EXACT-4', second.ids));
    expect(linesInOkki('EXACT-4')).toEqual(expected([['E1', 0, 3]]));
  });
});
