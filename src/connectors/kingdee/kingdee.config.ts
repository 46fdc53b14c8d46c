import { z } from 'zod';
import { breakerSettingsSchema } from '../../core/breaker-settings.js';
import { rateLimitSchema } from '../../core/rate-limiter.js';
import { DEFAULT_MAX_REPLY_BYTES } from '../../core/read-capped-body.js';

const username = z
  .string()
  .min(1)
  .describe('Kingdee user name the integration acts as (a licensed, non-administrator user).');

const passwordAuth = z
  .strictObject({
    method: z.literal('password').describe('AuthService.ValidateUser: account + password session login.'),
    username,
    password: z.string().min(1).describe('Password of the user (secret).'),
  })
  .describe('Session login with user name and password (ValidateUser).');

const appId = z.string().min(1).describe('App id from 第三方系统登录授权, the full "<clientId>_<secretPart>" string.');
const appSecret = z.string().min(1).describe('App secret from 第三方系统登录授权 (secret).');

const appSecretAuth = z
  .strictObject({
    method: z.literal('appSecret').describe('AuthService.LoginByAppSecret session login.'),
    username,
    appId,
    appSecret,
  })
  .describe('Session login with a third-party app id and secret (LoginByAppSecret).');

const signAuth = z
  .strictObject({
    method: z.literal('sign').describe('AuthService.LoginBySign session login (SHA-256 sign, seconds timestamp).'),
    username,
    appId,
    appSecret,
  })
  .describe('Session login with a signed timestamp (LoginBySign); the secret never travels.');

const signatureAuth = z
  .strictObject({
    method: z
      .literal('signature')
      .describe('Login-less mode of the official 8.x SDKs: X-Api-*/X-Kd-* headers on every request.'),
    username,
    appId,
    appSecret,
    orgNum: z
      .union([z.string(), z.number()])
      .default('0')
      .describe('Organisation number put into X-Kd-Appdata. Default "0" (the SDK default).'),
    xorKey: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Override of the SDK XOR key used to derive the gateway client secret (config x-kdapi-secpwd). Default: the SDK built-in.',
      ),
  })
  .describe('Per-request signature headers, no explicit login (official 8.x SDK behaviour).');

/** How the client authenticates; `method` picks the variant. */
export const kingdeeAuthSchema = z
  .discriminatedUnion('method', [passwordAuth, appSecretAuth, signAuth, signatureAuth])
  .describe('Authentication: password | appSecret | sign | signature.');

/** How a failed page read is asked again (kingdee-page-retry.ts); the waits double, with 20 % jitter. */
export const kingdeeReadRetrySchema = z
  .strictObject({
    budgetMs: z
      .number()
      .int()
      .min(0)
      .default(600_000)
      .describe(
        'How long one page may keep failing transiently (network, proxy 5xx, truncated reply, MsgCode 13/14) before the run gives up (milliseconds, from its first failure). The same page is asked again; rows already read stay read. 0 = no retry. Default 600000 (10 min).',
      ),
    initialDelayMs: z
      .number()
      .int()
      .min(1)
      .default(500)
      .describe('Wait before the second try of a page (milliseconds); it doubles with every try. Default 500.'),
    maxDelayMs: z
      .number()
      .int()
      .min(1)
      .default(30_000)
      .describe('Longest wait between two tries of a page (milliseconds). Default 30000.'),
  })
  .describe('Retries of ExecuteBillQuery/BillQuery pages that fail transiently while a scheme reads.');

/** One Kingdee K/3Cloud connection in qiao.yaml. */
export const kingdeeConnectionSchema = z
  .strictObject({
    type: z.literal('kingdee').describe('Connector type.'),
    baseUrl: z
      .url()
      .describe(
        'Base URL of the WebAPI, e.g. http://erp.example.com/k3cloud/ (services are POSTed to {baseUrl}{Service}.common.kdsvc).',
      ),
    acctId: z.string().min(1).describe('Data-centre id (账套 ID, DBid); list them with GetDataCenterList.'),
    lcid: z
      .number()
      .int()
      .positive()
      .default(2052)
      .describe('Locale id: 2052 zh-CN (default), 1033 en-US, 3076 zh-TW.'),
    auth: kingdeeAuthSchema,
    timeoutMs: z
      .number()
      .int()
      .positive()
      .default(30_000)
      .describe('Timeout of one HTTP call including reading the reply (milliseconds). Default 30000.'),
    pageSize: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(2_000)
      .describe(
        'Rows per ExecuteBillQuery page (Limit), at most 10000. Default 2000, which older servers also accept.',
      ),
    confirmPageEnd: z
      .boolean()
      .default(false)
      .describe(
        'Read until an empty page instead of stopping at the first short one: one extra call per query, but safe on servers that silently cap Limit below pageSize (what they do is UNCERTAIN). Default false.',
      ),
    rateLimit: rateLimitSchema
      .optional()
      .describe(
        'Calls per second / in flight for this connection. Kingdee serves one session serially; 3–5 concurrent calls is the usual advice.',
      ),
    maxReplyBytes: z
      .number()
      .int()
      .min(1024)
      .default(DEFAULT_MAX_REPLY_BYTES)
      .describe(
        'Largest reply body read from this connection (bytes). A bigger reply is cut off while it streams in and the call fails naming this setting. Default 67108864 (64 MiB); a 2000-row page is usually under 2 MiB, so lower pageSize before raising this.',
      ),
    breaker: breakerSettingsSchema
      .prefault({})
      .describe(breakerSettingsSchema.description ?? 'Circuit breaker of this connection.'),
    readRetry: kingdeeReadRetrySchema
      .prefault({})
      .describe('Retries of ExecuteBillQuery/BillQuery pages that fail transiently while a scheme reads.'),
  })
  .describe('Kingdee Cloud Galaxy (金蝶云星空) WebAPI connection.');

export type KingdeeAuthConfig = z.infer<typeof kingdeeAuthSchema>;
/** A validated connection (defaults applied). */
export type KingdeeConnectionConfig = z.infer<typeof kingdeeConnectionSchema>;
/** A connection as written by hand (defaults optional). */
export type KingdeeConnectionInput = z.input<typeof kingdeeConnectionSchema>;

/** The secret strings of a connection, for redaction of logs and errors. */
export function kingdeeSecrets(config: KingdeeConnectionInput): string[] {
  const auth = config.auth;
  if (auth.method === 'password') return [auth.password];
  return [auth.appSecret];
}
