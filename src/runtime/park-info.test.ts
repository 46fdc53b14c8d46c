import { describe, expect, it } from 'vitest';
import { parkInfo } from './park-info.js';

const now = new Date('2026-03-08T08:00:00.000Z');
const missing = {
  name: 'IntegrationError',
  code: 'mapping.lookup_missing',
  kind: 'lookup_missing' as const,
  message: '$lookup: scheme "customers" has not synced "C-9" yet',
  details: { lookupScheme: 'customers', lookupKey: 'C-9' },
};

describe('parkInfo', () => {
  it('tells since when, how long, how often and what a waiting record waits for', () => {
    expect(parkInfo({ parkedSince: '2026-03-01T08:00:00.000Z', parkCount: 12, lastError: missing }, now)).toEqual({
      since: '2026-03-01T08:00:00.000Z',
      ageMs: 7 * 86_400_000,
      count: 12,
      waitingFor: { scheme: 'customers', key: 'C-9' },
    });
  });

  it('is null for a record that is not waiting, and leaves out a reason it cannot name', () => {
    expect(parkInfo({ parkedSince: null, parkCount: 0, lastError: missing }, now)).toBeNull();
    expect(parkInfo({ lastError: null }, now)).toBeNull();
    const vague = { ...missing, details: {} };
    expect(parkInfo({ parkedSince: now.toISOString(), parkCount: 1, lastError: vague }, now)).toMatchObject({
      ageMs: 0,
      waitingFor: null,
    });
  });
});
