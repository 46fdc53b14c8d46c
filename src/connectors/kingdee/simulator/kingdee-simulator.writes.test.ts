import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKingdeeSimulator, type KingdeeSimulator } from './kingdee-simulator.js';
import { FORM, login, post, query, statusOf } from './kingdee-sim.test-helpers.js';

const FIXED = Date.UTC(2026, 0, 15, 2, 30, 0, 250); // 10:30:00.25 in Beijing
let sim: KingdeeSimulator;
let session: Record<string, string>;
beforeAll(async () => {
  sim = await startKingdeeSimulator({ seed: 5, orders: 120, now: () => FIXED });
  session = await login(sim);
});
afterAll(() => sim.close());

const call = async (service: string, formid: string, data: unknown, extra: Record<string, unknown> = {}) =>
  (await post(sim, `${FORM}${service}`, { formid, data, ...extra }, session)).json;
const order = (billNo: string, keys = 'FDocumentStatus,FModifyDate,FApproveDate,FVersionNo') =>
  query(sim, session, { FormId: 'SAL_SaleOrder', FieldKeys: keys, FilterString: `FBillNo = '${billNo}'` });
const newOrder = (lines: unknown[] = [{ FMaterialId: { FNumber: '1.01.002' }, FQty: 10, FTaxPrice: 113 }]) => ({
  Model: {
    FID: 0,
    FBillTypeID: { FNUMBER: 'XSDD01_SYS' },
    FDate: '2026-01-15',
    FSaleOrgId: { FNumber: '100' },
    FCustId: { FNumber: 'CUST0002' },
    FSaleOrderEntry: lines,
  },
});

describe('Save and the status machine', () => {
  let billNo = '';

  it('Save creates an order in status A with computed amounts and Beijing-time stamps', async () => {
    const reply = await call('Save', 'SAL_SaleOrder', {
      ...newOrder([
        { FMaterialId: { FNumber: '1.01.002' }, FQty: 10, FTaxPrice: 113, FEntryTaxRate: 13 },
        { FMaterialId: { FNumber: '1.01.003' }, FQty: '3', FPrice: 100, FEntryTaxRate: 9 },
      ]),
      NeedReturnFields: ['FBillNo', 'FSaleOrderEntry.FEntryID'],
    });
    expect(statusOf(reply)).toEqual({
      IsSuccess: true,
      Errors: [],
      SuccessEntitys: [{ Id: expect.any(Number), Number: expect.stringMatching(/^XSDD\d{6}$/), DIndex: 0 }],
      SuccessMessages: [],
      MsgCode: 0,
    });
    billNo = reply.Result.Number;
    expect(reply.Result.NeedReturnData).toEqual([
      { FBillNo: billNo, FSaleOrderEntry: [{ FEntryID: expect.any(Number) }, { FEntryID: expect.any(Number) }] },
    ]);
    const rows = await order(
      billNo,
      'FDocumentStatus,FCreateDate,FModifyDate,FQty,FPrice,FTaxPrice,FAmount,FAllAmount,FEntryTaxAmount,FCustId.FNumber,FSalerId.FNumber,FSettleCurrId.FNumber',
    );
    expect(rows).toEqual([
      [
        'A',
        '2026-01-15T10:30:00.25',
        '2026-01-15T10:30:00.25',
        10,
        100,
        113,
        1000,
        1130,
        130,
        'CUST0002',
        expect.stringMatching(/^SAL\d{3}$/),
        expect.any(String),
      ],
      [
        'A',
        '2026-01-15T10:30:00.25',
        '2026-01-15T10:30:00.25',
        3,
        100,
        109,
        300,
        327,
        27,
        'CUST0002',
        expect.any(String),
        expect.any(String),
      ],
    ]);
  });

  it('walks A → B → C → D → B → C, with the right errors for wrong transitions', async () => {
    const op = (service: string) => call(service, 'SAL_SaleOrder', { Numbers: [billNo] });
    expect(statusOf(await op('Audit'))).toMatchObject({ IsSuccess: false, ErrorCode: 500, MsgCode: 11 });
    expect(statusOf(await op('Submit'))).toMatchObject({
      IsSuccess: true,
      SuccessMessages: [{ Message: expect.stringContaining('提交成功') }],
    });
    expect((await order(billNo))[0][0]).toBe('B');
    expect(statusOf(await op('Submit')).MsgCode).toBe(11);
    expect(statusOf(await op('Audit')).IsSuccess).toBe(true);
    expect(await order(billNo)).toEqual([['C', '2026-01-15T10:30:00.25', '2026-01-15T10:30:00.25', '000']]); // header-only keys: one row per order
    const again = statusOf(await op('Audit'));
    expect(again).toMatchObject({
      IsSuccess: false,
      MsgCode: 11,
      Errors: [{ Message: `单据编号为“${billNo}”的销售订单，单据已经审核！`, DIndex: 0 }],
    });
    expect(statusOf(await op('Delete')).IsSuccess).toBe(false);
    expect(
      statusOf(await call('Save', 'SAL_SaleOrder', { Model: { FID: (await order(billNo, 'FID'))[0][0], FNote: 'x' } }))
        .MsgCode,
    ).toBe(11);
    expect(statusOf(await op('UnAudit')).IsSuccess).toBe(true);
    expect((await order(billNo))[0].slice(0, 3)).toEqual(['D', '2026-01-15T10:30:00.25', null]);
    expect(statusOf(await op('Submit')).IsSuccess).toBe(true);
    expect(statusOf(await op('CancelAssign')).IsSuccess).toBe(true);
    expect((await order(billNo))[0][0]).toBe('A');
  });

  it('mixed targets succeed partially with DIndex per Numbers/Ids position', async () => {
    const reply = statusOf(await call('Submit', 'SAL_SaleOrder', { Numbers: [billNo, 'XSDD999999'] }));
    expect(reply).toMatchObject({
      IsSuccess: false,
      SuccessEntitys: [{ Number: billNo, DIndex: 0 }],
      Errors: [{ DIndex: 1 }],
    });
    expect(
      statusOf(await call('CancelAssign', 'SAL_SaleOrder', { Ids: String((await order(billNo, 'FID'))[0][0]) }))
        .IsSuccess,
    ).toBe(true);
  });

  it('Delete removes A orders; the order is gone from queries', async () => {
    expect(statusOf(await call('Delete', 'SAL_SaleOrder', { Numbers: [billNo] })).IsSuccess).toBe(true);
    expect(await order(billNo)).toEqual([]);
  });

  it('validation errors are MsgCode 11 with FieldName; BatchSave reports each model by DIndex', async () => {
    const missing = statusOf(
      await call('Save', 'SAL_SaleOrder', {
        Model: { FSaleOrgId: { FNumber: '100' }, FSaleOrderEntry: [{ FMaterialId: { FNumber: '1.01.002' }, FQty: 1 }] },
      }),
    );
    expect(missing).toMatchObject({
      IsSuccess: false,
      ErrorCode: 500,
      MsgCode: 11,
      Errors: [{ FieldName: 'FCustId', DIndex: 0 }],
    });
    const badRef = statusOf(
      await call('Save', 'SAL_SaleOrder', newOrder([{ FMaterialId: { FNumber: '9.99.999' }, FQty: 1 }])),
    );
    expect(badRef.Errors[0]).toMatchObject({ FieldName: 'FMaterialId', Message: expect.stringContaining('9.99.999') });
    const batch = await call('BatchSave', 'SAL_SaleOrder', {
      Model: [newOrder().Model, { ...newOrder().Model, FCustId: { FNumber: 'NOPE' } }, newOrder().Model],
    });
    expect(statusOf(batch)).toMatchObject({
      IsSuccess: false,
      MsgCode: 11,
      SuccessEntitys: [{ DIndex: 0 }, { DIndex: 2 }],
      Errors: [{ FieldName: 'FCustId', DIndex: 1 }],
    });
    expect(batch.Result.NeedReturnData).toHaveLength(2);
  });

  it('Draft saves in status Z, which cannot be submitted', async () => {
    const draft = await call('Draft', 'SAL_SaleOrder', newOrder());
    const no = draft.Result.Number;
    expect((await order(no))[0][0]).toBe('Z');
    expect(statusOf(await call('Submit', 'SAL_SaleOrder', { Numbers: [no] })).MsgCode).toBe(11);
  });

  it('updates by FID with IsDeleteEntry semantics and keeps entry ids', async () => {
    const created = await call('Save', 'SAL_SaleOrder', {
      ...newOrder([
        { FMaterialId: { FNumber: '1.01.002' }, FQty: 1, FTaxPrice: 10 },
        { FMaterialId: { FNumber: '1.01.004' }, FQty: 2, FTaxPrice: 10 },
      ]),
      NeedReturnFields: ['FSaleOrderEntry.FEntryID'],
    });
    const [e1] = created.Result.NeedReturnData[0].FSaleOrderEntry.map((e: { FEntryID: number }) => e.FEntryID);
    const id = created.Result.Id;
    await call('Save', 'SAL_SaleOrder', { Model: { FID: id, FSaleOrderEntry: [{ FEntryID: e1, FQty: 5 }] } });
    expect(
      await query(sim, session, {
        FormId: 'SAL_SaleOrder',
        FieldKeys: 'FSaleOrderEntry_FEntryID,FQty,FAllAmount',
        FilterString: `FID = ${id}`,
      }),
    ).toEqual([[e1, 5, 50]]);
    await call('Save', 'SAL_SaleOrder', {
      Model: { FID: id, FSaleOrderEntry: [{ FMaterialId: { FNumber: '1.01.005' }, FQty: 1, FTaxPrice: 1 }] },
      IsDeleteEntry: 'false',
    });
    expect(
      await query(sim, session, {
        FormId: 'SAL_SaleOrder',
        FieldKeys: 'FSaleOrderEntry_FSeq,FMaterialId.FNumber',
        FilterString: `FID = ${id}`,
      }),
    ).toEqual([
      [1, '1.01.002'],
      [2, '1.01.005'],
    ]);
  });
});

describe('ExcuteOperation, View and base data', () => {
  const audited = async () =>
    (
      await query(sim, session, {
        FormId: 'SAL_SaleOrder',
        FieldKeys: 'FBillNo',
        FilterString: "FDocumentStatus = 'C' AND FCloseStatus = 'A' AND FCancelStatus = 'A'",
        OrderString: 'FID DESC',
        TopRowCount: 1,
      })
    )[0][0] as string;

  it('BillClose / BillUnClose set FCloseStatus, closer and date; closed orders cannot be un-audited', async () => {
    const no = await audited();
    expect(
      statusOf(await call('ExcuteOperation', 'SAL_SaleOrder', { Numbers: [no] }, { opNumber: 'BillClose' })).IsSuccess,
    ).toBe(true);
    expect(await order(no, 'FCloseStatus,FCloseDate,FCloserId.FName,FManualClose')).toContainEqual([
      'B',
      '2026-01-15T10:30:00.25',
      sim.credentials.user,
      true,
    ]);
    expect(statusOf(await call('UnAudit', 'SAL_SaleOrder', { Numbers: [no] })).MsgCode).toBe(11);
    expect(
      statusOf(await call('ExcuteOperation', 'SAL_SaleOrder', { Numbers: [no] }, { opNumber: 'BillUnClose' }))
        .IsSuccess,
    ).toBe(true);
    expect((await order(no, 'FCloseStatus,FCloseDate'))[0]).toEqual(['A', null]);
  });

  it('Cancel (作废) is refused on audited orders and sets FCancelStatus on others', async () => {
    const draft = (await call('Save', 'SAL_SaleOrder', newOrder())).Result.Number;
    expect(
      statusOf(await call('ExcuteOperation', 'SAL_SaleOrder', { Numbers: [await audited()] }, { opNumber: 'Cancel' }))
        .MsgCode,
    ).toBe(11);
    expect(
      statusOf(await call('ExcuteOperation', 'SAL_SaleOrder', { Numbers: [draft] }, { opNumber: 'Cancel' })).IsSuccess,
    ).toBe(true);
    expect((await order(draft, 'FCancelStatus'))[0]).toEqual(['B']);
    expect(
      statusOf(await call('ExcuteOperation', 'SAL_SaleOrder', { Numbers: [draft] }, { opNumber: 'NoSuchOp' })).MsgCode,
    ).toBe(3);
  });

  it('Forbid / Enable base data', async () => {
    expect(
      statusOf(await call('ExcuteOperation', 'BD_Customer', { Numbers: ['CUST0009'] }, { opNumber: 'Forbid' }))
        .IsSuccess,
    ).toBe(true);
    expect(
      await query(sim, session, {
        FormId: 'BD_Customer',
        FieldKeys: 'FForbidStatus',
        FilterString: "FNumber = 'CUST0009'",
      }),
    ).toEqual([['B']]);
    expect(
      statusOf(await call('ExcuteOperation', 'BD_Customer', { Numbers: ['CUST0009'] }, { opNumber: 'Forbid' })).MsgCode,
    ).toBe(11);
    expect(
      statusOf(await call('ExcuteOperation', 'BD_Customer', { Numbers: ['CUST0009'] }, { opNumber: 'Enable' }))
        .IsSuccess,
    ).toBe(true);
  });

  it('View shapes the document like the real service (no F prefix, X_Id + ref objects, entry arrays)', async () => {
    const view = await call('View', 'SAL_SaleOrder', { Number: 'XSDD000001' });
    const doc = view.Result.Result;
    expect(view.Result.ResponseStatus.IsSuccess).toBe(true);
    expect(doc).toMatchObject({
      Id: 100_001,
      BillNo: 'XSDD000001',
      DocumentStatus: expect.any(String),
      CustId_Id: expect.any(Number),
      CustId: { Number: expect.stringMatching(/^CUST/), Name: [{ Key: 2052, Value: expect.any(String) }] },
      MOdifyDate: expect.any(String),
    });
    expect(doc.SaleOrderEntry[0]).toMatchObject({
      Id: expect.any(Number),
      Seq: 1,
      MaterialId: { Number: expect.any(String) },
      Qty: expect.any(Number),
    });
    expect(statusOf(await call('View', 'SAL_SaleOrder', { Number: 'NOPE' })).IsSuccess).toBe(false);
  });
});

describe('change after audit', () => {
  it('changeOrdersAfterAudit bumps FVersionNo, stamps FChangeDate/FChangerId/FChangeReason/FModifyDate and flags changed lines', async () => {
    const keys =
      'FBillNo,FVersionNo,FChangeDate,FChangerId.FName,FChangeReason,FModifyDate,FDocumentStatus,FSaleOrderEntry_FEntryID,FQty,FTaxPrice,FChangeFlag,FOldQty';
    const changed = sim.changeOrdersAfterAudit({ count: 4, kinds: ['qty', 'price', 'addLine', 'removeLine'] });
    expect(changed).toHaveLength(4);
    for (const [i, no] of changed.entries()) {
      const rows = await order(no, keys);
      expect(rows.length).toBeGreaterThan(0);
      const [, version, changeDate, changer, reason, modifyDate, status] = rows[0];
      expect(Number(version)).toBeGreaterThanOrEqual(1);
      expect(version).toMatch(/^\d{3}$/);
      expect(changeDate).toBe('2026-01-15T10:30:00.25');
      expect(modifyDate).toBe('2026-01-15T10:30:00.25');
      expect(typeof changer).toBe('string');
      expect(reason.trim()).not.toBe('');
      expect(status).toBe('C');
      const flags = rows.map((r: unknown[]) => r[10]);
      if (i < 3) expect(flags.filter((f: string) => f.trim())).toHaveLength(1); // qty, price, added line: one line flagged
      if (i === 0) {
        const line = rows.find((r: unknown[]) => r[10] === 'B');
        expect(line[11]).not.toBe(line[8]); // FOldQty keeps the quantity before the change
      }
      if (i === 2) expect(flags).toContain('A');
    }
  });

  it('removing a line makes its entry id disappear and versions keep counting', async () => {
    const [no] = sim.changeOrdersAfterAudit({ count: 1, kinds: ['addLine'] });
    const before = await order(no!, 'FSaleOrderEntry_FEntryID,FVersionNo');
    const [same] = sim.changeOrdersAfterAudit({ billNos: [no!], kinds: ['removeLine'] });
    expect(same).toBe(no);
    const after = await order(no!, 'FSaleOrderEntry_FEntryID,FVersionNo');
    expect(after).toHaveLength(before.length - 1);
    expect(Number(after[0][1])).toBe(Number(before[0][1]) + 1);
  });

  it('POST /__admin/change-orders does the same over HTTP', async () => {
    const origin = sim.url.replace(/\/k3cloud\/$/, '');
    const res = await fetch(`${origin}/__admin/change-orders`, {
      method: 'POST',
      body: JSON.stringify({ count: 2, kinds: ['qty'] }),
    });
    const { billNos } = (await res.json()) as { billNos: string[] };
    expect(billNos).toHaveLength(2);
    const rows = await query(sim, session, {
      FormId: 'SAL_SaleOrder',
      FieldKeys: 'FBillNo',
      FilterString: `FChangeDate >= '2026-01-15T10:30:00' AND FBillNo IN ('${billNos.join("','")}')`,
      Limit: 0,
    });
    expect(new Set(rows.map((r: string[]) => r[0]))).toEqual(new Set(billNos));
  });

  it('with allowSaveAudited, Save on an audited order is a change after audit', async () => {
    const open = await startKingdeeSimulator({
      seed: 5,
      orders: 30,
      now: () => FIXED,
      write: { allowSaveAudited: true },
    });
    const s = await login(open);
    const [row] = await query(open, s, {
      FormId: 'SAL_SaleOrder',
      FieldKeys: 'FID,FBillNo,FSaleOrderEntry_FEntryID,FQty,FVersionNo',
      FilterString: "FDocumentStatus = 'C' AND FCloseStatus = 'A' AND FCancelStatus = 'A'",
      TopRowCount: 1,
    });
    const [id, no, entryId, qty, version] = row;
    const reply = (
      await post(
        open,
        `${FORM}Save`,
        {
          formid: 'SAL_SaleOrder',
          data: {
            Model: { FID: id, FChangeReason: '客户加单', FSaleOrderEntry: [{ FEntryID: entryId, FQty: qty + 7 }] },
            IsDeleteEntry: false,
          },
        },
        s,
      )
    ).json;
    expect(statusOf(reply).IsSuccess).toBe(true);
    const rows = await query(open, s, {
      FormId: 'SAL_SaleOrder',
      FieldKeys:
        'FSaleOrderEntry_FEntryID,FQty,FOldQty,FChangeFlag,FVersionNo,FChangeReason,FDocumentStatus,FChangeDate',
      FilterString: `FBillNo = '${no}'`,
    });
    const line = rows.find((r: unknown[]) => r[0] === entryId);
    expect(line).toEqual([
      entryId,
      qty + 7,
      qty,
      'B',
      String(Number(version) + 1).padStart(3, '0'),
      '客户加单',
      'C',
      '2026-01-15T10:30:00.25',
    ]);
    await open.close();
  });
});
