/**
 * Line identity across pushes. Mapped lines carry `_key` (the source line id, e.g. the Kingdee
 * FSaleOrderEntry_FEntryID); OKKI knows lines by `unique_id`. The ledger keeps
 * `lines: { <_key>: unique_id }` so a re-push edits the same lines, and lines that disappeared
 * from the source are sent as `{ unique_id, remove: 1 }` (omission alone does not delete in OKKI).
 */
export const LINE_KEY = '_key';

type Line = Record<string, unknown>;

/** Removes qiao-internal fields (names starting with "_") from a payload object. */
export function stripInternal(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(object)) if (!k.startsWith('_')) out[k] = v;
  return out;
}

export interface PreparedLines {
  /** The product_list to send. */
  lines: Line[];
  /** Source line key per sent row (null for removal rows and key-less lines). */
  keys: Array<string | null>;
}

/** Builds the product_list of an edit: unique_ids for known lines, removal rows for vanished ones. */
export function prepareLines(mapped: unknown, previous: Record<string, unknown> | null): PreparedLines {
  const rows = Array.isArray(mapped) ? (mapped as Line[]) : [];
  const known = (previous ?? {}) as Record<string, unknown>;
  const seen = new Set<string>();
  const lines: Line[] = [];
  const keys: Array<string | null> = [];
  for (const row of rows) {
    const key = row[LINE_KEY] === undefined || row[LINE_KEY] === null ? null : String(row[LINE_KEY]);
    const line = stripInternal(row);
    if (key !== null) {
      seen.add(key);
      if (known[key] !== undefined && known[key] !== null) line.unique_id = known[key];
    }
    lines.push(line);
    keys.push(key);
  }
  for (const [key, uniqueId] of Object.entries(known)) {
    if (!seen.has(key) && uniqueId !== null && uniqueId !== undefined) {
      lines.push({ unique_id: uniqueId, remove: 1 });
      keys.push(null);
    }
  }
  return { lines, keys };
}

/** `{ <_key>: unique_id }` from the sent keys and the per-row ids OKKI returned. */
export function lineIdMap(keys: Array<string | null>, lineIdByIndex: Array<string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  keys.forEach((key, i) => {
    const id = lineIdByIndex[i];
    if (key !== null && id) out[key] = id;
  });
  return out;
}

/**
 * After an outcome-unknown push: pairs the lines of the order found in OKKI with the mapped lines
 * (same product_id+sku_id, in order) so the repeat addresses them by unique_id instead of adding twins.
 */
export function matchFoundLines(mapped: unknown, found: Line[]): Record<string, string> {
  const rows = Array.isArray(mapped) ? (mapped as Line[]) : [];
  const pool = new Map<string, string[]>();
  for (const line of found) {
    const id = line.unique_id === undefined || line.unique_id === null ? null : String(line.unique_id);
    if (!id) continue;
    const productKey = `${String(line.product_id)}/${String(line.sku_id)}`;
    pool.set(productKey, [...(pool.get(productKey) ?? []), id]);
  }
  const out: Record<string, string> = {};
  for (const row of rows) {
    const key = row[LINE_KEY];
    if (key === undefined || key === null) continue;
    const ids = pool.get(`${String(row.product_id)}/${String(row.sku_id)}`);
    const id = ids?.shift();
    if (id) out[String(key)] = id;
  }
  return out;
}
