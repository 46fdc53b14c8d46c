import { describe, expect, it } from 'vitest';
import { describeDuration, durationSchema, parseDuration } from './duration.js';

describe('durations', () => {
  it('parses a number and one unit', () => {
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration('36h')).toBe(36 * 3_600_000);
    expect(parseDuration(' 90m ')).toBe(5_400_000);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1.5h')).toBe(5_400_000);
  });

  it('refuses anything else with a ConfigError that says how to write one', () => {
    for (const bad of ['7', 'd', '7 days', '-1h', '1h30m', ''])
      expect(() => parseDuration(bad), bad).toThrow(/e\.g\. 7d, 36h/);
    expect(durationSchema.safeParse('7d').success).toBe(true);
    expect(durationSchema.safeParse('0s').success).toBe(false);
    expect(durationSchema.safeParse('a week').error?.issues[0]?.message).toContain('7d, 36h');
  });

  it('describes milliseconds in at most two neighbouring units', () => {
    expect(describeDuration(7 * 86_400_000)).toBe('7 d');
    expect(describeDuration(36 * 3_600_000)).toBe('1 d 12 h');
    expect(describeDuration(86_400_000 + 30_000)).toBe('1 d');
    expect(describeDuration(5_400_000)).toBe('1 h 30 min');
    expect(describeDuration(45_500)).toBe('45 s');
    expect(describeDuration(250)).toBe('250 ms');
  });
});
