import { z } from 'zod';

/** The circuit breaker of one connection: when it opens, how it probes, how long a run waits for it. */
export const breakerSettingsSchema = z
  .strictObject({
    failureStreak: z
      .number()
      .int()
      .min(1)
      .max(1_000)
      .default(5)
      .describe(
        'Consecutive HTTP 5xx / 429 / timeouts that open the breaker. A refused connection or a DNS failure opens it at once. Default 5.',
      ),
    probeAfterMs: z
      .number()
      .int()
      .min(1)
      .default(5_000)
      .describe(
        'How long the breaker stays open before one call probes the service (milliseconds); doubles after each failed probe. Default 5000.',
      ),
    maxProbeAfterMs: z
      .number()
      .int()
      .min(1)
      .default(60_000)
      .describe('Longest wait between two probes (milliseconds). Default 60000.'),
    waitInRunMs: z
      .number()
      .int()
      .min(0)
      .default(60_000)
      .describe(
        'How long a run keeps probing an open breaker before it ends with status target_unavailable (milliseconds). Its documents wait, without using up tries; the next run probes again. Default 60000.',
      ),
  })
  .describe(
    'Circuit breaker of this connection: while the service is down, qiao stops writing to it instead of failing every document.',
  );

export type BreakerSettings = z.infer<typeof breakerSettingsSchema>;

export const defaultBreakerSettings: BreakerSettings = breakerSettingsSchema.parse({});
