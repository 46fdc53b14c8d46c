import { describe, expect, it } from 'vitest';
import { groupRows, type GroupedDocument, type GroupSpec } from './group-rows.js';
import { QUARANTINE_KEY_PREFIX } from './document-key.js';
import { DEFECTS_FIELD, documentDefectsOf, markRowDefects } from './source-defect.js';

const spec: GroupSpec = { key: 'FBillNo', lineKey: 'FEntryID', lineFields: ['FEntryID', 'FQty'] };
const row = (bill: unknown, entry: number, extra: Record<string, unknown> = {}) => ({
  FBillNo: bill,
  FEntryID: entry,
  FQty: entry,
  ...extra,
});

async function collect(rows: Array<Record<string, unknown>>, s: GroupSpec = spec): Promise<GroupedDocument[]> {
  const out: GroupedDocument[] = [];
  for await (const d of groupRows(rows, s)) out.push(d);
  return out;
}

const badRow = (fields: Record<string, unknown>, raw: unknown) =>
  markRowDefects(fields, [
    { code: 'source.bad_row', row: 2, raw, message: 'row 2 is an object, not an array of 3 values' },
  ]);

describe('groupRows with bad source data', () => {
  it('fails only the document of a malformed row whose key can be read, and keeps going', async () => {
    const docs = await collect([
      row('A', 1),
      badRow({ FBillNo: 'B' }, { FBillNo: 'B', junk: true }),
      row('B', 2),
      row('C', 3),
    ]);
    expect(docs.map((d) => [d.key, d.error?.code ?? 'ok'])).toEqual([
      ['A', 'ok'],
      ['B', 'source.bad_row'],
      ['C', 'ok'],
    ]);
    const b = docs[1]!;
    expect(b.error).toMatchObject({
      kind: 'record',
      message: expect.stringContaining('Source document "B" cannot be synced: row 2 is an object'),
    });
    expect(documentDefectsOf(b.document)).toEqual([
      expect.objectContaining({ code: 'source.bad_row', raw: { FBillNo: 'B', junk: true } }),
    ]);
    expect(docs[0]!.document).not.toHaveProperty(DEFECTS_FIELD);
  });

  it('quarantines rows without a readable key (null, string, object without the key) under stable keys, once per run', async () => {
    const nullRow = badRow({}, null);
    const stringRow = badRow({}, 'garbage');
    const docs = await collect([row('A', 1), nullRow, stringRow, badRow({}, null), row('A', 2), row('B', 3)]);
    expect(docs.map((d) => (d.key.startsWith(QUARANTINE_KEY_PREFIX) ? 'Q' : d.key))).toEqual(['Q', 'Q', 'A', 'B']);
    const [q1, q2] = docs;
    expect(q1).toMatchObject({
      quarantined: true,
      rowCount: 1,
      version: null,
      error: {
        kind: 'record',
        code: 'source.bad_row',
        message: expect.stringMatching(/^Source row 2 was quarantined as quarantined:[0-9a-f]{16}: row 2 is an object/),
      },
    });
    expect(q1!.key).not.toBe(q2!.key);
    expect(documentDefectsOf(q2!.document)[0]!.raw).toBe('garbage');
    // The rows without a key sit among A's rows, so they may be A's lines: A is not synced without
    // them (its other lines are kept for the operator to see); B, after A's last row, is unaffected.
    expect(docs[2]!.error).toMatchObject({
      code: 'source.neighbour_quarantined',
      message: expect.stringContaining(
        `row 2, next to this document's rows, could not be read and was quarantined as ${q1!.key}`,
      ),
    });
    expect((docs[2]!.document.lines as unknown[]).length).toBe(2);
    expect(docs[3]!.error).toBeUndefined();
    const again = await collect([nullRow]);
    expect(again[0]!.key).toBe(q1!.key);
  });

  it('fails the documents on both sides of a row without a key, which it may belong to', async () => {
    const docs = await collect([row('A', 1), badRow({}, null), row('B', 2), row('C', 3)]);
    expect(docs.map((d) => (d.quarantined ? 'Q' : `${d.key}:${d.error?.code ?? 'ok'}`))).toEqual([
      'Q',
      'A:source.neighbour_quarantined',
      'B:source.neighbour_quarantined',
      'C:ok',
    ]);
  });

  it('quarantines rows whose key is unusable instead of inventing a key', async () => {
    const huge = JSON.parse(`[${'9'.repeat(400)}]`)[0];
    const docs = await collect([
      row(huge, 1),
      row('../../etc/passwd', 2),
      row('SO\u00001', 3),
      row(null, 4),
      row({ x: 1 }, 5),
      row('OK', 6),
    ]);
    expect(docs.map((d) => (d.quarantined ? d.error!.code : d.key))).toEqual([
      'source.bad_key',
      'source.bad_key',
      'source.bad_key',
      'source.key_missing',
      'source.bad_key',
      'OK',
    ]);
    expect(docs.some((d) => d.key === 'Infinity')).toBe(false);
    expect(docs[0]!.error!.message).toContain('the document key "FBillNo" is the number Infinity');
    expect(documentDefectsOf(docs[1]!.document)[0]).toMatchObject({
      field: 'FBillNo',
      row: 2,
      raw: { FBillNo: '../../etc/passwd', FEntryID: 2, FQty: 2 },
    });
  });

  it('still stops the run when the key field is not selected at all (a config error no row can fix)', async () => {
    await expect(collect([{ FEntryID: 1 }])).rejects.toMatchObject({ kind: 'config', code: 'grouping.key_missing' });
  });

  it('fails a document with an oversized field, naming the field, without keeping the value', async () => {
    const docs = await collect(
      [row('A', 1, { FNote: 'x'.repeat(2_000) }), row('A', 2), row('B', 3, { FNote: 'fine' })],
      { ...spec, maxFieldChars: 1_000 },
    );
    expect(docs.map((d) => [d.key, d.error?.code ?? 'ok'])).toEqual([
      ['A', 'source.field_too_large'],
      ['B', 'ok'],
    ]);
    expect(docs[0]!.error!.message).toContain('field "FNote" holds 2000 characters, over the 1000-character limit');
    expect(docs[0]!.error!.details).toMatchObject({ field: 'FNote' });
    expect(docs[0]!.document.FNote).toBe('[value of 2000 characters not kept: over the 1000-character field limit]');
    expect(JSON.stringify(docs[0]!.document).length).toBeLessThan(1_000);
  });

  it('applies a generous default field cap (a 10 MB string fails its document)', async () => {
    const docs = await collect([row('A', 1, { FNote: 'x'.repeat(10 * 1024 * 1024) })]);
    expect(docs[0]!.error).toMatchObject({ code: 'source.field_too_large', details: { field: 'FNote' } });
  });

  it('handles the same defects when rows are merged unsorted', async () => {
    const docs = await collect([row('A', 1), badRow({ FBillNo: 'B' }, {}), badRow({}, null), row('A', 2)], {
      ...spec,
      sorted: false,
    });
    expect(docs.map((d) => (d.quarantined ? 'Q' : `${d.key}:${d.error?.code ?? 'ok'}`))).toEqual([
      'Q',
      'A:ok',
      'B:source.bad_row',
    ]);
  });
});
