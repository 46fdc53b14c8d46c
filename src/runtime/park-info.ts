import type { LedgerRecord } from '../ledger/ledger.js';

/** What an operator is told about a document waiting on a missing lookup (API record summary, CLI). */
export interface ParkInfo {
  /** When the current wait began (the record's first park). */
  since: string;
  /** How long it has waited (milliseconds, at the time of asking; for a dead record: until now). */
  ageMs: number;
  /** How many times it was parked in this wait (each re-check that still found the lookup missing). */
  count: number;
  /** The missing lookup: which scheme has not synced which key (e.g. the order's customer), when known. */
  waitingFor: { scheme: string; key: string } | null;
}

/** The record's wait, or null when it is not waiting (nor died waiting). */
export function parkInfo(
  record: Pick<LedgerRecord, 'parkedSince' | 'parkCount' | 'lastError'>,
  now: Date,
): ParkInfo | null {
  if (!record.parkedSince) return null;
  const details = record.lastError?.kind === 'lookup_missing' ? record.lastError.details : undefined;
  const scheme = details?.lookupScheme;
  const key = details?.lookupKey;
  return {
    since: record.parkedSince,
    ageMs: Math.max(0, now.getTime() - Date.parse(record.parkedSince)),
    count: record.parkCount ?? 0,
    waitingFor:
      scheme !== undefined && scheme !== null && key !== undefined && key !== null
        ? { scheme: String(scheme), key: String(key) }
        : null,
  };
}
