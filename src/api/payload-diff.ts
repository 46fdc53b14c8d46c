/** One changed leaf between two JSON values; `path` is dotted, array items by index ("lines.0.qty"). */
export interface PayloadChange {
  path: string;
  before: unknown;
  after: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Field-level differences from `before` to `after` (e.g. previousPayload → payload), leaves
 * only, in a stable order. A field present on one side only shows `undefined` on the other.
 */
export function diffPayloads(before: unknown, after: unknown, limit = 500): PayloadChange[] {
  const out: PayloadChange[] = [];
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (out.length >= limit) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], path ? `${path}.${i}` : String(i));
      return;
    }
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) walk(a[k], b[k], path ? `${path}.${k}` : k);
      return;
    }
    if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return;
    if (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b)) return;
    out.push({ path: path || '(root)', before: a, after: b });
  };
  walk(before ?? undefined, after ?? undefined, '');
  return out;
}
