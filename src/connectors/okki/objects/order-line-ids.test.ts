import { describe, expect, it } from 'vitest';
import { lineIdsOf, reconcileFoundLines } from './order-line-ids.js';
import { lineIdMap, prepareLines } from './order-lines.js';

describe('lineIdsOf', () => {
  it('reads lines and removeLines as text ids, dropping empty and zero ids', () => {
    expect(lineIdsOf({ order_id: 7, lines: { E1: 501, E2: '0', E3: '' }, removeLines: [509, '', 0, '510'] })).toEqual({
      known: { lines: { E1: '501' }, removeLines: ['509', '510'] },
      complete: true,
    });
  });

  it('is complete before the first push, and not for a pushed order whose ids have no removeLines', () => {
    expect(lineIdsOf(null)).toEqual({ known: { lines: {}, removeLines: [] }, complete: true });
    // Written by a qiao before issue 9: the map may miss lines a crash left in the order.
    expect(lineIdsOf({ order_id: '7', lines: { E1: '501' } })).toEqual({
      known: { lines: { E1: '501' }, removeLines: [] },
      complete: false,
    });
  });
});

describe('reconcileFoundLines', () => {
  const found = [
    { unique_id: 70, product_id: '1', sku_id: '2' },
    { unique_id: 71, product_id: 1, sku_id: 2 },
    { unique_id: 72, product_id: 5, sku_id: 6 },
    { unique_id: 73, product_id: 9, sku_id: 9 },
  ];

  it('keeps known lines the order still holds, pairs the others by product in order, and removes the rest', () => {
    const mapped = [
      { _key: 'E1', product_id: 1, sku_id: 2 },
      { _key: 'E2', product_id: 1, sku_id: 2 },
      { _key: 'E3', product_id: 5, sku_id: 6 },
      { _key: 'E4', product_id: 8, sku_id: 8 }, // new: nothing in the order to pair with
      { product_id: 9, sku_id: 9 }, // no _key: takes no line
    ];
    // The ledger knew E2 → 71 and E5 → 74 (gone from the order already) and nothing of E1/E3.
    const known = { lines: { E2: '71', E5: '74' }, removeLines: [] };
    expect(reconcileFoundLines(mapped, found, known)).toEqual({
      lines: { E2: '71', E1: '70', E3: '72' },
      removeLines: ['73'],
    });
  });

  it('removes every line of the order when the source version has none of their products', () => {
    expect(
      reconcileFoundLines([{ _key: 'N1', product_id: 3, sku_id: 4 }], found, { lines: {}, removeLines: [] }),
    ).toEqual({
      lines: {},
      removeLines: ['70', '71', '72', '73'],
    });
  });

  it('gives a push that leaves the order with exactly the source lines', () => {
    // A line removed in the source (E9 → 73) whose push was lost before the ledger learned of it,
    // and a new line E4 of product 5 while the order holds line 72 of product 5 from an older version.
    const mapped = [
      { _key: 'E1', product_id: 1, sku_id: 2, count: 3 },
      { _key: 'E4', product_id: 5, sku_id: 6, count: 1 },
    ];
    const ids = reconcileFoundLines(mapped, found, { lines: { E1: '70', E9: '73' }, removeLines: [] });
    expect(prepareLines(mapped, ids).lines).toEqual([
      { unique_id: '71', remove: 1 },
      { unique_id: '73', remove: 1 },
      { product_id: 1, sku_id: 2, count: 3, unique_id: '70' },
      { product_id: 5, sku_id: 6, count: 1, unique_id: '72' },
    ]);
  });
});

describe('source line keys are data', () => {
  it('keeps keys such as __proto__ and constructor as plain keys', () => {
    const { known } = lineIdsOf({ order_id: 1, lines: JSON.parse('{"__proto__":"7","E1":"8"}'), removeLines: [] });
    expect(Object.keys(known.lines).sort()).toEqual(['E1', '__proto__']);
    const mapped = [
      { _key: 'constructor', product_id: 1, sku_id: 2 },
      { _key: '__proto__', product_id: 3, sku_id: 4 },
    ];
    expect(Object.keys(lineIdMap(['__proto__'], ['9']))).toEqual(['__proto__']);
    expect(prepareLines(mapped, known).lines).toEqual([
      { unique_id: '8', remove: 1 },
      { product_id: 1, sku_id: 2 },
      { product_id: 3, sku_id: 4, unique_id: '7' },
    ]);
  });
});
