import { recordError } from '../mapping-error.js';
import type { Builtin } from '../builtin.js';
import { formatTimestamp, isValidTimezone, parseTimestamp } from '../../timestamp.js';

/**
 * $formatDate(value, pattern[, tz]) → `value` formatted with `pattern`, e.g.
 * $formatDate(FDate, 'YYYY-MM-DD') → "2026-01-05" for Kingdee's "2026-01-05T00:00:00".
 * Values without an offset are read in the source's timezone (source.cursor.timezone, default
 * +08:00); the output is in `tz` (default the same). Tokens: YYYY/yyyy MM DD/dd HH mm ss SSS Z X x.
 * Empty values give undefined; unparseable ones are a record error naming the value.
 */
export const formatDate: Builtin = {
  name: 'formatDate',
  fn: (ctx, value, pattern, tz) => {
    if (value === undefined || value === null || value === '') return undefined;
    const zone = tz === undefined ? ctx.timezone : String(tz);
    if (!isValidTimezone(zone))
      throw recordError(
        'mapping.bad_argument',
        `$formatDate: unknown timezone "${zone}"; use an offset such as "+08:00"`,
      );
    const date = parseTimestamp(value, ctx.timezone);
    if (!date)
      throw recordError('mapping.not_a_date', `$formatDate: ${JSON.stringify(value)} is not a date/time`, {
        value: String(value),
      });
    return formatTimestamp(date, String(pattern ?? 'YYYY-MM-DD'), zone);
  },
};

/**
 * $now([pattern[, tz]]) → the current time from the runtime's clock (fixed in tests): an ISO 8601
 * UTC string without arguments, else formatted like $formatDate.
 */
export const now: Builtin = {
  name: 'now',
  fn: (ctx, pattern, tz) => {
    const current = ctx.services?.now() ?? new Date();
    if (pattern === undefined) return current.toISOString();
    return formatTimestamp(current, String(pattern), tz === undefined ? ctx.timezone : String(tz));
  },
};
