/**
 * Formats a filter time the way OKKI lists expect it: `YYYY-MM-DD HH:mm:ss` on the tenant's clock
 * (`offsetMinutes` east of UTC; China is 480). Strings pass through unchanged, so callers may send
 * the documented `YYYY-MM-DD` form too.
 */
export function formatOkkiTime(value: Date | string, offsetMinutes: number): string {
  if (typeof value === 'string') return value;
  if (Number.isNaN(value.getTime())) throw new RangeError('formatOkkiTime: invalid Date');
  return new Date(value.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}
