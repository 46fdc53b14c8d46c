import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLAG_FIELD, openSim, type SimHandle } from './sim-test-kit.js';

let h: SimHandle;
let a: { product_id: number; sku_id: number };
let b: { product_id: number; sku_id: number };
beforeEach(async () => {
  h = await openSim();
  a = await h.sku('1.01.001');
  b = await h.sku('1.01.003');
});
afterEach(async () => h.sim.close());

const push = (body: Record<string, unknown>) =>
  h.post('/v1/invoices/order/push', { currency: 'CNY', [FLAG_FIELD]: '已同步', ...body });
const info = async (orderNo: string) => (await h.get(`/v1/invoices/order/info?order_no=${orderNo}`)).body.data;

describe('OKKI order push', () => {
  it('creates, then edits by order_id and upserts by order_no without duplicates', async () => {
    const created = await push({
      order_no: 'SO-1',
      name: 'first',
      product_list: [{ ...a, count: 1, unit_price: 5, cost_amount: 5 }],
    });
    expect(created.status).toBe(200);
    const id = created.body.data.order_id;
    expect(typeof id).toBe('number');
    expect(created.body.data.product_list[0].unique_id).toEqual(expect.any(Number));

    const byId = await push({ order_id: id, name: 'renamed' });
    expect(byId.body.data.order_id).toBe(id);
    const byNo = await push({ order_no: 'SO-1', remark: 'again' });
    expect(byNo.body.data.order_id).toBe(id);
    const order = await info('SO-1');
    expect(order).toMatchObject({ order_id: id, name: 'renamed', remark: 'again', archive_type: 4 });
    expect(h.sim.dumpOrders()).toHaveLength(1);

    const other = await push({ name: 'no number' });
    expect(other.body.data.order_id).not.toBe(id);
    expect((await h.get(`/v1/invoices/order/info?order_id=${other.body.data.order_id}`)).body.data.order_no).toMatch(
      /^SO20250601\d{5}$/,
    );
    expect((await push({ order_id: 123456789 })).body).toMatchObject({
      code: 404,
      message: expect.stringContaining('Not Found Resource'),
    });
  });

  it('keeps same-SKU lines apart on create, edits by unique_id, deletes with remove:1, merges id-less lines by product+sku', async () => {
    const created = await push({
      order_no: 'SO-2',
      product_list: [
        { ...a, count: 1, unit_price: 10, cost_amount: 10 },
        { ...a, count: 2, unit_price: 10, cost_amount: 20 },
        { ...b, count: 3, unit_price: 1, cost_amount: 3 },
      ],
    });
    const [l1, l2, l3] = created.body.data.product_list;
    expect(new Set([l1.unique_id, l2.unique_id, l3.unique_id]).size).toBe(3);

    await push({
      order_no: 'SO-2',
      product_list: [
        { unique_id: l2.unique_id, ...a, count: 7, unit_price: 10, cost_amount: 70 },
        { unique_id: l1.unique_id, remove: 1 },
      ],
    });
    let order = await info('SO-2');
    expect(order.product_list.map((l: any) => [l.unique_id, l.count])).toEqual([
      [l2.unique_id, 7],
      [l3.unique_id, 3],
    ]);

    // Two id-less rows of product b collapse into the existing b line (last wins); omitted lines stay.
    const merged = await push({
      order_no: 'SO-2',
      product_list: [
        { ...b, count: 4, unit_price: 1, cost_amount: 4 },
        { ...b, count: 5, unit_price: 1, cost_amount: 5 },
      ],
    });
    order = await info('SO-2');
    expect(order.product_list.map((l: any) => [l.unique_id, l.count])).toEqual([
      [l2.unique_id, 7],
      [l3.unique_id, 5],
    ]);
    expect(merged.body.data.product_list).toHaveLength(2);
    expect(order.product_total_amount).toBe(75);
  });

  it('silently drops lines whose product_id+sku_id is unknown and defaults cost_amount/other_cost to 0', async () => {
    const res = await push({
      order_no: 'SO-3',
      product_list: [
        { ...a, count: 2, unit_price: 3, cost_amount: 6, other_cost: 1 },
        { product_id: 1, sku_id: 2, count: 1, unit_price: 1, cost_amount: 1 },
        { product_id: a.product_id, sku_id: b.sku_id, count: 1, unit_price: 1, cost_amount: 1 },
        { count: 1, unit_price: 1 },
      ],
    });
    expect(res.body.code).toBe(200);
    expect(res.body.data.product_list).toHaveLength(1);
    await push({
      order_no: 'SO-3',
      product_list: [{ unique_id: res.body.data.product_list[0].unique_id, ...a, count: 2, unit_price: 3 }],
    });
    const line = (await info('SO-3')).product_list[0];
    expect(line).toMatchObject({
      cost_amount: 0,
      other_cost: 0,
      count: 2,
      product_no: '1.01.001',
      sku_code: '1.01.001',
    });
    expect(typeof line.product_id).toBe('string');
  });

  it('computes totals from lines and cost_list for every percent_type', async () => {
    const lines = [
      { ...a, count: 2, unit_price: 100, cost_amount: 200 },
      { ...b, count: 3, unit_price: 100, cost_amount: 300 },
    ];
    const cases: Array<[number, number, number]> = [
      [0, 50, 50],
      [1, 10, 50],
      [2, 20, -20],
      [3, 5, -25],
    ];
    for (const [type, value, extra] of cases) {
      await push({
        order_no: `T-${type}`,
        product_list: lines,
        cost_list: [{ cost_name: 'c', percent_type: type, percent_amount: value, cost: 999 }],
      });
      const o = await info(`T-${type}`);
      expect(o).toMatchObject({
        product_total_amount: 500,
        product_total_count: 5,
        addition_cost_amount: extra,
        amount: 500 + extra,
      });
      expect(o.cost_list[0]).toMatchObject({ percent_type: type, cost: Math.abs(extra) });
    }
    await push({
      order_no: 'T-mix',
      product_list: lines,
      cost_list: [
        { cost_name: 'f', percent_type: 0, percent_amount: 0.01, cost: 0.01 },
        { cost_name: 'd', percent_type: 3, percent_amount: 10, cost: 50 },
      ],
      amount: 1,
    });
    expect((await info('T-mix')).amount).toBe(450.01);
    const bad = await push({
      order_no: 'T-bad',
      cost_list: [{ cost_name: 'x', percent_type: 7, percent_amount: 1, cost: 1 }],
    });
    expect(bad.body.code).toBe(400);
    expect(bad.body.message).toContain('percent_type');
  });

  it('applies the ×100 exchange-rate rule and auto-fills only when the exchange_rate key is absent', async () => {
    const lines = [{ ...a, count: 1, unit_price: 300, cost_amount: 300 }];
    await push({ order_no: 'FX-1', currency: 'USD', product_list: lines });
    expect(await info('FX-1')).toMatchObject({
      exchange_rate: 710,
      exchange_rate_usd: 100,
      amount: 300,
      amount_rmb: 2130,
      amount_usd: 300,
    });
    await push({ order_no: 'FX-2', currency: 'USD', exchange_rate: 725, exchange_rate_usd: 100, product_list: lines });
    expect(await info('FX-2')).toMatchObject({ exchange_rate: 725, amount_rmb: 2175 });
    await push({ order_no: 'FX-3', currency: 'USD', exchange_rate: '', product_list: lines });
    expect(await info('FX-3')).toMatchObject({ exchange_rate: 0, exchange_rate_usd: 0, amount_rmb: 0 });
    // An edit without the key refills the system rates, overwriting what was sent before.
    await h.post('/v1/invoices/order/push', { order_no: 'FX-2', remark: 'x' });
    expect(await info('FX-2')).toMatchObject({ currency: 'USD', exchange_rate: 710, remark: 'x' });
    const cny = await push({ order_no: 'FX-4', currency: 'CNY' });
    expect(cny.body.code).toBe(200);
    expect((await info('FX-4')).exchange_rate).toBe(100);
    expect((await info('FX-4')).exchange_rate_usd).toBeCloseTo(14.0845, 4);
  });

  it('stores header and line custom fields verbatim and ignores unknown numeric keys', async () => {
    const freight = await h.fieldId('物流费');
    const q1 = await h.fieldId('Q1返利');
    await push({
      order_no: 'CF-1',
      [FLAG_FIELD]: '已审核 ✓',
      '999999': 'nope',
      product_list: [{ ...a, count: 1, unit_price: 1, cost_amount: 1, [freight]: '12.50', [q1]: 3 }],
    });
    const o = await info('CF-1');
    expect(o[FLAG_FIELD]).toBe('已审核 ✓');
    expect(o['999999']).toBeUndefined();
    expect(o.product_list[0][freight]).toBe('12.50');
    expect(o.product_list[0][q1]).toBe(3);
    expect(o.product_list[0][await h.fieldId('年度返利')]).toBe('');
  });

  it('enforces tenant-required fields and leaves no trace of a refused push', async () => {
    const missing = await h.post('/v1/invoices/order/push', { order_no: 'RQ-1', currency: 'CNY' });
    expect(missing).toMatchObject({
      status: 400,
      body: { code: 400, message: expect.stringContaining('金蝶标识状态') },
    });
    expect(h.sim.dumpOrders()).toHaveLength(0);
    const noCurrency = await h.post('/v1/invoices/order/push', { order_no: 'RQ-1', [FLAG_FIELD]: 'x' });
    expect(noCurrency.body.message).toContain('currency');
    await h.sim.close();
    h = await openSim({ requiredOrderFields: ['departments'] });
    expect((await push({ order_no: 'RQ-2' })).body.message).toContain('departments');
    const depts = (await h.get('/v1/user/departmentList')).body.data.list;
    expect((await push({ order_no: 'RQ-2', departments: [{ department_id: depts[1].id, rate: 100 }] })).body.code).toBe(
      200,
    );
  });

  it('validates performance owners against users and ignores an unknown status', async () => {
    const users = (await h.get('/v1/user/list')).body.data;
    const ok = await push({
      order_no: 'U-1',
      users: [
        { user_id: users[1].user_id, rate: 60 },
        { user_id: users[2].user_id, rate: 40 },
      ],
    });
    expect(ok.body.code).toBe(200);
    expect((await info('U-1')).users_info.map((u: any) => u.nickname)).toEqual([users[1].nickname, users[2].nickname]);
    expect((await push({ order_no: 'U-2', users: [{ user_id: 42, rate: 100 }] })).body.message).toContain(
      'users[0].user_id',
    );
    expect(
      (
        await push({
          order_no: 'U-2',
          users: [
            { user_id: users[1].user_id, rate: 80 },
            { user_id: users[2].user_id, rate: 30 },
          ],
        })
      ).body.code,
    ).toBe(400);
    expect((await push({ order_no: 'U-1', user_id: 42 })).body).toMatchObject({
      code: 404,
      message: 'Not Found Resource没有权限编辑订单',
    });

    const statuses = (await h.get('/v1/invoices/order/orderEnums')).body.data.order_status_list;
    const before = (await info('U-1')).status;
    expect((await push({ order_no: 'U-1', status: 1 })).body.code).toBe(200);
    expect((await info('U-1')).status).toBe(before);
    await push({ order_no: 'U-1', status: statuses[2].code });
    expect((await info('U-1')).status_name).toBe(statuses[2].name);
  });
});

describe('OKKI order list, info and remove', () => {
  it('pages with start_index from 1 and filters by time window and time_type', async () => {
    for (let i = 1; i <= 25; i++) {
      await push({ order_no: `L-${String(i).padStart(2, '0')}`, account_date: i <= 5 ? '2025-05-01' : '2025-06-01' });
      h.advance(60_000);
    }
    const page1 = (await h.get('/v1/invoices/order/list?start_index=1&count=10')).body.data;
    const page3 = (await h.get('/v1/invoices/order/list?start_index=3&count=10')).body.data;
    expect(page1.count).toBe(25);
    expect(page1.list).toHaveLength(10);
    expect(page1.list[0].order_no).toBe('L-25');
    expect(page3.list.map((o: any) => o.order_no)).toEqual(['L-05', 'L-04', 'L-03', 'L-02', 'L-01']);
    expect(page1.list[0].product_list).toBeUndefined();
    expect((await h.get('/v1/invoices/order/list')).body.data.list).toHaveLength(10);
    // Pushes happened at 10:00..10:24 China time; the window 10:05:00–10:09:59 holds L-06..L-10.
    const window = (
      await h.get(
        `/v1/invoices/order/list?count=50&start_time=${encodeURIComponent('2025-06-01 10:05:00')}&end_time=${encodeURIComponent('2025-06-01 10:09:59')}`,
      )
    ).body.data;
    expect(window.list.map((o: any) => o.order_no).sort()).toEqual(['L-06', 'L-07', 'L-08', 'L-09', 'L-10']);
    const byDate = (
      await h.get('/v1/invoices/order/list?count=50&time_type=3&start_time=2025-05-01&end_time=2025-05-01')
    ).body.data;
    expect(byDate.count).toBe(5);
  });

  it('removes deletable orders, refuses confirmed ones, and lists removed with removed=1', async () => {
    const statuses = (await h.get('/v1/invoices/order/orderEnums')).body.data.order_status_list;
    const confirmed = statuses.find((s: any) => s.name === '已确认').code;
    const draft = statuses.find((s: any) => s.name === '草稿').code;
    await push({ order_no: 'R-1' });
    await push({ order_no: 'R-2', status: confirmed });
    const refused = await h.post('/v1/invoices/order/remove?order_no=R-2');
    expect(refused.body.code).toBe(400);
    expect(refused.body.message).toContain('已确认');
    await push({ order_no: 'R-2', status: draft });
    expect((await h.post('/v1/invoices/order/remove?order_no=R-2')).body).toMatchObject({ code: 200, data: 'success' });
    expect((await h.get('/v1/invoices/order/info?order_no=R-2')).body).toMatchObject({ code: 404 });
    expect((await h.get('/v1/invoices/order/list?removed=1')).body.data.list.map((o: any) => o.order_no)).toEqual([
      'R-2',
    ]);
    expect((await h.get('/v1/invoices/order/list')).body.data.count).toBe(1);
    // The number is free again: a new push creates a new order.
    const again = await push({ order_no: 'R-2' });
    expect(again.body.code).toBe(200);
    expect((await h.post('/v1/invoices/order/remove?order_no=NOPE')).body.code).toBe(404);
  });
});
