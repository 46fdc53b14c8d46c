import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKingdeeSimulator, type KingdeeSimulator } from '../simulator/kingdee-simulator.js';
import { KingdeeClient } from './kingdee-client.js';

// Writes change data, so they get their own small simulator (the streaming tests compare reads).
let sim: KingdeeSimulator;
let client: KingdeeClient;

beforeAll(async () => {
  sim = await startKingdeeSimulator({ port: 0, orders: 20, seed: 3 });
  const c = sim.credentials;
  client = new KingdeeClient({
    type: 'kingdee',
    baseUrl: sim.url,
    acctId: c.acctId,
    lcid: c.lcid,
    auth: { method: 'appSecret', username: c.user, appId: c.appId, appSecret: c.appSecret },
  });
});
afterAll(async () => {
  await sim?.close();
});

const model = (qty: number) => ({
  FSaleOrgId: { FNumber: '100' },
  FCustId: { FNumber: 'CUST0001' },
  FSaleOrderEntry: [{ FMaterialId: { FNumber: '1.01.001' }, FQty: qty, FTaxPrice: 11.3 }],
});

describe('KingdeeClient write operations against the simulator', () => {
  it('saves, submits, audits, views, un-audits and deletes a sales order', async () => {
    const saved = await client.save('SAL_SaleOrder', {
      Model: model(3),
      NeedReturnFields: ['FBillNo', 'FDocumentStatus'],
    });
    expect(saved.number).toMatch(/^XSDD\d{6}$/);
    expect(Number(saved.id)).toBeGreaterThan(0);

    const submitted = await client.submit('SAL_SaleOrder', { Numbers: [saved.number] });
    expect(submitted).toMatchObject({ isSuccess: true, failures: [] });
    const audited = await client.audit('SAL_SaleOrder', { Ids: [saved.id as number] });
    expect(audited.successEntities).toEqual([{ id: saved.id, number: saved.number, dIndex: 0 }]);

    const doc = await client.view('SAL_SaleOrder', { number: saved.number });
    expect(doc).toMatchObject({ BillNo: saved.number, DocumentStatus: 'C' });

    const rows = await client.billQuery({
      formId: 'SAL_SaleOrder',
      fieldKeys: ['FBillNo', 'FDocumentStatus', 'FQty'],
      filterString: `FBillNo = '${saved.number}'`,
    });
    expect(rows).toEqual([{ FBillNo: saved.number, FDocumentStatus: 'C', FQty: 3 }]);

    // Auditing twice fails per document (MsgCode 11) without throwing.
    const again = await client.audit('SAL_SaleOrder', { Numbers: [saved.number] });
    expect(again.isSuccess).toBe(false);
    expect(again.failures).toHaveLength(1);
    expect(again.failures[0]).toMatchObject({
      kind: 'record',
      code: 'kingdee.validation_failed',
      msgCode: 11,
      dIndex: 0,
    });

    expect((await client.unAudit('SAL_SaleOrder', { Numbers: [saved.number] })).isSuccess).toBe(true);
    expect((await client.delete('SAL_SaleOrder', { Numbers: [saved.number] })).isSuccess).toBe(true);
    expect(
      await client.billQuery({
        formId: 'SAL_SaleOrder',
        fieldKeys: 'FBillNo',
        filterString: `FBillNo = '${saved.number}'`,
      }),
    ).toEqual([]);
  });

  it('a refused save is a record error naming the field', async () => {
    const error = await client.save('SAL_SaleOrder', { Model: model(0) }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'record', fieldName: 'FQty' });
    expect(error.message).toContain('FQty');
  });

  it('batchSave keeps good models and reports bad ones by DIndex', async () => {
    const result = await client.batchSave('SAL_SaleOrder', { Model: [model(1), model(0), model(2)] });
    expect(result.successEntities.map((e) => e.dIndex)).toEqual([0, 2]);
    expect(result.failures.map((f) => [f.dIndex, f.kind])).toEqual([[1, 'record']]);
  });

  it('closes an order with ExcuteOperation and reads form metadata', async () => {
    const saved = await client.save('SAL_SaleOrder', { Model: model(5) });
    await client.submit('SAL_SaleOrder', { Numbers: [saved.number] });
    await client.audit('SAL_SaleOrder', { Numbers: [saved.number] });
    const closed = await client.executeOperation('SAL_SaleOrder', 'BillClose', { Numbers: [saved.number] });
    expect(closed.isSuccess).toBe(true);
    const [row] = await client.billQuery({
      formId: 'SAL_SaleOrder',
      fieldKeys: 'FCloseStatus',
      filterString: `FBillNo = '${saved.number}'`,
    });
    expect(row).toEqual({ FCloseStatus: 'B' });
    expect(await client.queryBusinessInfo('SAL_SaleOrder')).toBeTruthy();
  });

  it('the generic call reaches any service and the rate limit holds calls back', async () => {
    const value = await client.call('ExecuteBillQuery', {
      data: { FormId: 'BD_Currency', FieldKeys: 'FCODE', FilterString: "FNUMBER='PRE007'" },
    });
    expect(value).toEqual([['USD']]);
    const c = sim.credentials;
    const limited = new KingdeeClient({
      type: 'kingdee',
      baseUrl: sim.url,
      acctId: c.acctId,
      auth: { method: 'password', username: c.user, password: c.password },
      rateLimit: { ratePerSecond: 20, burst: 1 },
    });
    await limited.login();
    const started = Date.now();
    await Promise.all(Array.from({ length: 6 }, () => limited.ping()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(200); // 5 waits of 50 ms after the first token
  });

  it('confirmPageEnd reads past a server that caps Limit below the page size', async () => {
    const capped = await startKingdeeSimulator({ port: 0, orders: 600, seed: 5, query: { maxLimit: 1_000 } });
    try {
      const c = capped.credentials;
      const config = {
        type: 'kingdee' as const,
        baseUrl: capped.url,
        acctId: c.acctId,
        auth: { method: 'password' as const, username: c.user, password: c.password },
      };
      const query = { formId: 'SAL_SaleOrder', fieldKeys: ['FSaleOrderEntry_FEntryID'] };
      const count = async (client: KingdeeClient) => {
        let n = 0;
        for await (const _row of client.streamBillQuery(query, { pageSize: 2_500 })) n++;
        return n;
      };
      const all = (await new KingdeeClient(config).executeBillQuery({ ...query, limit: 0 })).length;
      expect(all).toBeGreaterThan(2_500);
      expect(await count(new KingdeeClient(config))).toBe(1_000); // the hazard: a capped first page looks like the end
      expect(await count(new KingdeeClient({ ...config, confirmPageEnd: true }))).toBe(all);
    } finally {
      await capped.close();
    }
  });

  it('repeated bad passwords lock the user: a config error that says so', async () => {
    const locking = await startKingdeeSimulator({ port: 0, orders: 1, lockoutAfter: 2 });
    try {
      const c = locking.credentials;
      const bad = new KingdeeClient({
        type: 'kingdee',
        baseUrl: locking.url,
        acctId: c.acctId,
        auth: { method: 'password', username: c.user, password: 'nope' },
      });
      const codes: string[] = [];
      for (let i = 0; i < 3; i++) codes.push(((await bad.login().catch((e) => e)) as { code: string }).code);
      expect(codes).toEqual(['kingdee.login_failed', 'kingdee.login_failed', 'kingdee.user_locked']);
    } finally {
      await locking.close();
    }
  });
});
