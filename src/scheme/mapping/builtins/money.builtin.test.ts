import { describe, expect, it } from 'vitest';
import { addDecimal, formatDecimal, mulDecimal, parseDecimal, roundDecimal } from './decimal.js';
import { evaluate } from './test-helpers.js';

describe('decimal', () => {
  it('parses numbers and decimal strings exactly', () => {
    expect(parseDecimal('19.99')).toEqual({ units: 1999n, scale: 2 });
    expect(parseDecimal(' -0.5 ')).toEqual({ units: -5n, scale: 1 });
    expect(parseDecimal(1e-7)).toEqual({ units: 1n, scale: 7 });
    expect(parseDecimal('2e3')).toEqual({ units: 2000n, scale: 0 });
    for (const bad of ['abc', '', '.', '1.2.3', '1,000', null, Number.NaN, {}]) expect(parseDecimal(bad)).toBeNull();
  });

  it('rounds half away from zero', () => {
    const r = (v: string, p = 2) => formatDecimal(roundDecimal(parseDecimal(v)!, p));
    expect(r('0.125')).toBe('0.13');
    expect(r('-0.125')).toBe('-0.13');
    expect(r('0.124999')).toBe('0.12');
    expect(r('2.5', 0)).toBe('3');
    expect(r('-0.001')).toBe('0.00');
    expect(r('7')).toBe('7.00');
  });

  it('adds and multiplies without float drift', () => {
    expect(formatDecimal(addDecimal(parseDecimal(0.1)!, parseDecimal(0.2)!))).toBe('0.3');
    expect(formatDecimal(mulDecimal(parseDecimal('1.1')!, parseDecimal('1.1')!))).toBe('1.21');
  });
});

describe('money built-ins', () => {
  it('0.1 + 0.2 = "0.30" and 19.99 × 3 = "59.97"', async () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(await evaluate('$moneyAdd(0.1, 0.2)')).toBe('0.30');
    expect(await evaluate("$moneyMul('19.99', 3)")).toBe('59.97');
    expect(1.15 * 3).not.toBe(3.45);
    expect(await evaluate('$moneyMul(1.15, 3)')).toBe('3.45');
    expect(await evaluate('$moneyRound(1.005)')).toBe('1.01');
  });

  it('applies rates and rounds to cents half-up', async () => {
    expect(await evaluate('$moneyMul(60.17, 0.02)')).toBe('1.20');
    expect(await evaluate("$moneyMul('100.25', 0.5)")).toBe('50.13');
    expect(await evaluate("$moneyMul('1.15', 13)")).toBe('14.95');
    expect(await evaluate('$moneySub(1, 0.9)')).toBe('0.10');
    expect(await evaluate("$moneyRound('2.345')")).toBe('2.35');
    expect(await evaluate("$moneyRound('2.3456', 3)")).toBe('2.346');
  });

  it('sums arrays (also from a path over lines) with empty values as zero', async () => {
    const doc = { lines: [{ a: '0.1' }, { a: 0.2 }, { a: '' }, { a: null }, {}] };
    expect(await evaluate('$moneySum(lines.a)', doc)).toBe('0.30');
    expect(await evaluate("$moneyAdd(1, [2, '3.005'], missing)", {})).toBe('6.01');
    expect(await evaluate('$moneySum([])')).toBe('0.00');
  });

  it('keeps undefined for a missing amount in mul/round, so the field is left out', async () => {
    expect(await evaluate('$moneyMul(missing, 2)', {})).toBeUndefined();
    expect(await evaluate('$moneyRound(missing)', {})).toBeUndefined();
  });

  it('fails the record naming a non-numeric value', async () => {
    await expect(evaluate("$moneyAdd('1', 'abc')")).rejects.toMatchObject({
      kind: 'record',
      code: 'mapping.not_a_number',
      message: expect.stringContaining('"abc" is not a number'),
    });
    await expect(evaluate("$moneyRound(1, 'x')")).rejects.toMatchObject({ code: 'mapping.bad_argument' });
  });
});
