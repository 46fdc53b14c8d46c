import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../src/app/demo.js';
import { duplicateOrderNumbers, okkiClientFor, readKingdeeOrders, type KingdeeOrder } from './support/e2e-data.js';

const FLAGSHIP = 'kingdee-sales-orders-to-okki';
const round2 = (x: number) => Math.round(x * 100) / 100;
/** amount × basis points / 10000, rounded half-up to cents in integers (floats would drift: 243713.5 × 0.02 = 4874.2699…). */
const feeOf = (amount: number, basisPoints: number) =>
  Math.floor((Math.round(amount * 100) * basisPoints + 5000) / 10000) / 100;

/** The scheme's policy table (schemes/kingdee-sales-orders-to-okki.yaml), restated to check the fees independently. */
const POLICY: Record<string, string> = {
  CUST0001: 'A',
  CUST0002: 'A',
  CUST0003: 'B',
  CUST0004: 'B',
  CUST0005: 'B',
  CUST0007: 'A',
  CUST0011: 'B',
};
const LOGISTICS_BP: Record<string, number> = { A: 200, B: 150, C: 100 };

describe('flagship scheme end to end: Kingdee sales orders → OKKI orders (500 orders, real ports)', () => {
  let env: DemoEnvironment;
  let kingdee: Map<string, KingdeeOrder>;
  let okkiOrders: Array<Record<string, any>>;

  beforeAll(async () => {
    env = await startDemoEnvironment({ orders: 500, seed: 3 });
    kingdee = await readKingdeeOrders(env);
    const runs = await env.runAll();
    for (const run of runs) expect(run.status, `${run.schemeId}: ${run.error?.message ?? ''}`).toBe('succeeded');
    okkiOrders = env.okki.dumpOrders() as Array<Record<string, any>>;
  });
  afterAll(async () => env?.close());

  it('every approved order arrives exactly once; unapproved ones do not', () => {
    const approved = [...kingdee.values()]
      .filter((o) => o.status === 'C')
      .map((o) => o.billNo)
      .sort();
    expect(approved.length).toBeGreaterThan(250);
    expect(approved.length).toBeLessThan(500); // the seed has unapproved orders too
    expect(duplicateOrderNumbers(okkiOrders)).toEqual([]);
    expect(okkiOrders.map((o) => o.order_no).sort()).toEqual(approved);
  });

  it('lines, totals, owners, departments and custom fields are right', async () => {
    const okki = okkiClientFor(env);
    const idOf = async (name: string) => okki.customFieldId('order', name);
    const [statusField, logisticsField] = [await idOf('金蝶标识状态'), await idOf('物流费')];
    const users = new Map<string, string>();
    for await (const user of okki.listUsers()) users.set(String(user.employee_no), String(user.user_id));
    for (const order of okkiOrders) {
      const source = kingdee.get(order.order_no)!;
      expect(order.company.serial_id).toBe(source.customer);
      expect(order.product_list).toHaveLength(source.lines.length);
      const byProduct = [...order.product_list].sort(
        (a, b) => String(a.product_no).localeCompare(b.product_no) || a.count - b.count,
      );
      const expected = [...source.lines].sort((a, b) => a.material.localeCompare(b.material) || a.qty - b.qty);
      const basisPoints = LOGISTICS_BP[POLICY[source.customer] ?? 'C']!;
      byProduct.forEach((line, i) => {
        expect(line.product_no).toBe(expected[i]!.material);
        expect(line.count).toBe(expected[i]!.qty);
        expect(line.unit_price).toBe(expected[i]!.taxPrice);
        expect(line.cost_amount).toBe(round2(expected[i]!.allAmount));
        expect(Number(line[logisticsField])).toBe(feeOf(expected[i]!.allAmount, basisPoints));
      });
      expect(order.product_total_amount).toBeCloseTo(round2(source.lines.reduce((s, l) => s + l.allAmount, 0)), 2);
      expect(order.users).toEqual([{ user_id: Number(users.get(source.saler)), rate: 100 }]);
      expect(order[statusField]).toBe(
        source.cancelled ? '已作废' : source.closed ? '已关闭' : source.changed ? '审核后变更' : '已审核',
      );
    }
  });

  it('an immediate second run pushes nothing', async () => {
    const pushesBefore = env.okki.stats().pushes;
    const run = await env.engine.runNow(FLAGSHIP, 'cli');
    expect(run.status).toBe('succeeded');
    expect(run.counts.pushed).toBe(0);
    expect(env.okki.stats().pushes).toBe(pushesBefore);
  });

  it('10 orders changed after approval are pushed again, exactly those, onto the same OKKI orders', async () => {
    const before = new Map(okkiOrders.map((o) => [o.order_no, o]));
    const changed = env.kingdee.changeOrdersAfterAudit({ count: 10, kinds: ['qty', 'price', 'addLine', 'removeLine'] });
    expect(changed).toHaveLength(10);
    const pushesBefore = env.okki.stats().pushes;
    const run = await env.engine.runNow(FLAGSHIP, 'cli');
    expect(run.status).toBe('succeeded');
    expect(run.counts.pushed).toBe(10);
    expect(env.okki.stats().pushes - pushesBefore).toBe(10);

    const after = env.okki.dumpOrders() as Array<Record<string, any>>;
    expect(after).toHaveLength(okkiOrders.length);
    expect(duplicateOrderNumbers(after)).toEqual([]);
    const nowInKingdee = await readKingdeeOrders(env);
    for (const billNo of changed) {
      const okkiOrder = after.find((o) => o.order_no === billNo)!;
      expect(okkiOrder.order_id).toBe(before.get(billNo)!.order_id);
      const source = nowInKingdee.get(billNo)!;
      expect(okkiOrder.product_list.map((l: any) => `${l.product_no}×${l.count}@${l.unit_price}`).sort()).toEqual(
        source.lines.map((l) => `${l.material}×${l.qty}@${l.taxPrice}`).sort(),
      );
    }
    const untouched = after.filter((o) => !changed.includes(o.order_no));
    for (const order of untouched) expect(order.update_time).toBe(before.get(order.order_no)!.update_time);
  });
});
