import { z } from 'zod';
import { connectionSchema } from '../../connectors/registry.js';
import { alertsConfigSchema } from '../alerts/alert-rules.schema.js';
import { storeUrlSchema } from './store-url.schema.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** What an API token may do: viewer reads; operator also runs, retries, skips, enables and moves cursors; admin also edits schemes and settings. */
export const API_ROLES = ['viewer', 'operator', 'admin'] as const;

/** The name the primary token (api.token, QIAO_API_TOKEN or .qiao/api-token) has in the audit log. */
export const PRIMARY_TOKEN_NAME = 'admin';

// The characters of an RFC 6750 bearer token: anything else could never be sent in the header.
const bearerToken = z
  .string()
  .min(16, 'Use at least 16 characters')
  .regex(/^[A-Za-z0-9._~+/-]+=*$/, 'Use only letters, digits and . _ ~ + / - (a bearer token has no spaces or quotes)');

const apiTokenSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z][\w.-]{0,63}$/, 'Use letters, digits, "_", "." and "-", starting with a letter (at most 64)')
    .refine(
      (n) => n !== PRIMARY_TOKEN_NAME,
      `"${PRIMARY_TOKEN_NAME}" is the primary token's name (api.token); pick another`,
    )
    .describe('Who uses the token; it is recorded in the audit log.'),
  token: bearerToken.describe('The secret, from the environment: ${QIAO_TOKEN_CI}.'),
  role: z
    .enum(API_ROLES)
    .describe('viewer (read), operator (run, retry, skip, enable, cursor) or admin (edit schemes).'),
});

const hostName = z
  .string()
  .regex(
    /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9-]{0,62})?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62})?)*)$/,
    'Use a host name or IP address without scheme or port, e.g. qiao.internal or 10.0.0.5',
  );

export const apiSettingsSchema = z
  .strictObject({
    host: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe('Interface the HTTP API and console listen on. Default 127.0.0.1 (local only).'),
    port: z.number().int().min(0).max(65_535).default(8080).describe('TCP port (0 = any free port). Default 8080.'),
    token: bearerToken
      .optional()
      .describe(
        'The primary (admin) API token (secret; e.g. ${QIAO_API_TOKEN}). Unset: QIAO_API_TOKEN, else generated into .qiao/api-token on first start.',
      ),
    tokens: z
      .array(apiTokenSchema)
      .max(100)
      .default([])
      .superRefine((tokens, ctx) => {
        const names = new Set<string>();
        const secrets = new Set<string>();
        tokens.forEach((t, i) => {
          if (names.has(t.name))
            ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `Name "${t.name}" is used twice` });
          if (secrets.has(t.token))
            ctx.addIssue({
              code: 'custom',
              path: [i, 'token'],
              message: 'This token is used twice; give each its own',
            });
          names.add(t.name);
          secrets.add(t.token);
        });
      })
      .describe('More tokens, each with a name and a role: [{ name: ci, token: ${QIAO_TOKEN_CI}, role: operator }].'),
    allowedHosts: z
      .array(hostName)
      .max(100)
      .default([])
      .describe(
        'Host names the API answers to besides localhost, 127.0.0.1, [::1] and the bound host (others get 403: DNS rebinding). Add the names you reach qiao by, e.g. [qiao.internal].',
      ),
    requireToken: z
      .boolean()
      .optional()
      .refine((v) => v !== false, {
        message:
          'The API always requires a token now, on loopback too; remove requireToken (qiao start prints a one-time login link for the console)',
      })
      .describe('Kept for older files: the token is always required; false is refused.'),
  })
  .describe('HTTP API and console.');

/**
 * qiao.yaml: connections (with credentials from environment variables), the store, where schemes
 * live, the API and alerts. Values may use ${VAR} and ${VAR:-default}.
 */
export const qiaoConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Optional JSON Schema reference for editors.'),
    connections: z
      .record(
        z.string().regex(/^[A-Za-z][\w-]*$/, 'Use letters, digits, "_" and "-", starting with a letter'),
        connectionSchema,
      )
      .default({})
      .describe('Named connections schemes refer to, e.g. { kingdee: { type: kingdee, … }, okki: { type: okki, … } }.'),
    store: storeUrlSchema
      .default('sqlite:.qiao/qiao.db')
      .describe(
        'Ledger store: sqlite:<path relative to this file> (default sqlite:.qiao/qiao.db) or postgres://… for several workers.',
      ),
    schemesDir: z
      .string()
      .min(1)
      .default('schemes')
      .describe('Directory of scheme YAML files, relative to this file. Default "schemes".'),
    api: apiSettingsSchema.prefault({}),
    alerts: alertsConfigSchema
      .default([])
      .describe('Alert rules, each with its channels (webhook, DingTalk, WeCom, Feishu robots).'),
    logLevel: z.enum(LOG_LEVELS).default('info').describe('Log level. Default info.'),
  })
  .describe('qiao configuration (qiao.yaml).');

export type QiaoConfig = z.infer<typeof qiaoConfigSchema>;
export type QiaoConfigInput = z.input<typeof qiaoConfigSchema>;
export type { ConnectionConfig } from '../../connectors/registry.js';
