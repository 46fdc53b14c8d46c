import { describe, expect, it } from 'vitest';
import { schemeRetrySchema } from './scheme-retry.schema.js';

describe('settings.retry', () => {
  it('is limited by time by default: 24 h, no count limit', () => {
    const retry = schemeRetrySchema.parse({});
    expect(retry).toMatchObject({ maxAge: '24h', initialDelayMs: 1_000 });
    expect(retry.attempts).toBeUndefined();
  });

  it('keeps an existing `attempts: 5` valid (it then caps the tries as well)', () => {
    expect(schemeRetrySchema.parse({ attempts: 5, initialDelayMs: 2_000 })).toMatchObject({
      attempts: 5,
      maxAge: '24h',
      initialDelayMs: 2_000,
    });
  });

  it('refuses a maxAge that is not a duration, and unknown keys', () => {
    expect(schemeRetrySchema.safeParse({ maxAge: '24' }).success).toBe(false);
    expect(schemeRetrySchema.safeParse({ maxAge: '0h' }).success).toBe(false);
    expect(schemeRetrySchema.safeParse({ maxAgeHours: 24 }).success).toBe(false);
    expect(schemeRetrySchema.parse({ maxAge: '2d' }).maxAge).toBe('2d');
  });
});
