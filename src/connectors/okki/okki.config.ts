import { z } from 'zod';
import { breakerSettingsSchema } from '../../core/breaker-settings.js';
import { rateLimitSchema } from '../../core/rate-limiter.js';
import { DEFAULT_MAX_REPLY_BYTES } from '../../core/read-capped-body.js';

/** OKKI module scopes a token may carry (the token page names these; tenants may have more). */
export const OKKI_DEFAULT_SCOPES = ['invoices', 'company', 'product', 'user'] as const;

/**
 * One OKKI tenant connection. Every field the reference marks UNCERTAIN is a setting here,
 * so a tenant that behaves differently can be handled without code changes.
 */
export const okkiConnectionSchema = z
  .strictObject({
    type: z.literal('okki').describe('Connector type; always "okki".'),
    baseUrl: z
      .url()
      .default('https://api-sandbox.xiaoman.cn')
      .describe(
        'API root without /v1. The vendor calls https://api-sandbox.xiaoman.cn its production host; there is no real sandbox, pushes create real orders.',
      ),
    clientId: z.string().min(1).describe('client_id from OKKI 企业管理 → 外部对接 → API对接.'),
    clientSecret: z.string().min(1).describe('client_secret shown next to the client_id. Secret: never logged.'),
    scopes: z
      .array(z.string().regex(/^[A-Za-z]+$/, 'a scope is one word such as "invoices"'))
      .min(1)
      .default([...OKKI_DEFAULT_SCOPES])
      .describe(
        'Module scopes requested with the token (sent space-separated). A call outside them fails with "no permission <module> scopes".',
      ),
    timeoutMs: z
      .number()
      .int()
      .positive()
      .default(30_000)
      .describe(
        'Per-call timeout including reading the reply (milliseconds). A push that times out is reported as outcome_unknown.',
      ),
    maxReplyBytes: z
      .number()
      .int()
      .min(1024)
      .default(DEFAULT_MAX_REPLY_BYTES)
      .describe(
        'Largest reply body read from this connection (bytes). A bigger reply is cut off while it streams in and the call fails naming this setting (a push whose reply is cut off is outcome_unknown). Default 67108864 (64 MiB).',
      ),
    tokenRefreshMarginSeconds: z
      .number()
      .int()
      .min(0)
      .default(300)
      .describe('Fetch a new token this many seconds before the cached one expires (seconds).'),
    defaultTokenTtlSeconds: z
      .number()
      .int()
      .positive()
      .default(28_800)
      .describe(
        'Token lifetime assumed when the token reply omits expires_in (seconds; the documented lifetime is 8 h).',
      ),
    tokenRequestEncoding: z
      .enum(['json', 'form'])
      .default('json')
      .describe(
        'Body encoding of POST /v1/oauth2/access_token. The docs say form, live clients send JSON; both are accepted by the vendor.',
      ),
    authHeaderScheme: z
      .enum(['bearer', 'bare'])
      .default('bearer')
      .describe(
        '"bearer": Authorization: Bearer <token> (what live clients send); "bare": the token alone (the docs example).',
      ),
    rateLimit: rateLimitSchema
      .default({ ratePerSecond: 10, concurrency: 5 })
      .describe(
        'Calls per second and calls in flight for this connection. OKKI publishes no quota; live clients use 5 in parallel.',
      ),
    breaker: breakerSettingsSchema
      .prefault({})
      .describe(breakerSettingsSchema.description ?? 'Circuit breaker of this connection.'),
    retryOn429: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(3)
      .describe('How many times one call is retried inside the client after HTTP 429 before it fails as rate_limited.'),
    defaultRetryAfterMs: z
      .number()
      .int()
      .min(0)
      .default(1_000)
      .describe('Wait after a 429 without a Retry-After header (milliseconds).'),
    maxRetryAfterMs: z
      .number()
      .int()
      .min(0)
      .default(60_000)
      .describe(
        'A 429 asking to wait longer than this is not retried inside the client; it surfaces as rate_limited with retryAfterMs (milliseconds).',
      ),
    pageSize: z
      .number()
      .int()
      .min(1)
      .max(500)
      .default(100)
      .describe('Rows per page for list calls (count); OKKI accepts up to 500 on order and company lists.'),
    successCodes: z
      .array(z.number().int())
      .default([200, 0])
      .describe('Envelope `code` values meaning success. Live replies use 200; some doc pages show 0.'),
    serverErrorOnWrite: z
      .enum(['transient', 'outcome_unknown'])
      .default('outcome_unknown')
      .describe(
        'How HTTP 500/502/503 on a push is classified. "outcome_unknown" (default): the push may have been saved, so the runtime reads the record back before repeating it. "transient" repeats it blindly; only for a gateway known to fail before OKKI saves anything (504 and timeouts are always outcome_unknown).',
      ),
    timeZoneOffsetMinutes: z
      .number()
      .int()
      .min(-720)
      .max(840)
      .default(480)
      .describe(
        'Offset from UTC of the tenant clock used to format Date filters as YYYY-MM-DD HH:mm:ss (minutes; China time is 480).',
      ),
  })
  .describe('Connection to one Xiaoman OKKI CRM tenant (OAuth client_credentials).');

/** Parsed connection settings, every default applied. */
export type OkkiConnectionConfig = z.infer<typeof okkiConnectionSchema>;
/** What a user writes in qiao.yaml: defaults may be omitted. */
export type OkkiConnectionInput = z.input<typeof okkiConnectionSchema>;
