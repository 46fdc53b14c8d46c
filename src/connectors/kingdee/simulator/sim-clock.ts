/**
 * Kingdee timestamps are Beijing wall-clock time without an offset. Internally the simulator keeps
 * them as "wall-clock milliseconds": `Date.UTC(y, M, d, h, m, s, ms)` of the Beijing local time, so
 * formatting and comparing never depends on the machine's TZ.
 */
const BEIJING_OFFSET_MS = 8 * 3600_000;

/** Current Beijing wall-clock time as wall-clock milliseconds. */
export function beijingNow(now: number = Date.now()): number {
  return now + BEIJING_OFFSET_MS;
}

/** Formats wall-clock ms as `yyyy-MM-ddTHH:mm:ss[.fff]` (fraction trimmed of trailing zeros, like real output). */
export function formatKdDate(wallMs: number): string {
  const iso = new Date(wallMs).toISOString(); // 2025-01-20T17:42:46.640Z
  const base = iso.slice(0, 19);
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return fraction ? `${base}.${fraction}` : base;
}

const DATE_LITERAL = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?$/;

/**
 * Parses a Kingdee/SQL date literal (`2025-01-02`, `2025-01-02 08:30:00`, `2025-01-02T08:30:00.5`)
 * into wall-clock ms; a bare date means midnight. Returns undefined when it is not a date.
 */
export function parseKdDate(text: string): number | undefined {
  const m = DATE_LITERAL.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const value = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  return Number.isNaN(value) ? undefined : value;
}

/** `yyyy-MM-dd HH:mm:ss` as used in `response_error:` texts. */
export function formatPlainDateTime(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 19).replace('T', ' ');
}

export const DAY_MS = 86_400_000;
