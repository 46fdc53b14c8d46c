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

/**
 * The operation a scheme side uses. Schemes name a *connection* (from qiao.yaml) while the catalog
 * names connector types; they are usually the same word, so prefer an exact match, then any connector
 * with that operation.
 */
export function findOperation(ops: CatalogOperation[] | null, connection: string | undefined, operation: string | undefined): CatalogOperation | undefined {
  if (!ops || !operation) return undefined;
  return ops.find((o) => o.connector === connection && o.operation === operation) ?? ops.find((o) => o.operation === operation);
}

/** key → Chinese label for the fields of an operation (request and response). */
export function labelMap(op: CatalogOperation | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const f of [...(op?.responseFields ?? []), ...(op?.requestFields ?? [])]) if (!map.has(f.key) && f.label && f.label !== f.key) map.set(f.key, f.label);
  return map;
}
