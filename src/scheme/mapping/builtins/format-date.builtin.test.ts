import { describe, expect, it } from 'vitest';
import { evaluate, fakeServices } from './test-helpers.js';

describe('$formatDate', () => {
  it('formats Kingdee local times', async () => {
    expect(await evaluate("$formatDate(FDate, 'YYYY-MM-DD')", { FDate: '2026-01-05T00:00:00' })).toBe('2026-01-05');
    expect(await evaluate("$formatDate(FDate, 'yyyy-MM-dd HH:mm:ss')", { FDate: '2026-01-05T23:59:58.123' })).toBe(
      '2026-01-05 23:59:58',
    );
  });

  it('converts to another offset when asked', async () => {
    expect(await evaluate("$formatDate('2026-01-05T01:00:00', 'YYYY-MM-DD HH:mm', 'Z')")).toBe('2026-01-04 17:00');
    expect(await evaluate("$formatDate('2026-01-05T01:00:00', 'YYYY-MM-DD HH:mm')", {}, { timezone: 'Z' })).toBe(
      '2026-01-05 01:00',
    );
  });

  it('leaves empty values out and rejects garbage naming it', async () => {
    expect(await evaluate("$formatDate('', 'YYYY')")).toBeUndefined();
    await expect(evaluate("$formatDate('31/12/2026', 'YYYY')")).rejects.toMatchObject({
      code: 'mapping.not_a_date',
      message: expect.stringContaining('"31/12/2026"'),
    });
    await expect(evaluate("$formatDate('2026-01-01', 'YYYY', 'Asia/Shanghai')")).rejects.toMatchObject({
      code: 'mapping.bad_argument',
    });
  });
});

describe('$now', () => {
  it('uses the services clock', async () => {
    const { services } = fakeServices();
    expect(await evaluate('$now()', {}, { services })).toBe('2026-03-01T04:05:06.000Z');
    expect(await evaluate("$now('YYYY-MM-DD HH:mm')", {}, { services })).toBe('2026-03-01 12:05');
  });
});
