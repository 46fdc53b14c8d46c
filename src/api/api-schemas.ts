import { z } from 'zod';
import { RECORD_STATUSES, RUN_STATUSES } from '../ledger/ledger.js';

/**
 * Request (and, for the OpenAPI document, response) schemas of the HTTP API. Request schemas
 * are what the routes validate with; response schemas describe the contract in
 * contract.ts (the types the console imports) for other clients.
 */

const recordStatus = z.enum(RECORD_STATUSES);
const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const isoTime = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'Expected an ISO-8601 time, e.g. 2026-11-28T16:39:50Z' });
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

export const schemeYamlBody = z.object({ yaml: z.string().min(1, 'The scheme YAML is empty') }).strict();
export const cursorBody = z.object({ value: z.string().nullable() }).strict();
export const schemeRetryBody = z
  .object({
    statuses: z
      .array(z.enum(['failed', 'dead', 'parked']))
      .min(1, 'Name at least one status: failed, dead or parked')
      .default(['failed']),
  })
  .strict();
export const skipBody = z
  .object({ reason: z.string().trim().min(1, 'Say why the record is skipped').max(500) })
  .strict();
export const previewBody = z
  .object({
    schemeId: z.string().min(1),
    yaml: z.string().optional(),
    sourceDocument: z.unknown().optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .strict();

export const runQuery = z.object({ wait: flag(true) });
export const recordRetryQuery = z.object({ now: flag(true) });
export const runsQuery = z.object({
  schemeId: z.string().min(1).optional(),
  limit: int(1, 500, 50),
  offset: int(0, 1_000_000, 0),
});
export const recordsQuery = z.object({
  schemeId: z.string().min(1).optional(),
  status: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(z.array(recordStatus).min(1))
    .optional(),
  key: z.string().min(1).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  limit: int(1, 500, 50),
  offset: int(0, 1_000_000, 0),
});
export const timeseriesQuery = z.object({
  schemeId: z.string().min(1).optional(),
  hours: int(1, 24 * 31, 24),
  bucketMinutes: int(1, 24 * 60, 60),
});

const serializedError = z.object({
  name: z.string(),
  code: z.string(),
  kind: z.enum(['transient', 'rate_limited', 'config', 'record', 'lookup_missing', 'outcome_unknown', 'internal']),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
  retryAfterMs: z.number().optional(),
});

export const runRecordSchema = z.object({
  id: z.string(),
  schemeId: z.string(),
  trigger: z.enum(['schedule', 'manual', 'cli', 'api', 'retry']),
  status: z.enum(RUN_STATUSES),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  counts: z.object({
    read: z.number(),
    documents: z.number(),
    pushed: z.number(),
    skipped: z.number(),
    failed: z.number(),
    retried: z.number(),
  }),
  cursorFrom: z.string().nullable(),
  cursorTo: z.string().nullable(),
  error: serializedError.nullable(),
});

export const schemeSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  file: z.string(),
  source: z.object({ connection: z.string().nullable(), api: z.string().nullable() }),
  target: z.object({ connection: z.string().nullable(), api: z.string().nullable() }),
  schedule: z.string().nullable().describe('settings.schedule as text: "cron */5 * * * *", "every 60 s" or "manual"'),
  running: z.boolean(),
  lastRun: runRecordSchema.nullable(),
  nextRunAt: z.string().nullable(),
  counts: z.record(recordStatus, z.number()),
  successRate: z
    .number()
    .nullable()
    .describe('Last 24 h: succeeded / (succeeded + failed + dead), by record update time'),
  backlog: z.number().describe('pending + failed + parked'),
});

export const recordSummarySchema = z.object({
  schemeId: z.string(),
  key: z.string(),
  status: recordStatus,
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastError: serializedError.nullable(),
  updatedAt: z.string(),
  succeededAt: z.string().nullable(),
  targetIds: z.record(z.string(), z.unknown()).nullable(),
  park: z
    .object({
      since: z.string().describe('When the current wait on a missing lookup began'),
      ageMs: z.number().describe('How long it has waited (milliseconds)'),
      count: z.number().int().describe('Parks in this wait: re-checks that still found the lookup missing'),
      waitingFor: z
        .object({ scheme: z.string(), key: z.string() })
        .nullable()
        .describe('The missing lookup: the scheme that has not synced the key yet'),
    })
    .nullable()
    .describe(
      'Set while the document waits on a missing lookup, and on a document dead after waiting settings.parkedLimit',
    ),
});

export const issueSchema = z.object({
  path: z.string(),
  line: z.number().optional(),
  column: z.number().optional(),
  message: z.string(),
});
export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), issues: z.array(issueSchema).optional() }),
});

export const loginBody = z.union([
  z.object({ code: z.string().min(1).max(200) }).strict(),
  z.object({ token: z.string().min(1).max(500) }).strict(),
]);
export const auditQuery = z.object({
  actor: z.string().min(1).max(64).optional(),
  since: isoTime.optional(),
  limit: int(1, 500, 100),
  offset: int(0, 1_000_000, 0),
});
export const sessionSchema = z.object({
  name: z.string(),
  role: z.enum(['viewer', 'operator', 'admin']),
  via: z.enum(['token', 'session']).optional(),
});
export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  role: z.string().nullable(),
  method: z.string(),
  path: z.string(),
  status: z.number(),
  remote: z.string().nullable(),
  details: z.unknown(),
});
