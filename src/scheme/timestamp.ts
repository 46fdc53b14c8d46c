/**
 * Timestamps as the vendors write them. Kingdee returns wall-clock local times without an offset
 * ("2026-01-05T10:20:30" or with ".123"), sometimes "/Date(1767580830000+0800)/"; OKKI writes
 * "2026-01-05 10:20:30". Everything here is offset-based ("+08:00"), never the host's zone, so a
 * server running in UTC renders the same window strings as one running in Beijing.
 */

const OFFSET = /^(?:Z|UTC|([+-])(\d{2}):?(\d{2}))$/;
const LOCAL =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

/** Default source wall-clock offset: Kingdee deployments in mainland China run on Beijing time. */
export const DEFAULT_TIMEZONE = '+08:00';

/** Whether `tz` is an offset qiao understands: "Z", "UTC", "+08:00", "-0530". */
export function isValidTimezone(tz: string): boolean {
  return OFFSET.test(tz);
}

/** Offset of `tz` from UTC in minutes ("+08:00" → 480). Throws on an unknown form. */
export function offsetMinutes(tz: string): number {
  const m = OFFSET.exec(tz);
  if (!m) throw new RangeError(`Unknown timezone "${tz}": use an offset such as "+08:00" or "Z"`);
  if (!m[1]) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/**
 * Parses a vendor timestamp. Values without an offset are wall-clock times in `timezone`
 * (default +08:00). Numbers are epoch milliseconds (or seconds when below 1e11).
 * Returns null for empty or unparseable values.
 */
export function parseTimestamp(value: unknown, timezone: string = DEFAULT_TIMEZONE): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    return new Date(Math.abs(value) < 1e11 ? value * 1000 : value);
  }
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text === '') return null;
  const ms = MS_DATE.exec(text);
  if (ms) return new Date(Number(ms[1]));
  const m = LOCAL.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const millis = Number(frac.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis);
  const check = new Date(utc);
  // Date.UTC silently rolls 2026-02-30 into March; a vendor date like that is garbage, not a date.
  if (
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  )
    return null;
  return new Date(utc - offsetMinutes(zone ?? timezone) * 60_000);
}

const TOKEN = /'([^']*)'|yyyy|YYYY|SSS|MM|dd|DD|HH|mm|ss|ZZ|Z|X|x/g;

/** Whether `pattern` contains at least one date token (yyyy, MM, dd, HH, mm, ss, SSS, Z, X, x). */
export function hasDateTokens(pattern: string): boolean {
  return [...pattern.matchAll(TOKEN)].some((m) => m[1] === undefined);
}

/**
 * Formats `date` as wall-clock time in `timezone` (default +08:00).
 * Tokens: yyyy/YYYY year, MM month, dd/DD day, HH hour (00–23), mm minute, ss second,
 * SSS milliseconds, Z offset "+08:00", ZZ offset "+0800", X epoch seconds, x epoch milliseconds;
 * text in single quotes is literal, every other character is copied as is.
 * @example formatTimestamp(d, 'yyyy-MM-ddTHH:mm:ss') // "2026-01-05T10:20:30"
 */
export function formatTimestamp(date: Date, pattern: string, timezone: string = DEFAULT_TIMEZONE): string {
  const offset = offsetMinutes(timezone);
  const wall = new Date(date.getTime() + offset * 60_000);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return pattern.replace(TOKEN, (token, literal: string | undefined) => {
    if (literal !== undefined) return literal;
    switch (token) {
      case 'yyyy':
      case 'YYYY':
        return pad(wall.getUTCFullYear(), 4);
      case 'MM':
        return pad(wall.getUTCMonth() + 1);
      case 'dd':
      case 'DD':
        return pad(wall.getUTCDate());
      case 'HH':
        return pad(wall.getUTCHours());
      case 'mm':
        return pad(wall.getUTCMinutes());
      case 'ss':
        return pad(wall.getUTCSeconds());
      case 'SSS':
        return pad(wall.getUTCMilliseconds(), 3);
      case 'Z':
        return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
      case 'ZZ':
        return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
      case 'X':
        return String(Math.floor(date.getTime() / 1000));
      default:
        return String(date.getTime());
    }
  });
}

/**
 * A timestamp as a sortable string in the source's wall clock, "yyyy-MM-ddTHH:mm:ss.SSS", so that
 * versions and cursors compare correctly as plain strings. Null for empty/unparseable values.
 */
export function normalizeTimestamp(value: unknown, timezone: string = DEFAULT_TIMEZONE): string | null {
  const date = parseTimestamp(value, timezone);
  return date ? formatTimestamp(date, "yyyy-MM-dd'T'HH:mm:ss.SSS", timezone) : null;
}
