import { describe, expect, it } from 'vitest';
import { schemeSchema } from '../scheme.schema.js';
import { compileFilters } from './document-filter.js';

function filters(filter: Record<string, string>, valueTables: Record<string, Record<string, unknown>> = {}) {
  return compileFilters(
    schemeSchema.parse({
      version: 1,
      id: 's',
      name: 's',
      source: { connection: 'k', api: 'q', group: { key: 'FBillNo', lineKey: 'E', lineFields: ['FQty'] }, filter },
      valueTables,
      mapping: { document: { a: 'FBillNo' } },
      target: { connection: 'o', api: 'p', key: 'a' },
    }),
  );
}

const doc = {
  FBillNo: 'A',
  FDocumentStatus: 'C',
  lines: [
    { E: 1, FQty: '2' },
    { E: 2, FQty: '0' },
    { E: 3, FQty: '-1' },
  ],
};

describe('compileFilters', () => {
  it('drops lines, then tests the document with the remaining lines', async () => {
    const f = filters({ line: '$toNumber(FQty) > 0', document: "FDocumentStatus = 'C' and $count(lines) > 0" });
    const result = await f.apply(doc, 'A');
    expect(result).toEqual({ keep: true, document: { ...doc, lines: [{ E: 1, FQty: '2' }] }, droppedLines: 2 });
    expect(doc.lines).toHaveLength(3);
    expect((await f.apply({ ...doc, lines: [{ E: 2, FQty: '0' }] })).keep).toBe(false);
  });

  it('drops documents that fail the document filter; undefined counts as false', async () => {
    expect((await filters({ document: "FDocumentStatus = 'C'" }).apply({ ...doc, FDocumentStatus: 'B' })).keep).toBe(
      false,
    );
    expect((await filters({ document: 'FMissing' }).apply(doc)).keep).toBe(false);
  });

  it('can use value tables', async () => {
    const f = filters({ document: "$valueTable('allowed', FDocumentStatus, false)" }, { allowed: { C: true } });
    expect((await f.apply(doc)).keep).toBe(true);
    expect((await f.apply({ ...doc, FDocumentStatus: 'Z' })).keep).toBe(false);
  });

  it('refuses a non-boolean result, naming the filter and the document', async () => {
    await expect(filters({ document: 'FDocumentStatus' }).apply(doc, 'A')).rejects.toMatchObject({
      kind: 'record',
      code: 'filter.not_boolean',
      message: expect.stringMatching(
        /^Filter "source.filter.document" of document A: document filter must return true or false/,
      ),
    });
  });

  it('is inactive and keeps everything without filters', async () => {
    const f = filters({});
    expect(f.active).toBe(false);
    expect(await f.apply(doc)).toEqual({ keep: true, document: doc, droppedLines: 0 });
  });
});
