import { z } from 'zod';
import { connectionSchema } from '../../connectors/registry.js';
import { alertsConfigSchema } from '../alerts/alert-rules.schema.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

export const apiSettingsSchema = z
  .strictObject({
    host: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe('Interface the HTTP API and console listen on. Default 127.0.0.1 (local only).'),
    port: z.number().int().min(0).max(65_535).default(8080).describe('TCP port (0 = any free port). Default 8080.'),
    token: z
      .string()
      .min(16, 'Use at least 16 characters')
      .optional()
      .describe(
        'Bearer token required by the API (secret; e.g. ${QIAO_API_TOKEN}). Unset: QIAO_API_TOKEN, else generated into .qiao/api-token on first start.',
      ),
    requireToken: z
      .boolean()
      .optional()
      .describe('Require the token even on 127.0.0.1. Default: required only when bound to another interface.'),
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
    store: z
      .string()
      .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'Use sqlite:<path> or postgres://user:password@host/db')
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
