import { setTimeout as sleep } from 'node:timers/promises';
import { IntegrationError } from '../../../core/errors.js';
import type { Logger } from '../../../core/logger.js';
import { computeDelay } from '../../../core/retry.js';
import { describeDuration } from '../../../core/duration.js';

/**
 * How a page read that fails transiently (network, 5xx from a proxy, truncated reply, MsgCode 13/14)
 * is asked again: with growing waits for as long as `budgetMs` from its first failure. A time
 * budget, not a number of tries: a 10-minute server restart must not fail a 200,000-row read that
 * a handful of quick tries would have spent in seconds.
 */
export interface PageRetry {
  budgetMs: number;
  initialDelayMs: number;
  multiplier: number;
  maxDelayMs: number;
  /** Fraction of each wait randomised either way. */
  jitter: number;
}

export interface PageRetryDeps {
  /** Clock in epoch milliseconds; default Date.now. */
  now?: () => number;
  /** Waits between tries; default a timer that the signal cancels. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  logger?: Logger;
}

/** What the read was doing, for logs and the final error. */
export interface PageFacts {
  formId: string;
  startRow: number;
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> => sleep(ms, undefined, { signal });

/**
 * Runs one page read, repeating it (the same StartRow: the rows before it are already read and
 * yielded) while it fails with a retryable error and the next wait still fits in the budget.
 * Without `retry` the first failure is final. Out of budget: the last error, as an
 * IntegrationError of the same kind saying how long and how often the page was tried.
 */
export async function retryPage<T>(
  task: () => Promise<T>,
  retry: PageRetry | undefined,
  facts: PageFacts,
  deps: PageRetryDeps = {},
  signal?: AbortSignal,
): Promise<T> {
  const now = deps.now ?? Date.now;
  const wait = deps.sleep ?? defaultSleep;
  let started: number | null = null;
  for (let tries = 1; ; tries++) {
    try {
      return await task();
    } catch (error) {
      const retryable =
        error instanceof IntegrationError && (error.kind === 'transient' || error.kind === 'rate_limited');
      if (!retry || !retryable) throw error;
      started ??= now();
      const delay = computeDelay(tries, { ...retry, attempts: tries + 1 }, error.retryAfterMs, deps.random);
      const elapsed = now() - started;
      if (elapsed + delay > retry.budgetMs) throw budgetSpent(error, retry, facts, tries, elapsed);
      deps.logger?.warn?.(
        { ...facts, code: error.code, tries, delayMs: delay, elapsedMs: elapsed, budgetMs: retry.budgetMs },
        'Kingdee page read failed; retrying the same page',
      );
      await wait(delay, signal);
    }
  }
}

function budgetSpent(
  last: IntegrationError,
  retry: PageRetry,
  facts: PageFacts,
  tries: number,
  elapsedMs: number,
): IntegrationError {
  return new IntegrationError(
    `Kingdee ${facts.formId} page at row ${facts.startRow} still fails after ${tries} tries over ${describeDuration(elapsedMs)} (readRetry.budgetMs ${retry.budgetMs}): ${last.message}. The run stops here and the next run reads this window again; if Kingdee is often down this long, raise readRetry.budgetMs of the connection in qiao.yaml.`,
    {
      code: 'kingdee.page_retry_exhausted',
      kind: last.kind,
      retryAfterMs: last.retryAfterMs,
      details: { ...last.details, lastCode: last.code, ...facts, tries, elapsedMs, budgetMs: retry.budgetMs },
      cause: last,
    },
  );
}
