/**
 * JSONata results can be "sequences" (arrays with extra flags) and may hold functions; the ledger
 * and the connectors need plain JSON. Undefined and functions are dropped, like JSON.stringify does.
 */
export function toPlainJson(value: unknown): unknown {
  if (value === undefined || typeof value === 'function') return undefined;
  if (value === null || typeof value !== 'object') {
    return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const plain = toPlainJson(item);
      if (plain !== undefined) out.push(plain);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  const object = value as Record<string, unknown>;
  for (const k of Object.keys(object)) {
    const plain = toPlainJson(object[k]);
    if (plain !== undefined) out[k] = plain;
  }
  return out;
}
