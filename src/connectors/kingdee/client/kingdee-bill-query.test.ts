import { describe, expect, it } from 'vitest';
import {
  billQueryData,
  checkPageSize,
  normaliseFieldKeys,
  rowMapper,
  stableOrderString,
} from './kingdee-bill-query.js';
import { uniqueKeysFor } from '../catalog/kingdee-form-keys.js';

describe('stableOrderString', () => {
  const so = 'SAL_SaleOrder';

  it('appends FID alone when only header fields are selected', () => {
    expect(stableOrderString({ formId: so, fieldKeys: [] }, ['FID', 'FBillNo', 'FCustId.FNumber'])).toEqual({
      orderString: 'FID ASC',
      unique: true,
    });
  });

  it('appends the entry id when an entry field is selected (one row per line)', () => {
    expect(
      stableOrderString({ formId: so, fieldKeys: [], orderString: 'FModifyDate ASC' }, [
        'FBillNo',
        'FMaterialId.FNumber',
        'FQty',
      ]).orderString,
    ).toBe('FModifyDate ASC,FID ASC,FSaleOrderEntry_FEntryID ASC');
  });

  it('recognises entity-prefixed keys such as FSaleOrderEntry_FSeq as entry fields', () => {
    expect(uniqueKeysFor('sal_saleorder', ['FBillNo', 'FSaleOrderEntry_FSeq'])).toEqual([
      'FID',
      'FSaleOrderEntry_FEntryID',
    ]);
  });

  it('leaves an order that already contains the keys alone, whatever their case and direction', () => {
    const given = 'fid desc, FSaleOrderEntry_FEntryId DESC';
    expect(stableOrderString({ formId: so, fieldKeys: [], orderString: given }, ['FQty']).orderString).toBe(given);
  });

  it('appends only the missing key', () => {
    expect(stableOrderString({ formId: so, fieldKeys: [], orderString: 'FID DESC' }, ['FQty']).orderString).toBe(
      'FID DESC,FSaleOrderEntry_FEntryID ASC',
    );
  });

  it('uses the base-data primary keys', () => {
    expect(stableOrderString({ formId: 'BD_MATERIAL', fieldKeys: [] }, ['FNumber']).orderString).toBe(
      'FMATERIALID ASC',
    );
    expect(
      stableOrderString({ formId: 'BD_Customer', fieldKeys: [], orderString: 'FNumber' }, ['FNumber']).orderString,
    ).toBe('FNumber,FCUSTID ASC');
  });

  it('uses caller keys for unknown forms and says when it cannot', () => {
    expect(
      stableOrderString({ formId: 'PUR_PurchaseOrder', fieldKeys: [], orderKeys: ['FID', 'FPOOrderEntry_FEntryID'] }, [
        'FQty',
      ]).orderString,
    ).toBe('FID ASC,FPOOrderEntry_FEntryID ASC');
    expect(stableOrderString({ formId: 'PUR_PurchaseOrder', fieldKeys: [], orderString: 'FDate' }, ['FQty'])).toEqual({
      orderString: 'FDate',
      unique: false,
    });
  });
});

describe('query helpers', () => {
  it('normalises FieldKeys from a string or an array', () => {
    expect(normaliseFieldKeys(' FID, FBillNo ,,FCustId.FNumber')).toEqual(['FID', 'FBillNo', 'FCustId.FNumber']);
    expect(normaliseFieldKeys(['FID'])).toEqual(['FID']);
    expect(() => normaliseFieldKeys(' , ')).toThrow(/no FieldKeys/);
  });

  it('accepts page sizes 1…10000 only', () => {
    expect(checkPageSize(10_000)).toBe(10_000);
    expect(() => checkPageSize(10_001)).toThrow(/1 to 10000/);
    expect(() => checkPageSize(0)).toThrow();
    expect(() => checkPageSize(2.5)).toThrow();
  });

  it('builds the page data with TopRowCount 0', () => {
    expect(
      billQueryData(
        { formId: 'SAL_SaleOrder', fieldKeys: [], filterString: "FDocumentStatus = 'C'" },
        ['FID', 'FQty'],
        'FID ASC',
        4000,
        2000,
      ),
    ).toEqual({
      FormId: 'SAL_SaleOrder',
      FieldKeys: 'FID,FQty',
      FilterString: "FDocumentStatus = 'C'",
      OrderString: 'FID ASC',
      TopRowCount: 0,
      StartRow: 4000,
      Limit: 2000,
    });
  });

  it('maps rows to objects keyed verbatim by the FieldKeys', () => {
    const toObject = rowMapper(['FID', 'FCustId.FNumber', 'FQty']);
    expect(toObject([1, 'CUST0001', 2.5])).toEqual({ FID: 1, 'FCustId.FNumber': 'CUST0001', FQty: 2.5 });
    expect(Object.keys(toObject([1, 'x', 2]))).toEqual(['FID', 'FCustId.FNumber', 'FQty']);
  });

  it('maps hostile or odd keys as plain data', () => {
    const odd = ['a"b', 'c\\d', '}); throw 1; ({', 'F\u2028X', 'x'];
    expect(rowMapper(odd)([1, 2, 3, 4, 5])).toEqual({ 'a"b': 1, 'c\\d': 2, '}); throw 1; ({': 3, 'F\u2028X': 4, x: 5 });
    const proto = rowMapper(['__proto__', 'FID'])([{ polluted: true }, 1]);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(['__proto__', 'FID']);
    expect((proto as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
