/**
 * Small helpers shared by the OKKI simulator modules: the vendor's error shape, China-time
 * timestamps, number/id coercion (OKKI mixes numbers and numeric strings) and paging.
 */

/** A business error answered as `{code, message, now}` with HTTP status `status`. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'SimError';
  }
}

/** The vendor's 404 ("Not Found Resource"), optionally followed by a detail as OKKI does (`Not Found Resource没有权限编辑订单`). */
export function notFound(detail = ''): SimError {
  return new SimError(404, 404, `Not Found Resource${detail}`);
}

/** A validation failure. The live text is undocumented; ours names the field and the fix. */
export function invalid(message: string): SimError {
  return new SimError(400, 400, message);
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/** `YYYY-MM-DD HH:mm:ss` in China time (UTC+8), the format of `now` and every datetime field. */
export function chinaTime(epochMs: number): string {
  const iso = new Date(epochMs + CHINA_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** `YYYY-MM-DD` in China time. */
export function chinaDate(epochMs: number): string {
  return chinaTime(epochMs).slice(0, 10);
}

/**
 * Parses `YYYY-MM-DD` or `YYYY-MM-DD HH:mm:ss` as China time. A bare date used as an upper bound
 * means the whole day (inclusive). Returns undefined for empty or unparsable input.
 */
export function parseChinaTime(text: unknown, endOfDay = false): number | undefined {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const base =
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)) - CHINA_OFFSET_MS;
  return h === undefined && endOfDay ? base + 86_400_000 - 1 : base;
}

/** A number from a number or numeric string; undefined for anything else (including ''). */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A positive integer id from a number or numeric string (OKKI returns both). */
export function toId(value: unknown): number | undefined {
  const n = toNumber(value);
  return n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Rounds to 2 decimals (money), avoiding 1.005-style binary drift. */
export function money(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

/** Rounds to 4 decimals (converted amounts, rates). */
export function round4(value: number): number {
  return Math.round((value + Number.EPSILON) * 10_000) / 10_000;
}

export function has(body: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(body, key);
}

export function isNumericKey(key: string): boolean {
  return /^\d+$/.test(key);
}

/** Reads `start_index` (page number from 1) and `count` (page size, default `defaultCount`, at most 1000). */
export function paging(query: URLSearchParams, defaultCount: number): { startIndex: number; count: number } {
  const startIndex = Math.max(1, Math.floor(toNumber(query.get('start_index')) ?? 1));
  const count = Math.min(1000, Math.max(1, Math.floor(toNumber(query.get('count')) ?? defaultCount)));
  return { startIndex, count };
}

export function pageOf<T>(items: readonly T[], p: { startIndex: number; count: number }): T[] {
  const from = (p.startIndex - 1) * p.count;
  return items.slice(from, from + p.count);
}

/** Inclusive time window from `start_time`/`end_time`; a missing bound is open. */
export function timeWindow(query: URLSearchParams): { from: number; to: number } {
  return {
    from: parseChinaTime(query.get('start_time') ?? '') ?? Number.NEGATIVE_INFINITY,
    to: parseChinaTime(query.get('end_time') ?? '', true) ?? Number.POSITIVE_INFINITY,
  };
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function str(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}
