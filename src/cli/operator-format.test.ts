import { describe, expect, it } from 'vitest';
import { IntegrationError } from '../core/errors.js';
import type { LedgerRecord } from '../ledger/ledger.js';
import { cursorValueFor } from './commands/cursor.command.js';
import { formatChange } from './commands/preview.command.js';
import { parseStatuses, recordChanges } from './commands/records.command.js';
import { retrySelector } from './commands/retry.command.js';
import {
  describeSchedule,
  formatDuration,
  formatTable,
  formatTime,
  intOption,
  nextCronRun,
} from './operator-format.js';

const spec = { format: 'yyyy-MM-ddTHH:mm:ss', timezone: '+08:00' };

function configError(fn: () => unknown): IntegrationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(IntegrationError);
    expect((error as IntegrationError).kind).toBe('config');
    return error as IntegrationError;
  }
  throw new Error('expected a config error');
}

describe('operator CLI helpers', () => {
  it('cursorValueFor rewrites a time in the scheme format and refuses non-times with an example', () => {
    expect(cursorValueFor('2026-11-01 08:30', spec, 's')).toBe('2026-11-01T08:30:00');
    expect(cursorValueFor('2026-11-01T00:00:00Z', spec, 's')).toBe('2026-11-01T08:00:00');
    expect(cursorValueFor('2026-11-01', { format: "yyyy-MM-dd' 'HH:mm:ss", timezone: 'Z' }, 's')).toBe(
      '2026-11-01 00:00:00',
    );
    const error = configError(() => cursorValueFor('2026-02-30T00:00:00', spec, 'orders'));
    expect(error.message).toContain('e.g. qiao cursor orders --set 2026-11-01T00:00:00');
    expect(error.code).toBe('cli.invalid_cursor');
  });

  it('retrySelector needs exactly one kind of selection', () => {
    expect(retrySelector({ key: 'XSDD1' })).toEqual({ key: 'XSDD1' });
    expect(retrySelector({ failed: true, parked: true })).toEqual({ statuses: ['failed', 'parked'] });
    expect(configError(() => retrySelector({})).message).toContain('Say what to retry');
    expect(configError(() => retrySelector({ key: 'K', dead: true })).message).toContain('not both');
  });

  it('parseStatuses accepts comma lists of known statuses only', () => {
    expect(parseStatuses('failed, dead')).toEqual(['failed', 'dead']);
    expect(configError(() => parseStatuses('failed,done')).message).toContain('unknown status done');
  });

  it('formatChange marks added, removed and changed fields', () => {
    expect(formatChange({ path: 'a', before: undefined, after: 1 })).toBe('+ a: 1');
    expect(formatChange({ path: 'b[0].c', before: 'x', after: undefined })).toBe('- b[0].c: "x"');
    expect(formatChange({ path: 'amount', before: '1.00', after: '2.00' })).toBe('~ amount: "1.00" → "2.00"');
    expect(formatChange({ path: '', before: 1, after: 2 })).toBe('~ (whole payload): 1 → 2');
  });

  it('recordChanges compares a pending payload with what the target holds, else the last change', () => {
    const base = {
      payload: { qty: 2 },
      pushedPayload: { qty: 1 },
      previousPayload: { qty: 0 },
    } as unknown as LedgerRecord;
    expect(recordChanges({ ...base, payloadHash: 'h2', pushedHash: 'h1' })).toEqual({
      against: 'pushed',
      changes: [{ path: 'qty', before: 1, after: 2 }],
    });
    expect(recordChanges({ ...base, payload: { qty: 1 }, payloadHash: 'h1', pushedHash: 'h1' })).toEqual({
      against: 'previous',
      changes: [{ path: 'qty', before: 0, after: 1 }],
    });
    expect(
      recordChanges({ ...base, pushedPayload: null, previousPayload: null, payloadHash: 'h2', pushedHash: null })
        .against,
    ).toBeNull();
  });

  it('formats times, durations, schedules and tables', () => {
    expect(formatTime('2026-11-28T16:39:50.123Z')).toBe('2026-11-28 16:39:50Z');
    expect(formatTime(null)).toBe('-');
    expect([formatDuration(850), formatDuration(12_340), formatDuration(245_000)]).toEqual([
      '850 ms',
      '12.3 s',
      '4 min 05 s',
    ]);
    expect([
      describeSchedule({ cron: '*/5 * * * *' }),
      describeSchedule({ intervalSeconds: 60 }),
      describeSchedule({ manual: true }),
    ]).toEqual(['cron */5 * * * *', 'every 60 s', 'manual']);
    expect(nextCronRun({ cron: '0 * * * *' }, new Date('2026-11-28T16:39:50Z'))?.getUTCMinutes()).toBe(0);
    expect(nextCronRun({ manual: true })).toBeNull();
    expect(
      formatTable(
        ['KEY', 'STATUS'],
        [
          ['XSDD1', 'failed'],
          ['X2', 'ok'],
        ],
      ),
    ).toBe('KEY    STATUS\nXSDD1  failed\nX2     ok\n');
  });

  it('intOption names the flag and its range', () => {
    expect(intOption('limit', '20', { min: 1, max: 1000 })).toBe(20);
    expect(intOption('limit', undefined)).toBeUndefined();
    expect(configError(() => intOption('limit', '0', { min: 1, max: 1000 })).message).toBe(
      '--limit must be between 1 and 1000 (got "0")',
    );
    expect(configError(() => intOption('every', '1.5', { min: 1 })).message).toBe(
      '--every must be a whole number ≥ 1 (got "1.5")',
    );
  });
});
