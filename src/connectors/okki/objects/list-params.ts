import { ConfigError } from '../../../core/errors.js';
import type { OkkiListParams } from '../okki.types.js';

type QueryValue = NonNullable<OkkiListParams['query']>[string];
const TIME_TYPES = [1, 2, 3, 4] as const;

function badParam(name: string, expected: string): ConfigError {
  return new ConfigError(`OKKI list parameter ${name} must be ${expected}; fix it in the scheme's source params.`, {
    code: 'okki.param_invalid',
    details: { param: name },
  });
}

function timeOf(value: unknown): Date | string | undefined {
  if (value === undefined) return undefined;
  return value instanceof Date ? value : String(value);
}

function numberOf(value: unknown): number | undefined {
  return value === undefined ? undefined : Number(value);
}

/**
 * A scheme's source params (OKKI's own names: start_time, end_time, time_type, removed, count,
 * start_index) as the client's list parameters; every other param is sent as a filter.
 */
export function toListParams(params: Record<string, unknown>): OkkiListParams {
  const { start_time, end_time, time_type, removed, count, start_index, ...filters } = params;
  const timeType = time_type === undefined ? undefined : TIME_TYPES.find((t) => t === Number(time_type));
  if (time_type !== undefined && timeType === undefined) throw badParam('time_type', `one of ${TIME_TYPES.join(', ')}`);
  const query: Record<string, QueryValue> = {};
  for (const [name, value] of Object.entries(filters)) {
    const single =
      value === null ||
      value === undefined ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean';
    if (!single) throw badParam(name, 'a single value (text, number or true/false)');
    query[name] = value;
  }
  return {
    startTime: timeOf(start_time),
    endTime: timeOf(end_time),
    timeType,
    removed: removed === undefined ? undefined : Boolean(Number(removed)),
    pageSize: numberOf(count),
    startIndex: numberOf(start_index),
    query,
  };
}
