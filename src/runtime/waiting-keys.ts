import type { Ledger } from '../ledger/ledger.js';

/** Most keys offered to one read: a longer IN (…) list risks the source's query-length limits. */
export const MAX_WAITING_KEYS = 500;
/** Parked records looked at per dependent scheme (many orders often wait for the same customer). */
const PARKED_SCAN = 5_000;

/**
 * The keys of `schemeId` that parked documents of `dependents` wait for (their missing `$lookup`),
 * longest waiting first, at most MAX_WAITING_KEYS. A companion scheme reads these again on every
 * run: some changes make a document visible without moving any date its cursor watches (Kingdee's
 * 反禁用 Enable clears FForbidDate and leaves FModifyDate alone), so the cursor alone would never
 * bring back a re-enabled customer, and the orders parked on it would wait until they go dead.
 */
export async function waitingKeys(ledger: Ledger, schemeId: string, dependents: readonly string[]): Promise<string[]> {
  const keys = new Set<string>();
  for (const dependent of dependents) {
    for (const parked of await ledger.listParked(dependent, PARKED_SCAN)) {
      const details = parked.lastError?.details;
      if (details?.lookupScheme !== schemeId || details.lookupKey === undefined || details.lookupKey === null) continue;
      keys.add(String(details.lookupKey));
      if (keys.size >= MAX_WAITING_KEYS) return [...keys];
    }
  }
  return [...keys];
}

/**
 * Keys as the quoted list of a SQL-like `IN (…)` filter (Kingdee FilterString): 'A','B', quotes
 * doubled. No keys gives '' so that `FNumber IN ({{waitingKeys}})` stays valid and matches nothing.
 */
export function quotedKeyList(keys: readonly string[]): string {
  if (keys.length === 0) return "''";
  return keys.map((k) => `'${k.replace(/'/g, "''")}'`).join(',');
}
