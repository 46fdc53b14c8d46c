import { describe, expect, it } from 'vitest';
import { compareOrderLines, lineIdMap, prepareLines } from './order-lines.js';

describe('compareOrderLines', () => {
  it('reports rows OKKI left out of the reply as dropped, and ids of kept rows in sent order', () => {
    const sent = [
      { product_id: 11, sku_id: 12, count: 1 },
      { product_id: 99, sku_id: 100, count: 1 }, // unknown to OKKI
      { product_id: '11', sku_id: '12', count: 2 }, // same SKU twice on create: two lines
      { product_id: 21, count: 1 }, // no sku_id
    ];
    const reply = [
      { unique_id: 501, product_id: '11', sku_id: 12 },
      { unique_id: '502', product_id: 11, sku_id: '12' },
    ];
    const report = compareOrderLines(sent, reply);
    expect(report.droppedLines).toEqual([
      { index: 1, product_id: '99', sku_id: '100', reason: 'not_in_reply' },
      { index: 3, product_id: '21', sku_id: null, reason: 'missing_ids' },
    ]);
    expect(report.lineIds).toEqual(['501', '502']);
    expect(report.lineIdByIndex).toEqual(['501', null, '502', null]);
    expect(report.mergedLines).toEqual([]);
    expect(report.untouchedLineIds).toEqual([]);
  });

  it('matches rows by unique_id first, skips removals, and lists untouched existing lines', () => {
    const sent = [
      { product_id: 1, sku_id: 2 }, // id-less: must not take line 700, which row 1 names
      { unique_id: 700, product_id: 1, sku_id: 2 },
      { unique_id: 701, remove: 1 as const },
    ];
    const reply = [
      { unique_id: 700, product_id: 1, sku_id: 2 },
      { unique_id: 702, product_id: 1, sku_id: 2 },
      { unique_id: 703, product_id: 5, sku_id: 6 },
    ];
    const report = compareOrderLines(sent, reply);
    expect(report.lineIdByIndex).toEqual(['702', '700', null]);
    expect(report.lineIds).toEqual(['702', '700']);
    expect(report.droppedLines).toEqual([]);
    expect(report.untouchedLineIds).toEqual(['703']);
  });

  it('reports id-less same-SKU rows folded into one line on edit as merged, not dropped', () => {
    const sent = [
      { product_id: 1, sku_id: 2, count: 1 },
      { product_id: 1, sku_id: 2, count: 3 },
    ];
    const report = compareOrderLines(sent, [{ unique_id: 9, product_id: 1, sku_id: 2 }]);
    expect(report.droppedLines).toEqual([]);
    expect(report.mergedLines).toEqual([{ index: 1, product_id: '1', sku_id: '2', uniqueId: '9' }]);
    expect(report.lineIds).toEqual(['9']);
    expect(report.lineIdByIndex).toEqual(['9', '9']);
  });

  it('treats a row whose unique_id is unknown but whose product came back as a new line', () => {
    const report = compareOrderLines(
      [{ unique_id: 123, product_id: 1, sku_id: 2 }],
      [{ unique_id: 456, product_id: 1, sku_id: 2 }],
    );
    expect(report.lineIdByIndex).toEqual(['456']);
    expect(report.droppedLines).toEqual([]);
  });
});

describe('order line identity across pushes', () => {
  it('addresses known lines by unique_id, removes every other known line first, and keeps qiao fields out', () => {
    const mapped = [
      { _key: 'E1', product_id: 11, sku_id: 12, count: 2 },
      { _key: 'E3', product_id: '21', sku_id: '22', count: '1' },
      { product_id: 31, sku_id: 32, count: 1 },
    ];
    const { lines, keys } = prepareLines(mapped, { lines: { E1: '501', E2: '502' }, removeLines: ['509', '501'] });
    expect(lines).toEqual([
      { unique_id: '502', remove: 1 },
      { unique_id: '509', remove: 1 },
      { product_id: 11, sku_id: 12, count: 2, unique_id: '501' },
      { product_id: '21', sku_id: '22', count: '1' },
      { product_id: 31, sku_id: 32, count: 1 },
    ]);
    expect(keys).toEqual([null, null, 'E1', 'E3', null]);
    expect(lineIdMap(keys, [null, null, '501', '503', '504'])).toEqual({ E1: '501', E3: '503' });
    expect(prepareLines(undefined, null)).toEqual({ lines: [], keys: [] });
  });

  it('fails the record, naming the line and field, when a line holds something OKKI cannot take', () => {
    expect(() => prepareLines([{ product_id: 1 }, { product_id: { FNumber: 'x' } }], null)).toThrow(
      expect.objectContaining({
        kind: 'record',
        code: 'okki.payload_invalid',
        message: expect.stringContaining('order line 2: product_id'),
      }),
    );
    expect(() => prepareLines('three lines', null)).toThrow(
      expect.objectContaining({
        kind: 'record',
        message: expect.stringContaining('product_list must be a list of objects'),
      }),
    );
    expect(() => prepareLines([{ remove: 2 }], null)).toThrow(
      expect.objectContaining({ kind: 'record', message: expect.stringContaining('remove must be one of 0, 1') }),
    );
  });
});
