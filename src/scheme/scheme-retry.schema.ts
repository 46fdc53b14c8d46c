import { z } from 'zod';
import { durationSchema } from '../core/duration.js';
import { retryPolicySchema } from '../core/retry.js';

/**
 * A scheme's `settings.retry`: the backoff of core/retry.ts, limited by time instead of a handful
 * of quick tries. A document that keeps failing with errors worth retrying is retried with
 * exponential backoff (up to maxDelayMs, across runs) until `maxAge` has passed since its first
 * failed try, then it is dead. Tries refused because the target was down are not counted.
 */
export const schemeRetrySchema = retryPolicySchema
  .extend({
    maxAge: durationSchema
      .default('24h')
      .describe(
        'How long a document may keep failing before it goes dead and the documents_dead alert fires, counted from its first failed try: 24h, 90m, 2d. A changed document or a retry by hand starts it afresh. Default 24h.',
      ),
    attempts: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .describe(
        'Optionally also stop after this many counted tries (the first included). Unset (the default): only maxAge limits retries. Tries that failed only because the target was down are not counted.',
      ),
  })
  .describe(
    'Retries of a failed document: exponential backoff with jitter, limited by maxAge (and attempts when set).',
  );

export type SchemeRetry = z.infer<typeof schemeRetrySchema>;
