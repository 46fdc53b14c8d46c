import { describe, expect, it } from 'vitest';
import { toListParams } from './list-params.js';

describe('toListParams', () => {
  it("maps OKKI's own parameter names and sends every other param as a filter", () => {
    expect(
      toListParams({
        start_time: '2026-01-01 00:00:00',
        time_type: '2',
        removed: '1',
        count: '50',
        start_index: 3,
        status: 'confirmed',
        all: true,
      }),
    ).toEqual({
      startTime: '2026-01-01 00:00:00',
      endTime: undefined,
      timeType: 2,
      removed: true,
      pageSize: 50,
      startIndex: 3,
      query: { status: 'confirmed', all: true },
    });
  });

  it('refuses a time_type OKKI does not have and a filter that is not a single value, as config errors', () => {
    expect(() => toListParams({ time_type: 9 })).toThrow(
      expect.objectContaining({
        kind: 'config',
        code: 'okki.param_invalid',
        message: expect.stringContaining('time_type must be one of 1, 2, 3, 4'),
      }),
    );
    expect(() => toListParams({ status: ['a', 'b'] })).toThrow(
      expect.objectContaining({ kind: 'config', message: expect.stringContaining('status must be a single value') }),
    );
  });
});
