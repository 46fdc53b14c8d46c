import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLAG_FIELD, openSim, type SimHandle } from './sim-test-kit.js';

let h: SimHandle;
beforeEach(async () => {
  h = await openSim();
});
afterEach(async () => h.sim.close());

describe('OKKI receipts (回款单)', () => {
  it('updates the linked order collected / not-collected amounts only while effective', async () => {
    const a = await h.sku('1.01.001');
    const pushed = await h.post('/v1/invoices/order/push', {
      order_no: 'RC-1',
      currency: 'USD',
      exchange_rate: 700,
      exchange_rate_usd: 100,
      [FLAG_FIELD]: 'x',
      product_list: [{ ...a, count: 10, unit_price: 100, cost_amount: 1000 }],
    });
    const orderId = pushed.body.data.order_id;
    const info = async () => (await h.get(`/v1/invoices/order/info?order_id=${orderId}`)).body.data;

    const pending = await h.post('/v1/invoices/receipt/push', {
      order_id: orderId,
      amount: 300,
      currency: 'USD',
      exchange_rate: 700,
      exchange_rate_usd: 100,
      type: 'T/T',
    });
    expect(pending.body.data).toMatchObject({
      cash_collection_id: expect.any(Number),
      cash_collection_no: expect.stringMatching(/^HKD20250601\d{5}$/),
    });
    expect((await info()).collect_amount_usd).toBe(0);

    await h.post('/v1/invoices/receipt/push', {
      cash_collection_id: pending.body.data.cash_collection_id,
      collect_status: 1,
    });
    expect(await info()).toMatchObject({
      collect_amount_usd: 300,
      collect_amount_rmb: 2100,
      not_collect_amount_usd: 700,
      not_collect_amount_rmb: 4900,
      percentage_usd: 30,
    });

    await h.post('/v1/invoices/receipt/push', {
      order_id: orderId,
      amount: 700,
      currency: 'USD',
      exchange_rate: 700,
      exchange_rate_usd: 100,
      collect_status: 1,
      cash_collection_no: 'HK-2',
    });
    expect(await info()).toMatchObject({ collect_amount_usd: 1000, not_collect_amount_usd: 0 });
    // Editing an amount moves the contribution instead of adding to it.
    await h.post('/v1/invoices/receipt/push', { cash_collection_no: 'HK-2', amount: 200 });
    expect((await info()).collect_amount_usd).toBe(500);

    const detail = (await h.get('/v1/invoices/receipt/info?cash_collection_no=HK-2')).body.data;
    expect(detail).toMatchObject({
      amount: '200.00',
      exchange_rate: '700.00000',
      order_info: { order_no: 'RC-1' },
      collect_status: 1,
    });
    const list = (await h.get('/v1/invoices/receipt/list?start_index=1&count=1')).body.data;
    expect(list.totalItem).toBe(2);
    expect(list.list).toHaveLength(1);
    // An order with receipts cannot be removed.
    expect((await h.post(`/v1/invoices/order/remove?order_id=${orderId}`)).body.message).toContain('回款单');
  });

  it('requires amount and currency, validates type and order_id, serves types', async () => {
    expect((await h.post('/v1/invoices/receipt/push', { currency: 'CNY' })).body.message).toContain('amount');
    expect((await h.post('/v1/invoices/receipt/push', { amount: 1 })).body.message).toContain('currency');
    expect((await h.post('/v1/invoices/receipt/push', { amount: 1, currency: 'CNY', type: 'Bitcoin' })).body.code).toBe(
      400,
    );
    expect((await h.post('/v1/invoices/receipt/push', { amount: 1, currency: 'CNY', order_id: 99 })).body.code).toBe(
      404,
    );
    const types = (await h.get('/v1/invoices/receipt/types')).body.data;
    expect(types).toContain('T/T');
    const system = await h.post('/v1/invoices/receipt/push', { amount: 10, currency: 'EUR' });
    const r = (await h.get(`/v1/invoices/receipt/info?cash_collection_id=${system.body.data.cash_collection_id}`)).body
      .data;
    expect(r).toMatchObject({ exchange_rate: '780.00000', amount_rmb: '78.00' });
  });
});

describe('OKKI companies, products, users', () => {
  it('preloads odd-numbered customers/materials by default (serial_id / product_no = Kingdee numbers)', async () => {
    expect((await h.get('/v1/company/info?serial_id=CUST0001')).body.data.customers[0]).toMatchObject({
      main_customer_flag: 1,
      email: 'buyer1@customer1.example.com',
    });
    expect((await h.get('/v1/company/info?serial_id=CUST0002')).body).toMatchObject({
      code: 404,
      message: 'Not Found Resource',
    });
    expect((await h.get('/v1/product/info?product_no=1.01.002')).status).toBe(404);
    const list = (await h.get('/v1/company/list?start_index=2&count=7')).body.data;
    expect(list).toMatchObject({ totalItem: 30, count: 7 });
    const products = (await h.get('/v1/product/list?count=100')).body.data;
    expect(products.count).toBe(60);
    expect(products.list[0].sku_id).toBeUndefined();
    await h.sim.close();
    h = await openSim({ preload: 'none' });
    expect((await h.get('/v1/company/list')).body.data.totalItem).toBe(0);
    expect((await h.get('/v1/user/list')).body.data.length).toBeGreaterThan(10);
  });

  it('upserts companies by serial_id and contacts by e-mail', async () => {
    const body = {
      serial_id: 'CUST0002',
      name: '新客户有限公司',
      customers: [{ name: '王五', email: 'w5@example.com' }],
    };
    const first = (await h.post('/v1/company/pushCompanyAndCustomers', body)).body.data;
    const again = (await h.post('/v1/company/pushCompanyAndCustomers', { ...body, name: '新客户（改名）' })).body.data;
    expect(again.company_id).toBe(first.company_id);
    expect(again.customers).toEqual([
      { customer_id: first.customers[0].customer_id, name: '王五', email: 'w5@example.com' },
    ]);
    expect((await h.get('/v1/company/info?serial_id=CUST0002')).body.data.name).toBe('新客户（改名）');
    expect((await h.post('/v1/company/pushCompanyAndCustomers', { name: 'x' })).body.message).toContain('customers');
    expect(
      (await h.post('/v1/company/pushCompanyAndCustomers', { company_id: 5, name: 'x', customers: [] })).body.code,
    ).toBe(404);
    const auto = (await h.post('/v1/company/pushCompanyAndCustomers', { name: '无编号', customers: [] })).body.data;
    expect((await h.get(`/v1/company/info?company_id=${auto.company_id}`)).body.data.serial_id).toMatch(/^C\d+$/);
  });

  it('upserts products by product_no with one sku coded like the product', async () => {
    const first = (
      await h.post('/v1/product/push', { product_type: 1, product_no: '1.01.002', name: '新品', price_min: 9 })
    ).body.data;
    expect(first.sku_items).toEqual([{ sku_id: expect.any(Number), sku_code: '1.01.002' }]);
    const again = (await h.post('/v1/product/push', { product_type: 1, product_no: '1.01.002', name: '新品改' })).body
      .data;
    expect(again).toEqual(first);
    const info = (await h.get('/v1/product/info?product_no=1.01.002')).body.data;
    expect(info).toMatchObject({ name: '新品改', sku_items: [{ fob_price: 9 }] });
    // The new product is immediately usable on orders.
    const order = await h.post('/v1/invoices/order/push', {
      currency: 'CNY',
      [FLAG_FIELD]: 'x',
      product_list: [
        { product_id: first.product_id, sku_id: first.sku_items[0].sku_id, count: 1, unit_price: 9, cost_amount: 9 },
      ],
    });
    expect(order.body.data.product_list).toHaveLength(1);
    expect((await h.post('/v1/product/push', { name: 'no type' })).body.message).toContain('product_type');
  });

  it('lists users as string-typed rows filtered by enable_flag, and departments', async () => {
    const users = (await h.get('/v1/user/list')).body.data;
    expect(users.every((u: any) => typeof u.user_id === 'string' && u.enable_flag === '1')).toBe(true);
    expect(users.find((u: any) => u.employee_no === 'SAL001')).toMatchObject({ email: 'sal001@example.cn' });
    expect((await h.get('/v1/user/list?enable_flag=0')).body.data.map((u: any) => u.nickname)).toEqual(['离职销售']);
    const depts = (await h.get('/v1/user/departmentList')).body.data.list.map((d: any) => d.name);
    expect(depts).toEqual(['我的企业', '华南销售部', '华东销售部', '海外销售一部', '海外销售二部']);
  });
});
