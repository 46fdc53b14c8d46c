import { z } from 'zod';

/** The one retry/backoff shape, embedded in schemes and connection settings. */
export const retryPolicySchema = z
  .strictObject({
    attempts: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(5)
      .describe("Total tries per document, the first included (the seed's 重试次数)."),
    initialDelayMs: z.number().int().min(0).default(1_000).describe('Delay before the second try (milliseconds).'),
    multiplier: z.number().min(1).max(10).default(2).describe('Each further delay is the previous one times this.'),
    maxDelayMs: z.number().int().min(0).default(300_000).describe('Upper bound on any single delay (milliseconds).'),
    jitter: z
      .number()
      .min(0)
      .max(1)
      .default(0.2)
      .describe('Fraction of the delay randomised either way, so retries of many records spread out.'),
  })
  .describe('Retry policy: exponential backoff with jitter and a cap.');

export type RetryPolicy = z.infer<typeof retryPolicySchema>;

export const defaultRetryPolicy: RetryPolicy = retryPolicySchema.parse({});

/**
 * Delay before try number `attempt + 1` after `attempt` failed tries (attempt ≥ 1), in milliseconds.
 * A server-provided wait (Retry-After, vendor throttling hint) wins when it is longer.
 */
export function computeDelay(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const exponential = policy.initialDelayMs * policy.multiplier ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const spread = capped * policy.jitter * (random() * 2 - 1);
  const delay = Math.max(0, Math.round(capped + spread));
  return retryAfterMs !== undefined ? Math.max(delay, retryAfterMs) : delay;
}
