import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKingdeeSimulator, type KingdeeSimulator } from './kingdee-simulator.js';
import { FORM, login, post, query } from './kingdee-sim.test-helpers.js';
import { SEED_SALE_ORDER_KEYS } from './sale-order-seed-keys.js';

let sim: KingdeeSimulator;
let session: Record<string, string>;
beforeAll(async () => {
  sim = await startKingdeeSimulator({ seed: 3, orders: 300 });
  session = await login(sim);
});
afterAll(() => sim.close());

const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?$/;
const lineKeys =
  'FID,FBillNo,FSaleOrderEntry_FEntryID,FSaleOrderEntry_FSeq,FQty,FPrice,FTaxPrice,FAmount,FAllAmount,FEntryTaxRate,FEntryTaxAmount,FExchangeRate,FAmount_LC,FAllAmount_LC';

describe('request encodings and routing', () => {
  const data = { FormId: 'BD_Currency', FieldKeys: 'FNumber,FCODE', OrderString: 'FNumber' };
  const expected = [
    ['PRE001', 'CNY'],
    ['PRE003', 'EUR'],
    ['PRE007', 'USD'],
  ];

  it('accepts named data (object or JSON string), positional parameters, and the .NET envelope', async () => {
    const bodies = [
      { data },
      { data: JSON.stringify(data) },
      { formid: 'ignored', DATA: data },
      { parameters: [JSON.stringify(data)] },
      { parameters: [data] },
      {
        format: 1,
        useragent: 'ApiClient',
        rid: '123',
        parameters: JSON.stringify([JSON.stringify(data)]),
        timestamp: '2025-01-01',
        v: '1.0',
      },
    ];
    for (const body of bodies)
      expect((await post(sim, `${FORM}ExecuteBillQuery`, body, session)).json, JSON.stringify(body)).toEqual(expected);
  });

  it('matches service names case-insensitively and accepts ExecuteOperation as well as ExcuteOperation', async () => {
    const lower = await fetch(
      `${sim.url.replace('/k3cloud/', '/K3Cloud/')}kingdee.bos.webapi.servicesstub.dynamicformservice.executebillquery.common.kdsvc`,
      { method: 'POST', headers: session, body: JSON.stringify({ data }) },
    );
    expect(await lower.json()).toEqual(expected);
    const op = await post(
      sim,
      `${FORM}ExecuteOperation`,
      { formid: 'BD_Currency', opNumber: 'Forbid', data: { Numbers: ['PRE003'] } },
      session,
    );
    expect(op.json.Result.ResponseStatus.IsSuccess).toBe(true);
  });

  it('answers an unknown service and an unparsable body with HTTP 200 response_error text', async () => {
    const unknown = await post(sim, `${FORM}AttachmentQuery`, {}, session);
    expect(unknown.status).toBe(200);
    expect(unknown.text).toMatch(
      /^response_error:发生时间：\t\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\r\n错误编号：\t[0-9a-f]{32}\r\n错误信息：\t.*AttachmentQuery no found\.$/,
    );
    const bad = await post(sim, `${FORM}ExecuteBillQuery`, '{"data": {', session);
    expect(bad.text.startsWith('response_error:')).toBe(true);
  });
});

describe('ExecuteBillQuery values', () => {
  it('returns one row per entry line, in FieldKeys order, with real value types', async () => {
    const keys = [
      'FID',
      'FBillNo',
      'FDate',
      'FModifyDate',
      'FApproveDate',
      'FDocumentStatus',
      'FCustId',
      'FCustId.FNumber',
      'fcustid.fname',
      'FSalerId.FName',
      'FSaleOrderEntry_FEntryID',
      'FMaterialId.FNumber',
      'FQty',
      'FIsFree',
      'FNote',
      'FVersionNo',
      'FSaleOrgId_FNumber',
    ];
    const rows = await query(sim, session, {
      FormId: 'SAL_SaleOrder',
      FieldKeys: keys,
      FilterString: "FBillNo = 'XSDD000001'",
    });
    expect(rows.length).toBeGreaterThanOrEqual(1);
    const ids = new Set(rows.map((r: unknown[]) => r[10]));
    expect(ids.size).toBe(rows.length);
    for (const r of rows) {
      expect(r).toHaveLength(keys.length);
      expect(r[0]).toBe(100_001);
      expect(r[1]).toBe('XSDD000001');
      expect(r[2]).toMatch(/T00:00:00$/);
      expect(r[3]).toMatch(DATE);
      expect(r[4] === null || DATE.test(r[4])).toBe(true);
      expect(['Z', 'A', 'B', 'C', 'D']).toContain(r[5]);
      expect(typeof r[6]).toBe('number');
      expect(r[7]).toMatch(/^CUST\d{4}$/);
      expect(typeof r[8]).toBe('string');
      expect(typeof r[9]).toBe('string');
      expect(r[11]).toMatch(/^1\.\d{2}\.\d{3}$/);
      expect(typeof r[12]).toBe('number');
      expect(typeof r[13]).toBe('boolean');
      expect(typeof r[14]).toBe('string'); // blank notes are " " like real output
      expect(r[15]).toMatch(/^\d{3}$/);
      expect(r[16]).toBe('100');
    }
  });

  it('header-only queries return one row per order', async () => {
    const rows = await query(sim, session, { FormId: 'SAL_SaleOrder', FieldKeys: 'FBillNo', Limit: 0 });
    expect(rows).toHaveLength(300);
    expect(new Set(rows.map((r: string[]) => r[0])).size).toBe(300);
  });

  it('answers every field of the seed scheme table, amounts consistent to the cent', async () => {
    const keys = SEED_SALE_ORDER_KEYS;
    const rows = await query(sim, session, { FormId: 'SAL_SaleOrder', FieldKeys: keys.join(','), Limit: 50 });
    expect(Array.isArray(rows[0]), JSON.stringify(rows).slice(0, 300)).toBe(true);
    expect(rows[0]).toHaveLength(keys.length);
    const col = (k: string) => rows.map((r: unknown[]) => r[keys.indexOf(k)]);
    expect(col('FHEADLOCID.FADDRESS').every((v: unknown) => typeof v === 'string' && v.trim())).toBe(true);
    expect(col('FLINKMAN').every((v: unknown) => typeof v === 'string' && v.trim())).toBe(true);
    expect(col('FBillTypeID.Fnumber').every((v: unknown) => v === 'XSDD01_SYS')).toBe(true);
    expect(col('FSettleCurrId').every((v: unknown) => [1, 3, 7].includes(v as number))).toBe(true);
    expect(col('FDeliveryDate').every((v: unknown) => DATE.test(String(v)))).toBe(true);
    expect(col('FRowId').every((v: unknown) => /^[0-9a-f-]{36}$/.test(String(v)))).toBe(true);
    for (const k of ['FCanOutQty', 'FBaseUnitQty', 'FStockQty', 'FPriceUnitQty'])
      expect(col(k).every((v: unknown) => typeof v === 'number')).toBe(true);
    // the platform's underscore column names are accepted as aliases of the dotted keys
    const alias = await query(sim, session, {
      FormId: 'SAL_SaleOrder',
      FieldKeys: 'FCustId_FNumber,FSalerId_FName,FSOStockId_FNumber',
      Limit: 50,
    });
    expect(alias).toEqual(
      rows.map((r: unknown[]) => [
        r[keys.indexOf('FCustId.FNumber')],
        r[keys.indexOf('FSalerId.FName')],
        r[keys.indexOf('FSOStockId.FNumber')],
      ]),
    );
    const amounts = await query(sim, session, { FormId: 'SAL_SaleOrder', FieldKeys: lineKeys, Limit: 0 });
    for (const [, , , , qty, price, taxPrice, amount, allAmount, rate, tax, fx, amountLc, allLc] of amounts) {
      expect(amount).toBeCloseTo(Math.round(price * qty * 100) / 100, 2);
      expect(allAmount).toBeCloseTo(Math.round(taxPrice * qty * 100) / 100, 2);
      expect(tax).toBeCloseTo(allAmount - amount, 2);
      expect([13, 9, 6]).toContain(rate);
      expect(price).toBeCloseTo(taxPrice / (1 + rate / 100), 5);
      expect(amountLc).toBeCloseTo(Math.round(amount * fx * 100) / 100, 2);
      expect(allLc).toBeCloseTo(Math.round(allAmount * fx * 100) / 100, 2);
    }
    const fx = await query(sim, session, {
      FormId: 'SAL_SaleOrder',
      FieldKeys: 'FSettleCurrId.FNumber,FExchangeRate',
      Limit: 0,
    });
    const rates: Record<string, number> = { PRE001: 1, PRE007: 7.1, PRE003: 7.8 };
    for (const [currency, rate] of fx) expect(rate).toBe(rates[currency]);
    expect(new Set(fx.map((r: string[]) => r[0])).size).toBeGreaterThan(1);
  });

  it('BillQuery returns objects keyed by the requested FieldKeys', async () => {
    const rows = await query(
      sim,
      session,
      { FormId: 'BD_MATERIAL', FieldKeys: 'FNumber,FName,FTaxRateId.FTaxRate', FilterString: "FNumber = '1.01.001'" },
      'BillQuery',
    );
    expect(rows).toEqual([
      { FNumber: '1.01.001', FName: expect.any(String), 'FTaxRateId.FTaxRate': expect.any(Number) },
    ]);
  });

  it('QueryBusinessInfo lists the form metadata (entities and field keys)', async () => {
    const reply = (await post(sim, `${FORM}QueryBusinessInfo`, { data: { FormId: 'SAL_SaleOrder' } }, session)).json;
    const meta = reply.Result.NeedReturnData;
    expect(reply.Result.ResponseStatus.IsSuccess).toBe(true);
    expect(meta.Entrys.map((e: { Key: string }) => e.Key)).toEqual(['FBillHead', 'FSaleOrderEntry']);
    const entryKeys = meta.Entrys[1].Fields.map((f: { Key: string }) => f.Key);
    expect(entryKeys).toEqual(expect.arrayContaining(['FMaterialId', 'FQty', 'FTaxPrice', 'FChangeFlag']));
  });

  it('AR_RECEIVEBILL lines reference sales orders by FORDERBILLNO / FSALEORDERID and FSRCBILLNO', async () => {
    const receipts = await query(sim, session, {
      FormId: 'AR_RECEIVEBILL',
      FieldKeys: 'FBillNo,FORDERBILLNO,FSALEORDERID,FRECAMOUNTFOR_E,FCONTACTUNIT.FNumber',
      Limit: 0,
    });
    expect(receipts.length).toBeGreaterThan(20);
    const src = await query(sim, session, { FormId: 'AR_RECEIVEBILL', FieldKeys: 'FBillNo,FSRCBILLNO', Limit: 0 });
    expect(src.map((r: string[]) => r[1])).toEqual(receipts.map((r: string[]) => r[1]));
    const [bill, orderNo, orderId, amount, customer] = receipts[0];
    const order = await query(sim, session, {
      FormId: 'SAL_SaleOrder',
      FieldKeys: 'FID,FCustId.FNumber,FBillAllAmount,FDocumentStatus',
      FilterString: `FBillNo = '${orderNo}'`,
    });
    expect(order).toEqual([[orderId, customer, expect.any(Number), 'C']]);
    expect(amount).toBeLessThanOrEqual(order[0][2]);
    expect(bill).toMatch(/^SKD\d{8}$/);
  });
});

describe('filters, order and paging', () => {
  const base = { FormId: 'SAL_SaleOrder', FieldKeys: 'FID,FSaleOrderEntry_FEntryID,FModifyDate,FDocumentStatus,FQty' };

  it('filters by dates, statuses, LIKE, IN and the array form like the same filter applied here', async () => {
    const all = await query(sim, session, { ...base, Limit: 0 });
    const since = [...all.map((r: string[]) => r[2])].sort()[Math.floor(all.length / 2)].slice(0, 10);
    const got = await query(sim, session, {
      ...base,
      FilterString: `FModifyDate >= '${since}' AND FDocumentStatus IN ('C','B') AND NOT FQty < 10`,
      Limit: 0,
    });
    const want = all.filter((r: any[]) => r[2] >= since && ['C', 'B'].includes(r[3]) && r[4] >= 10);
    expect(got.length).toBeGreaterThan(10);
    expect(got).toEqual(want);
    const arr = await query(sim, session, {
      ...base,
      FilterString: [{ Left: '', FieldName: 'FDocumentStatus', Compare: '105', Value: 'C', Right: '', Logic: 0 }],
      Limit: 0,
    });
    expect(arr).toEqual(all.filter((r: string[]) => r[3] === 'C'));
    const like = await query(sim, session, {
      FormId: 'SAL_SaleOrder',
      FieldKeys: 'FBillNo',
      FilterString: "FBillNo LIKE 'XSDD00010_'",
    });
    expect(like.map((r: string[]) => r[0])).toEqual([
      'XSDD000100',
      'XSDD000101',
      'XSDD000102',
      'XSDD000103',
      'XSDD000104',
      'XSDD000105',
      'XSDD000106',
      'XSDD000107',
      'XSDD000108',
      'XSDD000109',
    ]);
  });

  it('orders by several keys with ASC/DESC', async () => {
    const rows = await query(sim, session, {
      ...base,
      OrderString: 'FDocumentStatus DESC, FQty ASC, FSaleOrderEntry_FEntryID DESC',
      Limit: 0,
    });
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      const ok = a[3] > b[3] || (a[3] === b[3] && (a[4] < b[4] || (a[4] === b[4] && a[1] > b[1])));
      expect(ok, `${JSON.stringify(a)} before ${JSON.stringify(b)}`).toBe(true);
    }
  });

  it('pages with StartRow/Limit without gaps or repeats, and TopRowCount caps the absolute window', async () => {
    const order = 'FID ASC, FSaleOrderEntry_FEntryID ASC';
    const all = await query(sim, session, { ...base, OrderString: order, Limit: 0 });
    const pages: unknown[] = [];
    for (let start = 0; ; start += 100) {
      const page = await query(sim, session, { ...base, OrderString: order, StartRow: String(start), Limit: '100' });
      pages.push(...page);
      if (page.length < 100) break;
    }
    expect(pages).toEqual(all);
    expect(
      await query(sim, session, { ...base, OrderString: order, TopRowCount: 150, StartRow: 100, Limit: 100 }),
    ).toEqual(all.slice(100, 150));
    expect(
      await query(sim, session, { ...base, OrderString: order, TopRowCount: 100, StartRow: 100, Limit: 100 }),
    ).toEqual([]);
    expect(await query(sim, session, { ...base, OrderString: order, TopRowCount: 7 })).toEqual(all.slice(0, 7));
  });

  it('clamps Limit to 10000 by default and can be configured to refuse it', async () => {
    const big = await startKingdeeSimulator({ orders: 2500, query: { maxLimit: 10_000 } });
    const s = await login(big);
    expect(
      await query(big, s, { FormId: 'SAL_SaleOrder', FieldKeys: 'FSaleOrderEntry_FEntryID', Limit: 20_000 }),
    ).toHaveLength(10_000);
    await big.close();
    const strict = await startKingdeeSimulator({ orders: 5, query: { maxLimit: 2000, limitOverflow: 'error' } });
    const t = await login(strict);
    expect(
      (await query(strict, t, { FormId: 'SAL_SaleOrder', FieldKeys: 'FID', Limit: 2001 }))[0][0].Result.ResponseStatus
        .MsgCode,
    ).toBe(8);
    await strict.close();
  });
});

describe('query errors', () => {
  const status = (rows: any) => rows[0][0].Result.ResponseStatus;

  it('unknown form → MsgCode 4, unknown field → MsgCode 9, bad filter → MsgCode 8, all wrapped [[…]]', async () => {
    expect(status(await query(sim, session, { FormId: 'SAL_NoSuchForm', FieldKeys: 'FID' }))).toMatchObject({
      ErrorCode: 500,
      IsSuccess: false,
      MsgCode: 4,
      SuccessEntitys: [],
      Errors: [{ Message: '标识为“SAL_NoSuchForm”的业务对象不存在，或者被删除。' }],
    });
    expect(status(await query(sim, session, { FormId: 'SAL_SaleOrder', FieldKeys: 'FID,FImage' }))).toMatchObject({
      MsgCode: 9,
      Errors: [{ Message: '元数据中标识为FImage的字段不存在' }],
    });
    expect(
      status(await query(sim, session, { FormId: 'SAL_SaleOrder', FieldKeys: 'FCustId.FNoSuchProp' })).MsgCode,
    ).toBe(9);
    expect(
      status(await query(sim, session, { FormId: 'SAL_SaleOrder', FieldKeys: 'FID', FilterString: 'FNoSuch = 1' }))
        .MsgCode,
    ).toBe(9);
    expect(
      status(await query(sim, session, { FormId: 'SAL_SaleOrder', FieldKeys: 'FID', FilterString: "FBillNo = 'x" }))
        .MsgCode,
    ).toBe(8);
    expect(
      status(await query(sim, session, { FormId: 'SAL_SaleOrder', FieldKeys: 'FID', FilterString: "FDate >= 'soon'" }))
        .MsgCode,
    ).toBe(8);
  });

  it('BillQuery errors come back as a plain Result object', async () => {
    const reply = await query(sim, session, { FormId: 'SAL_SaleOrder', FieldKeys: 'FImage' }, 'BillQuery');
    expect(reply.Result.ResponseStatus.MsgCode).toBe(9);
  });
});

describe('determinism', () => {
  it('the same seed gives the same rows; another seed differs', async () => {
    const keys = {
      FormId: 'SAL_SaleOrder',
      FieldKeys:
        'FBillNo,FCustId.FNumber,FDate,FModifyDate,FMaterialId.FNumber,FQty,FTaxPrice,FAllAmount,FDocumentStatus',
      Limit: 40,
    };
    const read = async (seed: number) => {
      const s = await startKingdeeSimulator({ seed, orders: 50 });
      const rows = await query(s, await login(s), keys);
      await s.close();
      return rows;
    };
    const [a, b, c] = [await read(11), await read(11), await read(12)];
    expect(a).toHaveLength(40);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});
