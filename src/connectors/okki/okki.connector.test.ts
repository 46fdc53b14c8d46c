import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeConnector } from '../connector.conformance.js';
import type { Connector, ConnectorDeps, WriteContext } from '../connector.js';
import { okkiConnectorType } from './okki.connector.js';
import type { OkkiConnectionInput } from './okki.config.js';
import { startOkkiSimulator, type OkkiSimulator } from './simulator/okki-simulator.js';

describeConnector('OKKI (simulator)', async () => {
  const sim = await startOkkiSimulator({ seed: 11 });
  const config = (clientSecret: string): OkkiConnectionInput => ({
    type: 'okki',
    baseUrl: sim.url,
    clientId: sim.credentials.clientId,
    clientSecret,
    rateLimit: { concurrency: 8 },
  });
  const connect = (deps: ConnectorDeps, clientSecret = sim.credentials.clientSecret) =>
    okkiConnectorType.create('okki', config(clientSecret), deps);

  // An order needs a product OKKI knows and the tenant's mandatory 金蝶标识状态 field.
  const setup = connect({});
  let productId: unknown;
  for await (const product of setup.read('products.list', { count: 1 })) {
    productId = product.product_id;
    break;
  }
  const skuId = await setup.lookup('product', { product_id: productId }, 'sku_id');
  const flagField = await setup.customFieldId('order', '金蝶标识状态');
  await setup.close();

  return {
    connect,
    connectWithBadCredentials: () => connect({}, 'not-the-secret'),
    read: { operation: 'companies.list', params: { count: 1 } },
    write: {
      operation: 'orders.push',
      params: {},
      idField: 'order_id',
      payload: (key, revision) => ({
        order_no: key,
        name: `Conformance ${key}`,
        currency: 'USD',
        [flagField]: '已同步',
        remark: `revision ${revision}`,
        product_list: [
          {
            _key: `${key}-1`,
            product_id: productId,
            sku_id: skuId,
            count: revision,
            unit_price: 10,
            cost_amount: revision * 10,
          },
        ],
      }),
    },
    capabilities: { pagedReads: true, findsWritten: true, updatesByPreviousIds: true },
    close: () => sim.close(),
  };
});

describe('OKKI connector objects beyond the conformance suite', () => {
  let sim: OkkiSimulator;
  let okki: Connector;
  const context = (key: string, previousIds: Record<string, unknown> | null = null): WriteContext => ({
    key,
    previousIds,
    params: {},
  });

  beforeAll(async () => {
    sim = await startOkkiSimulator({ seed: 12 });
    okki = okkiConnectorType.create('okki', {
      type: 'okki',
      baseUrl: sim.url,
      clientId: sim.credentials.clientId,
      clientSecret: sim.credentials.clientSecret,
    });
  });
  afterAll(async () => {
    await okki?.close();
    await sim?.close();
  });

  it('companies.push keeps one company per serial_id, and lookups and findWritten find it', async () => {
    const company = (name: string) => ({
      serial_id: 'CONF-C1',
      name,
      customers: [{ name: 'Li Lei', email: 'li@example.com' }],
    });
    const first = await okki.write('companies.push', company('First name'), context('CONF-C1'));
    const again = await okki.write('companies.push', company('Second name'), context('CONF-C1', first.ids));
    expect(first.ids.company_id).toEqual(expect.any(String));
    expect(again.ids).toEqual(first.ids);
    expect(await okki.lookup('company', { serial_id: 'CONF-C1' }, 'name')).toBe('Second name');
    expect((await okki.findWritten('companies.push', company('x'), context('CONF-C1')))?.ids).toEqual({
      company_id: first.ids.company_id,
    });
  });

  it('products.push keeps one product per product_no and reports its SKU, which the product lookup answers too', async () => {
    const product = { product_no: 'CONF-P1', name: 'Conformance pump', product_type: '1' };
    const first = await okki.write('products.push', product, context('CONF-P1'));
    const again = await okki.write(
      'products.push',
      { ...product, name: 'Renamed pump' },
      context('CONF-P1', first.ids),
    );
    expect(again.ids).toEqual(first.ids);
    expect(await okki.lookup('product', { product_no: 'CONF-P1' }, 'sku_id')).toBe(first.ids.sku_id);
    expect((await okki.findWritten('products.push', product, context('CONF-P1')))?.ids).toEqual(first.ids);
  });

  it('receipts.push keeps one receipt per cash_collection_no', async () => {
    const receipt = (amount: number) => ({ cash_collection_no: 'CONF-R1', amount, currency: 'USD' });
    const first = await okki.write('receipts.push', receipt(100), context('CONF-R1'));
    const again = await okki.write('receipts.push', receipt(120), context('CONF-R1', first.ids));
    expect(again.ids.cash_collection_id).toBe(first.ids.cash_collection_id);
    expect((await okki.findWritten('receipts.push', receipt(120), context('CONF-R1')))?.ids).toEqual({
      cash_collection_id: first.ids.cash_collection_id,
    });
    expect(
      await okki.findWritten('receipts.push', { cash_collection_no: 'CONF-NEVER', amount: 1 }, context('CONF-NEVER')),
    ).toBeNull();
  });

  it('fails a record whose mapped payload OKKI cannot take, naming the field, before sending anything', async () => {
    const pushesBefore = sim.stats().calls['POST /v1/company/pushCompanyAndCustomers'] ?? 0;
    await expect(
      okki.write('companies.push', { serial_id: 'CONF-C2', name: 'x', customers: 'Li Lei' }, context('CONF-C2')),
    ).rejects.toMatchObject({
      kind: 'record',
      code: 'okki.payload_invalid',
      message: expect.stringContaining('customers must be a list of objects'),
    });
    await expect(
      okki.write('products.push', { product_no: 'CONF-P2', product_type: 7 }, context('CONF-P2')),
    ).rejects.toMatchObject({ kind: 'record', code: 'okki.payload_invalid' });
    expect(sim.stats().calls['POST /v1/company/pushCompanyAndCustomers'] ?? 0).toBe(pushesBefore);
  });

  it('looks users and departments up in the directory, and refuses objects it has no lookup for', async () => {
    const userId = await okki.lookup('user', { enable_flag: 1 }, 'user_id');
    const departmentId = await okki.lookup('user', { user_id: userId }, 'department_id');
    expect(await okki.lookup('department', { id: departmentId }, 'name')).toEqual(expect.stringMatching(/\S/));
    expect(await okki.lookup('user', { email: 'nobody@example.com' }, 'user_id')).toBeNull();
    await expect(okki.lookup('receipt', { cash_collection_no: 'CONF-R1' }, 'amount')).rejects.toMatchObject({
      kind: 'config',
      code: 'okki.lookup_unknown_object',
    });
    await expect(okki.lookup('company', { name: 'x' }, 'company_id')).rejects.toMatchObject({
      kind: 'config',
      code: 'okki.bad_key',
    });
  });
});
