import { describe, expect, it } from 'vitest';
import { evaluate } from './test-helpers.js';

describe('$toNumber', () => {
  it('converts numbers and numeric strings', async () => {
    expect(await evaluate("$toNumber('3')")).toBe(3);
    expect(await evaluate("$toNumber(' -2.50 ')")).toBe(-2.5);
    expect(await evaluate("$toNumber('1e3')")).toBe(1000);
    expect(await evaluate('$toNumber(7)')).toBe(7);
  });

  it('gives undefined for empty values', async () => {
    expect(await evaluate("$toNumber('')")).toBeUndefined();
    expect(await evaluate('$toNumber(missing)', {})).toBeUndefined();
  });

  it('rejects non-numeric strings with a record error naming the value (and the label)', async () => {
    await expect(evaluate('$toNumber(FQty)', { FQty: 'abc' })).rejects.toMatchObject({
      kind: 'record',
      code: 'mapping.not_a_number',
      message: '$toNumber: "abc" is not a number',
    });
    await expect(evaluate("$toNumber(FQty, 'FQty')", { FQty: '12x' })).rejects.toMatchObject({
      message: '$toNumber: FQty: "12x" is not a number',
    });
    await expect(evaluate('$toNumber(true)')).rejects.toMatchObject({ code: 'mapping.not_a_number' });
  });
});
