import { describe, expect, it } from 'vitest';
import { addDecimal, formatDecimal, mulDecimal, parseDecimal, roundDecimal, subDecimal } from './decimal.js';
import { addSmall, formatSmall, mulSmall, parseSmall, roundSmall, subSmall } from './small-decimal.js';
import { evaluate } from './test-helpers.js';
import { mulberry32 as random } from '../../../core/seeded-random.js';

const EDGES: unknown[] = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  0.125,
  -0.125,
  0.005,
  1.005,
  2.675,
  0.1,
  0.2,
  0.3,
  19.99,
  7.1,
  1e-7,
  1e21,
  2 ** 53,
  2 ** 53 - 1,
  -(2 ** 53) + 1,
  123456789012345,
  1234567890123456,
  99999999999999.99,
  '0.125',
  ' -3.50 ',
  '+2',
  '.5',
  '5.',
  '2e3',
  '000000000000000001.5',
  '1.23456789012345678',
  'abc',
  '',
  true,
  null,
];

function values(seed: number, count: number): unknown[] {
  const next = random(seed);
  const out = [...EDGES];
  for (let i = 0; i < count; i++) {
    const digits = 1 + Math.floor(next() * 17);
    const scale = Math.floor(next() * 8);
    const n = Math.floor(next() * 10 ** digits) / 10 ** scale;
    const signed = next() < 0.3 ? -n : n;
    out.push(next() < 0.5 ? signed : signed.toFixed(scale));
  }
  return out;
}

describe('small decimals agree with BigInt decimals wherever they answer', () => {
  const all = values(7, 400);
  const pairs = all.flatMap((a, i) => all.filter((_, j) => (i * 31 + j) % 17 === 0).map((b) => [a, b] as const));

  it('parse', () => {
    let answered = 0;
    for (const v of all) {
      const s = parseSmall(v);
      if (!s) continue;
      answered++;
      const d = parseDecimal(v)!;
      expect(d, String(v)).not.toBeNull();
      expect(formatSmall(s), String(v)).toBe(formatDecimal(d));
    }
    expect(answered).toBeGreaterThan(all.length / 2);
  });

  it('add, subtract, multiply and round half away from zero', () => {
    let answered = 0;
    for (const [a, b] of pairs) {
      const x = parseSmall(a);
      const y = parseSmall(b);
      if (!x || !y) continue;
      const dx = parseDecimal(a)!;
      const dy = parseDecimal(b)!;
      for (const [small, big] of [
        [addSmall(x, y), addDecimal(dx, dy)],
        [subSmall(x, y), subDecimal(dx, dy)],
        [mulSmall(x, y), mulDecimal(dx, dy)],
      ] as const) {
        if (!small) continue;
        answered++;
        expect(formatSmall(small), `${String(a)} ${String(b)}`).toBe(formatDecimal(big));
        for (const places of [0, 2, 4]) {
          const rounded = roundSmall(small, places);
          if (rounded)
            expect(formatSmall(rounded), `${String(a)} ${String(b)} @${places}`).toBe(
              formatDecimal(roundDecimal(big, places)),
            );
        }
      }
    }
    expect(answered).toBeGreaterThan(pairs.length / 2);
  });

  it('leaves what it cannot do exactly to the BigInt path', () => {
    expect(parseSmall('1e3')).toBeNull();
    expect(parseSmall(2 ** 53)).toBeNull();
    expect(mulSmall({ units: 2 ** 40, scale: 0 }, { units: 2 ** 20, scale: 0 })).toBeNull();
    expect(roundSmall({ units: 1, scale: 20 }, 2)).toBeNull();
  });

  it('money built-ins give the same strings beyond the fast range', async () => {
    expect(await evaluate("$moneyMul('12345678901234.56', 1000)")).toBe('12345678901234560.00');
    expect(await evaluate('$moneySum([0.1, 0.2, 1e-7, "9007199254740993"])')).toBe('9007199254740993.30');
    expect(await evaluate("$moneyRound('-0.125')")).toBe('-0.13');
    await expect(evaluate("$moneyAdd(1, 'x')")).rejects.toMatchObject({ code: 'mapping.not_a_number' });
  });
});
