import type { IntegrationError } from '../core/errors.js';
import { computeDelay, type RetryPolicy } from '../core/retry.js';

/**
 * Where the failure happened. `ingest`: building the payload while reading the source — nothing
 * was sent, so no try is used up. `write`: a claimed record's write (or its re-mapping).
 */
export type FailureStage = 'ingest' | 'write';

export interface FailureContext {
  stage: FailureStage;
  /** Tries the record has used before this failure (the ledger's `attempts`). */
  attemptsSoFar: number;
  retry: RetryPolicy;
  now: Date;
  /** Jitter source; defaults to Math.random. */
  random?: () => number;
}

export interface FailureDecision {
  /** failed: retried at `nextAttemptAt` (never when null); parked: waits for a lookup; dead: out of tries. */
  status: 'failed' | 'parked' | 'dead';
  nextAttemptAt: string | null;
  /** Whether this failure uses up one of the policy's tries. */
  countAttempt: boolean;
  /** A config error: the same call fails for every record, so the run stops once this one is recorded. */
  stopsRun: boolean;
}

/**
 * When to look again at a parked document. At least PARK_RECHECK_MS, which is longer than a run's
 * drain window: a lookup that stays missing must not keep a run alive re-parking the same document.
 * Parked documents are woken at once when the scheme they wait for succeeds (engine.wakeDependents).
 */
export const PARK_RECHECK_MS = 60_000;

export function parkDelay(retry: RetryPolicy, attemptsSoFar: number, random?: () => number): number {
  return Math.max(PARK_RECHECK_MS, computeDelay(Math.max(1, attemptsSoFar), retry, undefined, random));
}

/**
 * The one retry/park rule for a record that failed:
 * - lookup_missing → parked, re-checked after `parkDelay`; no try used (the document is fine,
 *   something it refers to has not arrived yet);
 * - not retryable (record, config, internal) → failed with no automatic retry: it would fail the
 *   same way again, so it waits for a source change or a human;
 * - retryable (transient, rate_limited, outcome_unknown) → failed with exponential backoff (a
 *   server's Retry-After wins when longer), or dead once a write has used up `retry.attempts`.
 * Ingest failures never use a try, so they are never dead.
 */
export function decideFailure(error: IntegrationError, context: FailureContext): FailureDecision {
  const { stage, attemptsSoFar, retry, now, random } = context;
  const stopsRun = error.kind === 'config';
  const at = (delayMs: number) => new Date(now.getTime() + delayMs).toISOString();
  if (error.kind === 'lookup_missing') {
    return {
      status: 'parked',
      nextAttemptAt: at(parkDelay(retry, attemptsSoFar, random)),
      countAttempt: false,
      stopsRun,
    };
  }
  const countAttempt = stage === 'write';
  if (!error.retryable) return { status: 'failed', nextAttemptAt: null, countAttempt, stopsRun };
  const triesUsed = attemptsSoFar + (countAttempt ? 1 : 0);
  if (countAttempt && triesUsed >= retry.attempts)
    return { status: 'dead', nextAttemptAt: null, countAttempt, stopsRun };
  return {
    status: 'failed',
    nextAttemptAt: at(computeDelay(Math.max(1, triesUsed), retry, error.retryAfterMs, random)),
    countAttempt,
    stopsRun,
  };
}
