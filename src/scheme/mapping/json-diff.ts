export interface JsonDifference {
  /** Path of the differing value, e.g. "product_list[1].count"; "" for the whole value. */
  path: string;
  /** Value on the left (expected / previous); undefined when absent. */
  before: unknown;
  /** Value on the right (actual / new); undefined when absent. */
  after: unknown;
}

/**
 * Field-level differences between two JSON values, for golden-test failures and payload previews.
 * Numbers and numeric strings are NOT equal ("1" vs 1): a vendor may treat them differently.
 */
export function diffJson(before: unknown, after: unknown, path = ''): JsonDifference[] {
  if (Object.is(before, after)) return [];
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: JsonDifference[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++)
      out.push(...diffJson(before[i], after[i], `${path}[${i}]`));
    return out;
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => diffJson(before[k], after[k], path ? `${path}.${segment(k)}` : segment(k)));
  }
  return [{ path, before, after }];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function segment(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}
