import { describe, expect, it } from 'vitest';
import { compareOrderLines } from './order-lines.js';

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
    const report = compareOrderLines([{ unique_id: 123, product_id: 1, sku_id: 2 }], [{ unique_id: 456, product_id: 1, sku_id: 2 }]);
    expect(report.lineIdByIndex).toEqual(['456']);
    expect(report.droppedLines).toEqual([]);
  });
});
