import { describe, expect, it } from 'vitest';
import { schemeSchema } from '../scheme.schema.js';
import { groupRows, groupSpecFor, type GroupedDocument, type GroupSpec } from './group-rows.js';

const spec: GroupSpec = {
  key: 'FBillNo',
  lineKey: 'FEntryID',
  lineFields: ['FMaterial', 'FQty'],
  linesAs: 'lines',
  versionFields: ['FModifyDate', 'FApproveDate'],
};

function row(bill: string, entry: number, extra: Record<string, unknown> = {}) {
  return {
    FID: bill.length,
    FBillNo: bill,
    FModifyDate: '2026-01-05T10:00:00',
    FEntryID: entry,
    FMaterial: `M${entry}`,
    FQty: String(entry),
    ...extra,
  };
}

async function collect(
  rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
  s = spec,
): Promise<GroupedDocument[]> {
  const out: GroupedDocument[] = [];
  for await (const d of groupRows(rows, s)) out.push(d);
  return out;
}

describe('groupRows', () => {
  it('groups contiguous rows into header + lines', async () => {
    const docs = await collect([row('A', 1), row('A', 2, { FApproveDate: '2026-01-05T11:00:00.25' }), row('B', 3)]);
    expect(docs.map((d) => d.key)).toEqual(['A', 'B']);
    expect(docs[0].document).toEqual({
      FID: 1,
      FBillNo: 'A',
      FModifyDate: '2026-01-05T10:00:00',
      lines: [
        { FEntryID: 1, FMaterial: 'M1', FQty: '1' },
        { FEntryID: 2, FMaterial: 'M2', FQty: '2' },
      ],
    });
    expect(docs[0].version).toBe('2026-01-05T11:00:00.250');
    expect(docs[0].rowCount).toBe(2);
    expect(docs[1].version).toBe('2026-01-05T10:00:00.000');
  });

  it('keeps the last row for a repeated line key, and header-only rows add no line', async () => {
    const docs = await collect([row('A', 1), row('A', 1, { FQty: '9' }), { FBillNo: 'B', FEntryID: null }]);
    expect(docs[0].document.lines).toEqual([{ FEntryID: 1, FMaterial: 'M1', FQty: '9' }]);
    expect(docs[1].document.lines).toEqual([]);
  });

  it('streams: a document is yielded before the rows of the next one are read', async () => {
    let consumed = 0;
    async function* source() {
      for (let bill = 0; bill < 20_000; bill++) {
        for (let entry = 0; entry < 3; entry++) {
          consumed++;
          yield row(`B${String(bill).padStart(6, '0')}`, entry);
        }
      }
    }
    const iterator = groupRows(source(), spec);
    const first = await iterator.next();
    expect(first.value?.key).toBe('B000000');
    expect(consumed).toBe(4);
    let count = 1;
    for await (const d of iterator) {
      count++;
      expect((d.document.lines as unknown[]).length).toBe(3);
    }
    expect(count).toBe(20_000);
  });

  it('reports rows that are not contiguous instead of emitting a partial document', async () => {
    await expect(collect([row('A', 1), row('B', 2), row('A', 3)])).rejects.toMatchObject({
      kind: 'config',
      code: 'grouping.rows_not_contiguous',
      message: expect.stringContaining('FBillNo ASC'),
    });
  });

  it('merges unsorted rows when sorted: false', async () => {
    const docs = await collect([row('A', 1), row('B', 2), row('A', 3)], { ...spec, sorted: false });
    expect(docs.map((d) => [d.key, (d.document.lines as Array<{ FEntryID: number }>).map((l) => l.FEntryID)])).toEqual([
      ['A', [1, 3]],
      ['B', [2]],
    ]);
  });

  it('treats each row as a document without a line key, and needs the key field', async () => {
    const docs = await collect(
      [
        { FNumber: 1, x: 'a' },
        { FNumber: 2, x: 'b' },
      ],
      { key: 'FNumber' },
    );
    expect(docs).toEqual([
      { key: '1', document: { FNumber: 1, x: 'a' }, version: null, rowCount: 1 },
      { key: '2', document: { FNumber: 2, x: 'b' }, version: null, rowCount: 1 },
    ]);
    await expect(collect([{ x: 1 }], { key: 'FNumber' })).rejects.toMatchObject({
      code: 'grouping.key_missing',
      message: expect.stringContaining('"FNumber"'),
    });
  });

  it('builds its spec from a scheme', () => {
    const scheme = schemeSchema.parse({
      version: 1,
      id: 's',
      name: 's',
      source: {
        connection: 'k',
        api: 'q',
        cursor: { fields: ['FModifyDate'], start: '2026-01-01T00:00:00', timezone: 'Z' },
        group: { key: 'FBillNo', lineKey: 'E' },
      },
      mapping: { document: { a: 'FBillNo' } },
      target: { connection: 'o', api: 'p', key: 'a' },
    });
    expect(groupSpecFor(scheme)).toEqual({
      key: 'FBillNo',
      lineKey: 'E',
      lineFields: [],
      linesAs: 'lines',
      sorted: true,
      versionFields: ['FModifyDate'],
      timezone: 'Z',
    });
  });
});
