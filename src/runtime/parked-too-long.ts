import { describeDuration } from '../core/duration.js';
import { IntegrationError } from '../core/errors.js';

/**
 * The error a document is recorded dead with once it has waited `limitMs` for a lookup that never
 * arrived: what it waited for, since when and how often it looked, and what to do next. Its kind
 * stays lookup_missing (the reason is still the missing lookup); the status says it stopped waiting.
 */
export function parkedTooLong(
  missing: IntegrationError,
  wait: { since: string; count: number; limitMs: number; now: Date },
): IntegrationError {
  const waited = describeDuration(wait.now.getTime() - Date.parse(wait.since));
  const { lookupScheme, lookupKey } = missing.details as { lookupScheme?: unknown; lookupKey?: unknown };
  const what =
    lookupScheme !== undefined && lookupKey !== undefined
      ? `for scheme ${String(lookupScheme)} to sync "${String(lookupKey)}"`
      : 'for a lookup';
  return new IntegrationError(
    `Gave up after waiting ${waited} ${what} (parked ${wait.count} time(s) since ${wait.since}; parkedLimit ${describeDuration(wait.limitMs)}): ${missing.message}. Find out why that document does not reach the target (disabled, not approved, filtered out?), fix it, then retry this record.`,
    {
      code: 'runtime.parked_too_long',
      kind: 'lookup_missing',
      details: {
        ...missing.details,
        missingCode: missing.code,
        parkedSince: wait.since,
        parkCount: wait.count,
        parkedLimitMs: wait.limitMs,
      },
      cause: missing,
    },
  );
}
