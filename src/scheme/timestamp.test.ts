import { describe, expect, it } from 'vitest';
import { formatTimestamp, normalizeTimestamp, offsetMinutes, parseTimestamp } from './timestamp.js';

describe('timestamps', () => {
  it('reads Kingdee local times in the source offset', () => {
    expect(parseTimestamp('2026-01-05T10:20:30')?.toISOString()).toBe('2026-01-05T02:20:30.000Z');
    expect(parseTimestamp('2026-01-05T10:20:30.5')?.toISOString()).toBe('2026-01-05T02:20:30.500Z');
    expect(parseTimestamp('2026-01-05 10:20:30', 'Z')?.toISOString()).toBe('2026-01-05T10:20:30.000Z');
    expect(parseTimestamp('2026-01-05')?.toISOString()).toBe('2026-01-04T16:00:00.000Z');
  });

  it('honours explicit offsets, /Date(…)/ and epoch numbers', () => {
    expect(parseTimestamp('2026-01-05T10:20:30Z')?.toISOString()).toBe('2026-01-05T10:20:30.000Z');
    expect(parseTimestamp('2026-01-05T10:20:30-05:00')?.toISOString()).toBe('2026-01-05T15:20:30.000Z');
    expect(parseTimestamp('/Date(1767580830000+0800)/')?.toISOString()).toBe('2026-01-05T02:40:30.000Z');
    expect(parseTimestamp(1767580830)?.toISOString()).toBe('2026-01-05T02:40:30.000Z');
    expect(parseTimestamp(1767580830000)?.toISOString()).toBe('2026-01-05T02:40:30.000Z');
  });

  it('rejects garbage and impossible dates', () => {
    for (const bad of ['', 'yesterday', '2026-02-30', '2026-01-05T25:00:00', null, {}, Number.NaN])
      expect(parseTimestamp(bad)).toBeNull();
  });

  it('formats in the requested offset with literal text', () => {
    const d = new Date('2026-01-05T02:20:30.045Z');
    expect(formatTimestamp(d, 'yyyy-MM-ddTHH:mm:ss')).toBe('2026-01-05T10:20:30');
    expect(formatTimestamp(d, 'YYYY-MM-DD')).toBe('2026-01-05');
    expect(formatTimestamp(d, "yyyy'年'MM'月'dd'日' HH:mm:ss.SSS Z", 'Z')).toBe('2026年01月05日 02:20:30.045 +00:00');
    expect(formatTimestamp(d, 'X')).toBe('1767579630');
    expect(offsetMinutes('-0530')).toBe(-330);
    expect(() => offsetMinutes('Asia/Shanghai')).toThrow(/offset/);
  });

  it('normalises so that string order is time order', () => {
    const a = normalizeTimestamp('2026-01-05T10:20:30.5');
    const b = normalizeTimestamp('2026-01-05T10:20:30.45');
    const c = normalizeTimestamp('2026-01-05T09:20:31Z');
    expect(a).toBe('2026-01-05T10:20:30.500');
    expect([c, a, b].sort()).toEqual([b, a, c]);
  });
});
