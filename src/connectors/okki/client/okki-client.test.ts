import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOkkiSimulator, type OkkiSimulator } from '../simulator/okki-simulator.js';
import { OkkiClient } from './okki-client.js';
import type { OkkiConnectionInput } from '../okki.config.js';
import { OkkiError } from '../okki-errors.js';
import { okkiCatalog } from '../catalog/order.catalog.js';

let sim: OkkiSimulator;
let products: Array<{ product_id: string; sku_id: string }>;
let companyId: string;
let flagField: string;
let freightField: string;

function client(overrides: Partial<OkkiConnectionInput> = {}): OkkiClient {
  return new OkkiClient({
    type: 'okki',
    baseUrl: sim.url,
    clientId: sim.credentials.clientId,
    clientSecret: sim.credentials.clientSecret,
    rateLimit: { concurrency: 16 },
    ...overrides,
  });
}

async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of gen) out.push(item);
  return out;
}

const line = (p: { product_id: string; sku_id: string }, count: number, price = 10) => ({
  product_id: p.product_id,
  sku_id: p.sku_id,
  count,
  unit_price: price,
  cost_amount: count * price,
});

beforeAll(async () => {
  sim = await startOkkiSimulator({ seed: 7 });
  const c = client();
  const rows = await collect(c.listProducts({ pageSize: 7 }));
  expect(rows.length).toBeGreaterThan(3);
  products = [];
  for (const row of rows.slice(0, 3)) {
    const info = await c.getProduct({ product_id: row.product_id });
    products.push({ product_id: String(row.product_id), sku_id: String(info!.sku_items![0]!.sku_id) });
  }
  companyId = String((await collect(c.listCompanies({ pageSize: 50 })))[0]!.company_id);
  flagField = await c.customFieldId('order', '金蝶标识状态');
  freightField = await c.customFieldId('order', '物流费', { level: 'line' });
});

afterAll(async () => {
  await sim?.close();
});

beforeEach(() => sim.setFaults({}));

describe('OkkiClient against the simulator: tokens', () => {
  it('makes exactly one token request for 50 concurrent calls, then reuses the cached token', async () => {
    const before = sim.stats().tokenRequests;
    const c = client({ rateLimit: { concurrency: 50 } });
    const results = await Promise.all(Array.from({ length: 50 }, () => c.orderEnums()));
    expect(results.every((r) => Array.isArray(r.currency_list) && r.currency_list.length > 0)).toBe(true);
    await c.orderEnums();
    expect(sim.stats().tokenRequests - before).toBe(1);
  });

  it('fetches a new token once and retries once when the token is revoked early', async () => {
    const c = client();
    await c.orderEnums(); // token in cache
    sim.setFaults({ revokeTokenAfterNCalls: 2 });
    const tokensBefore = sim.stats().tokenRequests;
    const callsBefore = sim.stats().calls['GET /v1/invoices/order/orderEnums'] ?? 0;
    for (let i = 0; i < 3; i++) await c.orderEnums(); // the 2nd call revokes; the 3rd meets a 401, renews, retries
    expect(sim.stats().tokenRequests - tokensBefore).toBe(1);
    expect((sim.stats().calls['GET /v1/invoices/order/orderEnums'] ?? 0) - callsBefore).toBe(4);
  });
});

describe('OkkiClient against the simulator: order upsert', () => {
  it('creates, edits by number, edits and removes lines by unique_id, and reports dropped lines', async () => {
    const c = client();
    const orderNo = `XSDD-${Date.now()}`;
    const created = await c.pushOrder({
      order_no: orderNo,
      currency: 'CNY',
      company_id: companyId,
      [flagField]: '已同步',
      product_list: [
        line(products[0]!, 2),
        { product_id: '999999999999', sku_id: '999999999998', count: 1, unit_price: 5 },
        { ...line(products[1]!, 3), [freightField]: 7 },
      ],
    });
    expect(created.droppedLines).toEqual([
      { index: 1, product_id: '999999999999', sku_id: '999999999998', reason: 'not_in_reply' },
    ]);
    expect(created.lineIds).toHaveLength(2);
    expect(created.lineIdByIndex[1]).toBeNull();
    const info = await c.getOrder({ order_no: orderNo });
    expect(String(info!.order_id)).toBe(created.orderId);
    expect(info!.product_list!.map((l) => String(l.unique_id))).toEqual(created.lineIds);
    expect(info![flagField]).toBe('已同步');
    expect(info!.product_list![1]![freightField]).toBe(7);

    const [firstLine, secondLine] = created.lineIds;
    const edited = await c.pushOrder({
      order_no: orderNo,
      currency: 'CNY',
      [flagField]: '已变更',
      product_list: [
        { ...line(products[0]!, 5), unique_id: firstLine },
        { unique_id: secondLine, remove: 1 },
        line(products[2]!, 1),
      ],
    });
    expect(edited.orderId).toBe(created.orderId);
    expect(edited.droppedLines).toEqual([]);
    expect(edited.lineIdByIndex[0]).toBe(firstLine);
    expect(edited.lineIdByIndex[1]).toBeNull();
    expect(edited.untouchedLineIds).toEqual([]);
    const after = await c.getOrder({ order_id: created.orderId });
    expect(after!.product_list!.map((l) => [String(l.unique_id), Number(l.count)])).toEqual([
      [firstLine, 5],
      [edited.lineIdByIndex[2], 1],
    ]);
    expect(after![flagField]).toBe('已变更');
    expect(sim.dumpOrders().filter((o) => (o as { order_no: string }).order_no === orderNo)).toHaveLength(1);

    const listed = await collect(
      c.listOrders({
        startTime: new Date(Date.now() - 3_600_000),
        endTime: new Date(Date.now() + 3_600_000),
        pageSize: 2,
      }),
    );
    expect(listed.filter((o) => o.order_no === orderNo)).toHaveLength(1);

    await c.removeOrder({ order_no: orderNo });
    expect(await c.getOrder({ order_no: orderNo })).toBeNull();
  });

  it('pushes receipts against an order and reads them back', async () => {
    const c = client();
    const named = await c.applyCustomFieldNames('order', {
      order_no: `R-${Date.now()}`,
      currency: 'USD',
      金蝶标识状态: 'x',
      product_list: [{ ...line(products[0]!, 1, 100), 物流费: 4 }],
    });
    const order = await c.pushOrder(named);
    const stored = await c.getOrder({ order_id: order.orderId });
    expect(stored![flagField]).toBe('x');
    expect(stored!.product_list![0]![freightField]).toBe(4);
    const types = await c.receiptTypes();
    expect(types).toContain('T/T');
    const receipt = await c.pushReceipt({
      order_id: order.orderId,
      amount: 40,
      currency: 'USD',
      type: 'T/T',
      collection_date: '2026-03-01',
    });
    const read = await c.getReceipt({ cash_collection_id: receipt.cashCollectionId });
    expect(String(read!.order_id)).toBe(order.orderId);
    const listed = await collect(c.listReceipts({ pageSize: 1 }));
    expect(listed.some((r) => String(r.cash_collection_id) === receipt.cashCollectionId)).toBe(true);
    expect(await c.getReceipt({ cash_collection_no: 'NO-SUCH' })).toBeNull();
  });

  it('upserts companies by serial_id and products by product_no, and lists users and departments', async () => {
    const c = client();
    const serial = `QIAO-${Date.now()}`;
    const first = await c.pushCompanyAndCustomers(
      { serial_id: serial, name: '测试公司', customers: [{ name: '王伟', email: 'wang@example.cn' }] },
      { matchBy: 'serial_id' },
    );
    const again = await c.pushCompanyAndCustomers(
      { serial_id: serial, name: '测试公司2', customers: [{ name: '王伟', email: 'WANG@example.cn' }] },
      { matchBy: 'serial_id' },
    );
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.companyId).toBe(first.companyId);
    expect(again.customers.map((x) => x.customerId)).toEqual(first.customers.map((x) => x.customerId));
    const product = await c.pushProduct(
      { product_no: `9.99.${Date.now() % 1000}`, product_type: 1, name: '测试产品' },
      { matchBy: 'product_no' },
    );
    const product2 = await c.pushProduct(
      { product_no: product.productNo!, product_type: 1, name: '测试产品2' },
      { matchBy: 'product_no' },
    );
    expect(product2.productId).toBe(product.productId);
    expect(product.skuItems).toHaveLength(1);
    const users = await collect(c.listUsers());
    const departments = await collect(c.listDepartments());
    expect(users.length).toBeGreaterThan(0);
    expect(String((await c.getUser({ email: String(users[0]!.email) }))!.user_id)).toBe(String(users[0]!.user_id));
    expect(await c.getUser({ email: 'nobody@example.invalid' })).toBeNull();
    expect(departments.some((d) => String(d.id) === '0')).toBe(true);
    await c.check();
  });
});

describe('okkiCatalog', () => {
  it('names every custom order field the way the tenant does, so each resolves through /fields', async () => {
    const c = client();
    const push = okkiCatalog.find((op) => op.operation === 'order.push')!;
    const custom = push.requestFields.filter(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for non-ASCII keys on purpose
      (f) => /[^\x00-\x7f]/.test(f.key.split('.').pop()!) || /^\d+$/.test(f.key),
    );
    expect(custom.length).toBeGreaterThanOrEqual(11);
    for (const field of custom) {
      const level = field.key.startsWith('product_list.') ? 'line' : 'header';
      const id = await c.customFieldId('order', field.key.split('.').pop()!, { level });
      expect(id).toMatch(/^\d+$/);
      if (/^\d+$/.test(field.key)) expect(await c.customFieldId('order', field.label, { level })).toBe(field.key);
    }
    expect(okkiCatalog.map((op) => op.operation)).toEqual([
      'order.push',
      'order.info',
      'order.list',
      'receipt.push',
      'company.push',
      'product.push',
    ]);
  });
});

describe('OkkiClient against the simulator: errors', () => {
  it('classifies bad credentials, missing scopes, not found, validation, 5xx and unknown custom fields', async () => {
    const bad = client({ clientSecret: 'wrong-secret-value' });
    const badError = (await bad.orderEnums().catch((e: unknown) => e)) as OkkiError;
    expect(badError).toMatchObject({ kind: 'config', code: 'okki.invalid_client' });
    expect(badError.message).not.toContain('wrong-secret-value');

    await expect(
      client({ scopes: ['invoices'] })
        .listCompanies()
        .next(),
    ).rejects.toMatchObject({ kind: 'config', code: 'okki.scope_missing', details: { scope: 'company' } });
    await expect(client({ scopes: ['invoices'] }).check()).resolves.toBeUndefined();
    await expect(client({ scopes: ['invoices', 'company'] }).check()).resolves.toBeUndefined();

    const c = client();
    await expect(c.removeOrder({ order_no: 'NO-SUCH-ORDER' })).rejects.toMatchObject({
      kind: 'record',
      code: 'okki.not_found',
      vendorCode: 404,
    });
    expect(await c.getProduct({ product_no: 'NO-SUCH' })).toBeNull();
    const invalid = (await c
      .pushOrder({ order_no: `V-${Date.now()}`, [flagField]: 'x' })
      .catch((e: unknown) => e)) as OkkiError;
    expect(invalid).toMatchObject({ kind: 'record', code: 'okki.rejected' });
    expect(invalid.vendorMessage).toContain('currency');

    sim.setFaults({ error5xxEveryNCalls: 1 });
    await expect(c.orderEnums()).rejects.toMatchObject({
      kind: 'transient',
      code: 'okki.server_error',
      httpStatus: 500,
    });
    await expect(c.orderEnums()).rejects.toMatchObject({ kind: 'transient', httpStatus: 502 });
    sim.setFaults({});

    const unknown = (await c.customFieldId('order', 'Q5返利').catch((e: unknown) => e)) as OkkiError;
    expect(unknown).toMatchObject({ kind: 'config', code: 'okki.custom_field_unknown' });
    expect(unknown.message).toMatch(/Q1返利/);
  });

  it('backs off on 429 with Retry-After and finishes every push', async () => {
    const c = client({ rateLimit: { concurrency: 8 }, retryOn429: 5 });
    await c.orderEnums();
    sim.setFaults({ rateLimitPerSecond: 10 });
    const stamp = Date.now();
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        c.pushOrder({
          order_no: `RL-${stamp}-${i}`,
          currency: 'CNY',
          [flagField]: 'x',
          product_list: [line(products[0]!, 1)],
        }),
      ),
    );
    expect(new Set(results.map((r) => r.orderId)).size).toBe(25);
    expect(sim.stats().rateLimited).toBeGreaterThan(0);
  });

  it('reports a push that committed but never answered as outcome_unknown; getOrder finds it, a repeat edits it', async () => {
    const c = client({ timeoutMs: 300 });
    await c.orderEnums();
    sim.setFaults({ commitThenTimeoutEveryNPushes: 1, hangMs: 2_000 });
    const orderNo = `CT-${Date.now()}`;
    const payload = { order_no: orderNo, currency: 'CNY', [flagField]: 'x', product_list: [line(products[0]!, 2)] };
    const error = (await c.pushOrder(payload).catch((e: unknown) => e)) as OkkiError;
    expect(error).toBeInstanceOf(OkkiError);
    expect(error).toMatchObject({ kind: 'outcome_unknown', code: 'okki.outcome_unknown', retryable: true });
    sim.setFaults({});
    const landed = await c.findPushedOrder(payload);
    expect(landed).not.toBeNull();
    expect(landed!.order_no).toBe(orderNo);
    expect(await c.findPushedOrder({ ...payload, order_no: `${orderNo}-never-pushed` })).toBeNull();
    const repeat = await c.pushOrder({ ...payload, order_id: landed!.order_id });
    expect(repeat.orderId).toBe(String(landed!.order_id));
    expect(sim.dumpOrders().filter((o) => (o as { order_no: string }).order_no === orderNo)).toHaveLength(1);
  });
});
