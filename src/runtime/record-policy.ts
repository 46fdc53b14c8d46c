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
  /** When the record's current wait on a missing lookup began (the ledger's park clock), if it is waiting. */
  parkedSince?: string | null;
  /** How long a document may wait on a missing lookup before it is dead (the scheme's parkedLimit). */
  parkedLimitMs?: number;
  /** When the first counted try of the record's current budget failed (the ledger's firstFailedAt). */
  firstFailedAt?: string | null;
  /** How long a record may keep failing before it is dead (settings.retry.maxAgeHours); unset: no time limit. */
  retryMaxAgeMs?: number;
  /** Set when the failure only shows that its connection is down (ConnectionBreaker.wasDown). */
  connectionDown?: { probeAt: Date } | null;
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

/** Whether a waiting document has reached its scheme's parkedLimit (never, without a clock or a limit). */
export function waitedTooLong(context: Pick<FailureContext, 'parkedSince' | 'parkedLimitMs' | 'now'>): boolean {
  const { parkedSince, parkedLimitMs, now } = context;
  if (!parkedSince || parkedLimitMs === undefined) return false;
  return now.getTime() - Date.parse(parkedSince) >= parkedLimitMs;
}

/**
 * Whether a record's time-based retry budget is used up: it has failed for `retryMaxAgeMs` since
 * the first counted failure of its budget. A record without earlier counted tries starts now.
 */
export function retriedTooLong(
  context: Pick<FailureContext, 'attemptsSoFar' | 'firstFailedAt' | 'retryMaxAgeMs' | 'now'>,
): boolean {
  const { attemptsSoFar, firstFailedAt, retryMaxAgeMs, now } = context;
  if (retryMaxAgeMs === undefined) return false;
  const since = attemptsSoFar > 0 && firstFailedAt ? Date.parse(firstFailedAt) : now.getTime();
  return now.getTime() - since >= retryMaxAgeMs;
}

/**
 * The one retry/park rule for a record that failed:
 * - lookup_missing → parked, re-checked after `parkDelay`; no try used (the document is fine,
 *   something it refers to has not arrived yet); dead once a write finds it still missing after
 *   the record has waited `parkedLimitMs` (so it alerts instead of waiting forever);
 * - not retryable (record, config, internal) → failed with no automatic retry: it would fail the
 *   same way again, so it waits for a source change or a human;
 * - retryable (transient, rate_limited, outcome_unknown) → failed with exponential backoff (a
 *   server's Retry-After wins when longer), or dead once a write has used up `retry.attempts` or
 *   has kept failing for `retryMaxAgeMs` since its budget's first counted failure;
 * - retryable and the connection was down → failed, no try used, due when the breaker probes.
 * Ingest failures never use a try, so they are never dead.
 */
export function decideFailure(error: IntegrationError, context: FailureContext): FailureDecision {
  const { stage, attemptsSoFar, retry, now, random } = context;
  const stopsRun = error.kind === 'config';
  const at = (delayMs: number) => new Date(now.getTime() + delayMs).toISOString();
  if (error.kind === 'lookup_missing') {
    if (stage === 'write' && waitedTooLong(context))
      return { status: 'dead', nextAttemptAt: null, countAttempt: false, stopsRun };
    return {
      status: 'parked',
      nextAttemptAt: at(parkDelay(retry, attemptsSoFar, random)),
      countAttempt: false,
      stopsRun,
    };
  }
  const countAttempt = stage === 'write' && !context.connectionDown;
  if (!error.retryable) return { status: 'failed', nextAttemptAt: null, countAttempt, stopsRun };
  if (context.connectionDown) {
    const untilProbe = Math.max(0, context.connectionDown.probeAt.getTime() - now.getTime());
    return { status: 'failed', nextAttemptAt: at(untilProbe), countAttempt, stopsRun };
  }
  const triesUsed = attemptsSoFar + (countAttempt ? 1 : 0);
  if (countAttempt && (triesUsed >= retry.attempts || retriedTooLong(context)))
    return { status: 'dead', nextAttemptAt: null, countAttempt, stopsRun };
  return {
    status: 'failed',
    nextAttemptAt: at(computeDelay(Math.max(1, triesUsed), retry, error.retryAfterMs, random)),
    countAttempt,
    stopsRun,
  };
}
