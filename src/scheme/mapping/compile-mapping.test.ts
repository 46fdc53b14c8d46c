import { describe, expect, it } from 'vitest';
import { schemeSchema, type Scheme } from '../scheme.schema.js';
import { fakeServices } from './builtins/test-helpers.js';
import { mappingBuiltins } from './builtins/index.js';
import { compileMapping } from './compile-mapping.js';
import { compileExpression } from './expression.js';
import { diffJson } from './json-diff.js';

function scheme(document: Record<string, unknown>, extra: Record<string, unknown> = {}): Scheme {
  return schemeSchema.parse({
    version: 1,
    id: 'orders',
    name: 'orders',
    source: {
      connection: 'kingdee',
      api: 'ExecuteBillQuery',
      group: { key: 'FBillNo', lineKey: 'FEntryID', lineFields: ['FQty'] },
    },
    mapping: { document },
    target: { connection: 'okki', api: 'orders.push', key: 'order_no' },
    ...extra,
  });
}

const doc = {
  FBillNo: 'XSDD1',
  FCustId: 'C1',
  lines: [
    { FEntryID: 1, FQty: '2' },
    { FEntryID: 2, FQty: '3' },
  ],
};

describe('compileMapping', () => {
  it('maps fields, nested arrays, constants and leaves undefined out', async () => {
    const mapping = compileMapping(
      scheme({
        order_no: 'FBillNo',
        count: 'lines.$toNumber(FQty)',
        products: "[lines.{ 'n': $toNumber(FQty) }]",
        status: 1,
        flag: true,
        none: 'null', // null must be asked for in quotes: an empty value is refused by the schema
        absent: 'FNothing',
      }),
    );
    const { services } = fakeServices();
    expect(await mapping.map(doc, services)).toEqual({
      order_no: 'XSDD1',
      count: [2, 3],
      products: [{ n: 2 }, { n: 3 }],
      status: 1,
      flag: true,
      none: null,
    });
    expect(mapping.keyField).toBe('order_no');
  });

  it('spreads "..." fields into the payload (custom field ids as keys)', async () => {
    const mapping = compileMapping(
      scheme({ order_no: 'FBillNo', '...custom': "{ $customField('okki', 'order', '物流费'): '1.20' }" }),
    );
    const { services } = fakeServices({ fields: { 物流费: '5094664372713' } });
    expect(await mapping.map(doc, services)).toEqual({ order_no: 'XSDD1', '5094664372713': '1.20' });
  });

  it('names the field and the document key in errors', async () => {
    const mapping = compileMapping(scheme({ order_no: 'FBillNo', qty: "$toNumber('abc')" }));
    const { services } = fakeServices();
    await expect(mapping.map(doc, services)).rejects.toMatchObject({
      kind: 'record',
      code: 'mapping.not_a_number',
      message: 'Mapping field "qty" of document XSDD1: $toNumber: "abc" is not a number',
      details: { field: 'qty', key: 'XSDD1' },
    });
  });

  it('parks on a missing lookup, but a record error in another field wins', async () => {
    const { services } = fakeServices();
    const lookupOnly = compileMapping(
      scheme({ order_no: 'FBillNo', company_id: "$lookup('customers', FCustId, 'company_id')" }),
    );
    await expect(lookupOnly.map(doc, services)).rejects.toMatchObject({
      kind: 'lookup_missing',
      code: 'mapping.lookup_missing',
      details: { field: 'company_id', key: 'XSDD1' },
    });

    const both = compileMapping(
      scheme(
        {
          order_no: 'FBillNo',
          company_id: "$lookup('customers', FCustId, 'company_id')",
          currency: "$valueTable('currency', 'X')",
        },
        { valueTables: { currency: {} } },
      ),
    );
    const error = await both.map(doc, services).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'record',
      code: 'mapping.value_table_missing',
      message: expect.stringMatching(
        /^Mapping failed in 2 fields of document XSDD1: field "company_id".*; field "currency"/,
      ),
    });
  });

  it('names the field that exceeded the time limit', async () => {
    const mapping = compileMapping(
      scheme({ order_no: 'FBillNo', spin: '($l := function($n) { $l($n + 1) }; $l(0))' }),
      { timeoutMs: 50, maxDepth: 500 },
    );
    const { services } = fakeServices();
    await expect(mapping.map(doc, services)).rejects.toMatchObject({
      code: 'mapping.timeout',
      details: { field: 'spin', key: 'XSDD1' },
    });
  });

  it('caches target lookups per services object (per run)', async () => {
    const mapping = compileMapping(
      scheme({ order_no: 'FBillNo', c: "$targetLookup('okki', 'company', { 's': FCustId }, 'company_id')" }),
    );
    const run1 = fakeServices({ target: () => 7 });
    await mapping.map(doc, run1.services);
    await mapping.map(doc, run1.services);
    const run2 = fakeServices({ target: () => 8 });
    expect(await mapping.map(doc, run2.services)).toMatchObject({ c: 8 });
    expect(run1.calls).toHaveLength(1);
  });
});

describe('plain field names', () => {
  it('give what JSONata gives for every kind of value (read directly, or by JSONata for arrays)', async () => {
    const document = {
      FBillNo: 'A1',
      FQty: 0,
      FNull: null,
      FObj: { a: [1] },
      FOne: [{ x: 1 }],
      FMany: [1, 2],
      FEmpty: [],
      FNested: [[1], [2]],
      'F Space': 's',
    };
    const fields = ['FBillNo', 'FQty', 'FNull', 'FObj', 'FOne', 'FMany', 'FEmpty', 'FNested', '`F Space`', 'FMissing'];
    const mapping = compileMapping(scheme(Object.fromEntries(fields.map((f, i) => [`f${i}`, f]))));
    const payload = await mapping.map(document, fakeServices().services);
    for (const [i, field] of fields.entries()) {
      const jsonata = await compileExpression(field, mappingBuiltins, undefined, { engine: 'async' }).evaluate(
        document,
      );
      expect(payload[`f${i}`], field).toEqual(jsonata === undefined ? undefined : JSON.parse(JSON.stringify(jsonata)));
    }
    expect(payload.f4).toEqual([{ x: 1 }]);
  });
});

describe('diffJson', () => {
  it('lists field-level differences with paths', () => {
    expect(diffJson({ a: 1, b: [{ c: '1' }, 2], d: 'x' }, { a: 1, b: [{ c: 1 }], e: true })).toEqual([
      { path: 'b[0].c', before: '1', after: 1 },
      { path: 'b[1]', before: 2, after: undefined },
      { path: 'd', before: 'x', after: undefined },
      { path: 'e', before: undefined, after: true },
    ]);
    expect(diffJson({ '5094664372713': 'a' }, {})[0].path).toBe('"5094664372713"');
  });
});

describe('line arrays', () => {
  it('[lines.{…}] stays an array for one line and for none (lines.{…} alone would not)', async () => {
    const mapping = compileMapping(
      scheme({ order_no: 'FBillNo', wrapped: "[lines.{ 'q': FQty }]", bare: "lines.{ 'q': FQty }" }),
    );
    const { services } = fakeServices();
    expect(await mapping.map({ FBillNo: 'A', lines: [{ FQty: '1' }] }, services)).toEqual({
      order_no: 'A',
      wrapped: [{ q: '1' }],
      bare: { q: '1' },
    });
    expect(await mapping.map({ FBillNo: 'A', lines: [] }, services)).toEqual({ order_no: 'A', wrapped: [] });
  });
});
