import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import type { CatalogOperation } from '../api/types.js';

let cached: Promise<CatalogOperation[]> | null = null;

/** The connectors' operation catalog, fetched once per page load (it only changes with a qiao upgrade). */
export function useCatalog(): CatalogOperation[] | null {
  const [ops, setOps] = useState<CatalogOperation[] | null>(null);
  useEffect(() => {
    let live = true;
    cached ??= api<{ operations: CatalogOperation[] }>('/api/catalog').then((r) => r.operations);
    cached.then(
      (value) => live && setOps(value),
      () => {
        cached = null; // a 401 or outage should not stick for the session
        if (live) setOps([]);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return ops;
}

/** Operation names compared loosely: case, punctuation and plural segments ignored (orders.push ≈ order.push). */
function loose(name: string): string {
  return name
    .toLowerCase()
    .split('.')
    .map((part) => part.replace(/[^a-z0-9_]/g, '').replace(/s$/, ''))
    .join('.');
}

/**
 * The catalog operation a scheme side uses. Schemes name a *connection* (from qiao.yaml) and a
 * connector operation, while the catalog lists Kingdee queries per form (`executeBillQuery.SAL_SaleOrder`);
 * so try the operation itself, then `<api>.<FormId>`, preferring the connector named like the connection.
 */
export function findOperation(
  ops: CatalogOperation[] | null,
  connection: string | undefined,
  operation: string | undefined,
  formId?: unknown,
): CatalogOperation | undefined {
  if (!ops || !operation) return undefined;
  const wanted = [operation, typeof formId === 'string' && formId ? `${operation}.${formId}` : null]
    .filter((w): w is string => w !== null)
    .map(loose)
    .reverse();
  for (const name of wanted) {
    const candidates = ops.filter((o) => loose(o.operation) === name);
    const hit = candidates.find((o) => o.connector === connection) ?? candidates[0];
    if (hit) return hit;
  }
  return undefined;
}

/** key → Chinese label for the fields of an operation (request and response). */
export function labelMap(op: CatalogOperation | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const f of [...(op?.responseFields ?? []), ...(op?.requestFields ?? [])]) {
    if (!f.label || f.label === f.key) continue;
    // Kingdee rows name base-data properties FCustId_FNumber where FieldKeys say FCustId.FNumber.
    for (const alias of [f.key, f.key.replace(/\./g, '_')]) if (!map.has(alias)) map.set(alias, f.label);
  }
  return map;
}
