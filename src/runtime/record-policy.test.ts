import { describe, expect, it } from 'vitest';
import { IntegrationError, type ErrorKind } from '../core/errors.js';
import { retryPolicySchema, type RetryPolicy } from '../core/retry.js';
import { decideFailure, PARK_RECHECK_MS, type FailureContext, type FailureDecision } from './record-policy.js';

const NOW = new Date('2026-03-01T08:00:00.000Z');
const after = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
/** Three tries, 1 s doubling to a 5 s cap, no jitter: every delay below is exact. */
const retry: RetryPolicy = retryPolicySchema.parse({
  attempts: 3,
  initialDelayMs: 1_000,
  multiplier: 2,
  maxDelayMs: 5_000,
  jitter: 0,
});
const failure = (kind: ErrorKind, retryAfterMs?: number) =>
  new IntegrationError(`a ${kind} failure`, { code: `test.${kind}`, kind, retryAfterMs });
const decide = (kind: ErrorKind, context: Partial<FailureContext> = {}, retryAfterMs?: number) =>
  decideFailure(failure(kind, retryAfterMs), { stage: 'write', attemptsSoFar: 0, retry, now: NOW, ...context });

const retried = (delayMs: number): FailureDecision => ({
  status: 'failed',
  nextAttemptAt: after(delayMs),
  countAttempt: true,
  stopsRun: false,
});
const dead: FailureDecision = { status: 'dead', nextAttemptAt: null, countAttempt: true, stopsRun: false };
const noAutoRetry: FailureDecision = { status: 'failed', nextAttemptAt: null, countAttempt: true, stopsRun: false };
const parked: FailureDecision = {
  status: 'parked',
  nextAttemptAt: after(PARK_RECHECK_MS),
  countAttempt: false,
  stopsRun: false,
};

// attemptsSoFar: 0 and 1 are below the limit (this failure is try 1 or 2 of 3), 2 reaches it, 7 is over it.
const writeTable: Array<[ErrorKind, number, FailureDecision]> = [
  ['transient', 0, retried(1_000)],
  ['transient', 1, retried(2_000)],
  ['transient', 2, dead],
  ['transient', 7, dead],
  ['rate_limited', 0, retried(1_000)],
  ['rate_limited', 1, retried(2_000)],
  ['rate_limited', 2, dead],
  ['rate_limited', 7, dead],
  ['outcome_unknown', 0, retried(1_000)],
  ['outcome_unknown', 1, retried(2_000)],
  ['outcome_unknown', 2, dead],
  ['outcome_unknown', 7, dead],
  ['record', 0, noAutoRetry],
  ['record', 2, noAutoRetry],
  ['record', 7, noAutoRetry],
  ['internal', 0, noAutoRetry],
  ['internal', 2, noAutoRetry],
  ['internal', 7, noAutoRetry],
  ['config', 0, { ...noAutoRetry, stopsRun: true }],
  ['config', 2, { ...noAutoRetry, stopsRun: true }],
  ['config', 7, { ...noAutoRetry, stopsRun: true }],
  ['lookup_missing', 0, parked],
  ['lookup_missing', 2, parked],
  ['lookup_missing', 7, parked],
];

const ingestTable: Array<[ErrorKind, FailureDecision]> = [
  ['transient', { ...retried(1_000), countAttempt: false }],
  ['rate_limited', { ...retried(1_000), countAttempt: false }],
  ['outcome_unknown', { ...retried(1_000), countAttempt: false }],
  ['record', { ...noAutoRetry, countAttempt: false }],
  ['internal', { ...noAutoRetry, countAttempt: false }],
  ['config', { ...noAutoRetry, countAttempt: false, stopsRun: true }],
  ['lookup_missing', parked],
];

describe('decideFailure', () => {
  it.each(writeTable)('write: %s after %i tries', (kind, attemptsSoFar, expected) => {
    expect(decide(kind, { attemptsSoFar })).toEqual(expected);
  });

  it.each(ingestTable)('ingest: %s uses no try and is never dead', (kind, expected) => {
    // One try in total: a counted write failure would be dead at once.
    expect(decide(kind, { stage: 'ingest', retry: { ...retry, attempts: 1 } })).toEqual(expected);
  });

  it('makes a retryable write dead at once when the policy allows a single try', () => {
    expect(decide('transient', { retry: { ...retry, attempts: 1 } })).toEqual(dead);
  });

  it('doubles the backoff with every try and stops growing at the cap', () => {
    const roomy = { ...retry, attempts: 100 };
    const delays = [0, 1, 2, 3, 4, 5].map(
      (attemptsSoFar) => decide('transient', { attemptsSoFar, retry: roomy }).nextAttemptAt,
    );
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000, 5_000, 5_000].map(after));
  });

  it("waits for the server's Retry-After when it is longer than the backoff, never shorter", () => {
    expect(decide('rate_limited', {}, 30_000).nextAttemptAt).toBe(after(30_000));
    expect(decide('rate_limited', {}, 10).nextAttemptAt).toBe(after(1_000));
    expect(decide('rate_limited', { stage: 'ingest' }, 30_000).nextAttemptAt).toBe(after(30_000));
  });

  it('spreads the delay by the jitter fraction either way', () => {
    const jittery = { ...retry, jitter: 0.5 };
    expect(decide('transient', { retry: jittery, random: () => 0 }).nextAttemptAt).toBe(after(500));
    expect(decide('transient', { retry: jittery, random: () => 0.75 }).nextAttemptAt).toBe(after(1_250));
  });

  it('re-checks a parked record no sooner than PARK_RECHECK_MS, later when the backoff is longer', () => {
    const slow = retryPolicySchema.parse({
      attempts: 3,
      initialDelayMs: 40_000,
      multiplier: 2,
      maxDelayMs: 100_000,
      jitter: 0,
    });
    const recheck = (attemptsSoFar: number) => decide('lookup_missing', { attemptsSoFar, retry: slow }).nextAttemptAt;
    expect([0, 1, 2, 3, 9].map(recheck)).toEqual(
      [PARK_RECHECK_MS, PARK_RECHECK_MS, 80_000, 100_000, 100_000].map(after),
    );
    // Parking never uses a try, so a record parked over and over is never dead.
    expect(decide('lookup_missing', { attemptsSoFar: 50, retry: slow }).status).toBe('parked');
  });

  it('makes a write-stage park dead once the record has waited its parkedLimit, never at ingest', () => {
    const limit = 7 * 86_400_000;
    const waiting = (sinceMsAgo: number | null, stage: 'write' | 'ingest' = 'write') =>
      decide('lookup_missing', {
        stage,
        parkedLimitMs: limit,
        parkedSince: sinceMsAgo === null ? null : new Date(NOW.getTime() - sinceMsAgo).toISOString(),
      });
    expect(waiting(null)).toEqual(parked); // not waiting yet: this park starts the clock
    expect(waiting(limit - 1)).toEqual(parked);
    expect(waiting(limit)).toEqual({ status: 'dead', nextAttemptAt: null, countAttempt: false, stopsRun: false });
    expect(waiting(limit * 3).status).toBe('dead');
    expect(waiting(limit * 3, 'ingest')).toEqual(parked);
    // Without a limit (a caller that does not know one) the wait is endless, as before.
    expect(decide('lookup_missing', { parkedSince: new Date(0).toISOString() })).toEqual(parked);
  });

  it('keeps the floor even when jitter pulls a backoff below it', () => {
    const nearFloor = retryPolicySchema.parse({
      attempts: 3,
      initialDelayMs: 61_000,
      multiplier: 1,
      maxDelayMs: 61_000,
      jitter: 0.5,
    });
    expect(decide('lookup_missing', { retry: nearFloor, random: () => 0 }).nextAttemptAt).toBe(after(PARK_RECHECK_MS));
  });
});

describe('decideFailure: time-based budget and outages (issue 9)', () => {
  const day = 86_400_000;
  const unlimited = { ...retry, attempts: Number.POSITIVE_INFINITY };
  const failingFor = (msAgo: number, attemptsSoFar = 4) =>
    decide('transient', {
      attemptsSoFar,
      retry: unlimited,
      retryMaxAgeMs: day,
      firstFailedAt: new Date(NOW.getTime() - msAgo).toISOString(),
    });

  it('retries with backoff until maxAge has passed since the first counted failure, then dead', () => {
    expect(failingFor(day - 1)).toEqual(retried(5_000));
    expect(failingFor(day)).toEqual(dead);
    // Without earlier counted tries the clock starts now, whatever an old firstFailedAt says.
    expect(failingFor(3 * day, 0)).toEqual(retried(1_000));
    // A count limit set by the scheme still applies next to the time limit.
    expect(decide('transient', { attemptsSoFar: 2, retryMaxAgeMs: day })).toEqual(dead);
  });

  it('a failure that only shows the connection was down uses no try and waits for the probe, never dead', () => {
    const connectionDown = { probeAt: new Date(NOW.getTime() + 7_000) };
    const down = (kind: ErrorKind, attemptsSoFar: number) =>
      decide(kind, { attemptsSoFar, retryMaxAgeMs: day, firstFailedAt: new Date(0).toISOString(), connectionDown });
    const waits: FailureDecision = {
      status: 'failed',
      nextAttemptAt: after(7_000),
      countAttempt: false,
      stopsRun: false,
    };
    expect(down('transient', 0)).toEqual(waits);
    expect(down('outcome_unknown', 2)).toEqual(waits);
    expect(down('rate_limited', 7)).toEqual(waits);
    // A probe time already passed: due at once.
    expect(decide('transient', { connectionDown: { probeAt: new Date(NOW.getTime() - 1) } }).nextAttemptAt).toBe(
      after(0),
    );
  });
});
