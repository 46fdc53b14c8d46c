import { describe, expect, it } from 'vitest';
import { evaluate } from './test-helpers.js';

const valueTables = { currency: { PRE001: 'CNY', PRE007: 'USD' }, rebate: { A: { 物流费: 0.02 } } };

describe('$valueTable', () => {
  it('translates codes, including object values', async () => {
    expect(
      await evaluate(
        "$valueTable('currency', `FSettleCurrId.FNumber`)",
        { 'FSettleCurrId.FNumber': 'PRE007' },
        { valueTables },
      ),
    ).toBe('USD');
    expect(await evaluate("$valueTable('rebate', 'A').物流费", {}, { valueTables })).toBe(0.02);
  });

  it('uses the default for a missing code, and for an undefined code', async () => {
    expect(await evaluate("$valueTable('currency', 'PRE999', 'CNY')", {}, { valueTables })).toBe('CNY');
    expect(await evaluate("$valueTable('currency', missing, 'CNY')", {}, { valueTables })).toBe('CNY');
    expect(await evaluate("$valueTable('currency', missing)", {}, { valueTables })).toBeUndefined();
  });

  it('fails the record naming table and code when the code is missing without default', async () => {
    await expect(evaluate("$valueTable('currency', 'PRE999')", {}, { valueTables })).rejects.toMatchObject({
      kind: 'record',
      code: 'mapping.value_table_missing',
      message: expect.stringContaining('code "PRE999" is not in value table "currency"'),
      details: { table: 'currency', code: 'PRE999' },
    });
    await expect(evaluate("$valueTable('nope', 'x')", {}, { valueTables })).rejects.toMatchObject({
      code: 'mapping.value_table_unknown',
    });
  });

  it('matches numeric codes by their string form', async () => {
    expect(await evaluate("$valueTable('t', 1)", {}, { valueTables: { t: { '1': 'one' } } })).toBe('one');
  });
});
