import { z } from 'zod';
import { durationSchema } from '../core/duration.js';
import { schemeRetrySchema } from './scheme-retry.schema.js';
import { paramsSchema } from './scheme-source.schema.js';

/**
 * What to write instead of an unusable mapping value. An empty value (`order_no:`) is null and is
 * almost always a forgotten expression, so null must be asked for explicitly ("null" in quotes).
 */
function mappingValueMessage(input: unknown): string {
  if (input === null || input === undefined)
    return 'No expression (the value is empty): write a JSONata expression, e.g. FBillNo, or "null" in quotes to send null';
  if (typeof input === 'number') return `${String(input)} cannot be sent as JSON; write a finite number`;
  return `A mapping value is one JSONata expression in a string, not ${Array.isArray(input) ? 'a list' : 'a mapping'}; write e.g. "{ 'name': FName }"`;
}

const mappingValueError = { error: (issue: { input: unknown }) => mappingValueMessage(issue.input) };

/** One mapped value: a JSONata expression (string) or a literal number or boolean. */
export const mappingValueSchema = z
  .union([z.string(mappingValueError), z.number(mappingValueError), z.boolean(mappingValueError)])
  .describe(
    'A JSONata expression over the grouped document (strings; write \'text\' for a literal string, "null" for null), or a literal number or boolean.',
  );

export const mappingSchema = z
  .strictObject({
    document: z
      .record(z.string().min(1), mappingValueSchema)
      .refine((d) => Object.keys(d).length > 0, 'Map at least one target field')
      .describe(
        'Target field → expression. Built-ins: $valueTable, $lookup, $targetLookup, $customField, $formatDate, $moneyAdd/Sub/Mul/Round/Sum, $toNumber. A key starting with "..." spreads the object its expression returns into the payload (for custom-field ids as keys). Wrap line mappings in [ ] ("[lines.{ … }]") so a one-line document still gives an array.',
      ),
    key: z.string().min(1).optional().describe('Mapped field holding the target document key. Default: target.key.'),
  })
  .describe('How a grouped source document becomes the target payload.');

export const writeBackSchema = z
  .strictObject({
    connection: z
      .string()
      .min(1)
      .describe('Connection to call after a successful write, usually the source connection.'),
    api: z.string().min(1).describe('Connector write operation, e.g. kingdee Save.'),
    params: paramsSchema.describe(
      'Parameters; strings may use {{source.<field>}}, {{ids.<name>}}, {{payload.<field>}}, {{key}}, {{now}}.',
    ),
  })
  .describe(
    'Optional call back to the source after the target accepted a document (e.g. store the OKKI order id in a Kingdee field).',
  );

export const targetSchema = z
  .strictObject({
    connection: z.string().min(1).describe('Name of a connection in qiao.yaml, e.g. okki.'),
    api: z.string().min(1).describe('Connector write operation, e.g. okki orders.push, kingdee Save.'),
    key: z
      .string()
      .min(1)
      .describe(
        'Target field that identifies the document for idempotent upsert (e.g. order_no); a re-push overwrites.',
      ),
    params: paramsSchema
      .optional()
      .describe('Extra operation parameters (e.g. kingdee FormId); strings may use {{key}} and {{now}}.'),
    ids: z
      .record(z.string().min(1), z.string().min(1))
      .optional()
      .describe(
        'Name → JSONata expression over the target reply; the results are kept in the ledger as the document\'s target ids, e.g. { order_id: "data.order_id" }.',
      ),
    writeBack: writeBackSchema.optional(),
  })
  .describe('Where mapped documents are written.');

export const scheduleSchema = z
  .union(
    [
      z.strictObject({
        cron: z.string().min(1).describe('Five-field cron expression in the server\'s zone, e.g. "*/5 * * * *".'),
      }),
      z.strictObject({ intervalSeconds: z.number().int().min(10).describe('Run every this many seconds (≥ 10).') }),
      z.strictObject({ manual: z.literal(true).describe('Run only when triggered by hand (CLI, API, console).') }),
    ],
    { error: 'Write exactly one of { cron: "*/5 * * * *" }, { intervalSeconds: 300 } or { manual: true }' },
  )
  .describe('When the scheme runs: { cron }, { intervalSeconds } or { manual: true }. Default manual.');

export const settingsSchema = z
  .strictObject({
    schedule: scheduleSchema.default({ manual: true }),
    retry: schemeRetrySchema.prefault({}),
    preconditions: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Scheme ids whose latest run must have succeeded before this scheme runs (e.g. customers and materials before orders).',
      ),
    concurrency: z.number().int().min(1).max(64).default(4).describe('Documents written in parallel. Default 4.'),
    batchSize: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(500)
      .describe('Documents ingested into the ledger per transaction. Default 500.'),
    parkedLimit: durationSchema
      .default('7d')
      .describe(
        'How long a document may wait for a missing lookup (e.g. an order whose customer has not reached the target) before it goes dead and the documents_dead alert fires: 7d, 36h, 90m, 30s. The wait is counted from its first park; an operator retry starts it afresh. Default 7d.',
      ),
  })
  .describe('Scheduling, retries and throughput.');

const cannedIds = z.record(z.string(), z.record(z.string(), z.unknown()));

export const schemeTestSchema = z
  .strictObject({
    name: z.string().min(1).describe('What the test shows.'),
    source: z
      .string()
      .min(1)
      .optional()
      .describe('Fixture file of flat source rows (JSON array or JSON lines), relative to the scheme file.'),
    rows: z
      .array(z.record(z.string(), z.unknown()))
      .optional()
      .describe('Inline flat source rows (instead of `source`).'),
    lookups: z
      .record(z.string(), cannedIds)
      .default({})
      .describe(
        'Canned $lookup answers: scheme id → document key → target ids, e.g. { kingdee-customers-to-okki: { CUST0001: { company_id: 1001 } } }.',
      ),
    customFields: z
      .record(z.string(), z.record(z.string(), z.record(z.string(), z.union([z.string(), z.number()]))))
      .default({})
      .describe('Canned $customField ids: connection → module → display name → field id.'),
    targetLookups: z
      .array(
        z.strictObject({
          connection: z.string(),
          object: z.string(),
          query: z.unknown(),
          field: z.string(),
          value: z.unknown().describe('The answer.'),
        }),
      )
      .default([])
      .describe('Canned $targetLookup answers, matched on connection, object, query and field.'),
    now: z.string().optional().describe('Fixed current time for $now() (ISO 8601). Default 2026-01-01T00:00:00Z.'),
    expect: z
      .string()
      .min(1)
      .optional()
      .describe(
        'File with the expected payloads (JSON array in document order, or one object), relative to the scheme file.',
      ),
    payloads: z
      .array(z.unknown())
      .optional()
      .describe('Inline expected payloads in document order (instead of `expect`).'),
    errors: z
      .array(
        z.strictObject({
          key: z.string(),
          code: z.string().optional(),
          message: z.string().optional().describe('Substring of the error message.'),
        }),
      )
      .default([])
      .describe('Documents expected to fail mapping, with the error code and/or a message substring.'),
  })
  .describe('A golden test run by `qiao test`: source rows → grouped documents → mapped payloads.');

export type MappingSpec = z.infer<typeof mappingSchema>;
export type TargetSpec = z.infer<typeof targetSchema>;
export type SettingsSpec = z.infer<typeof settingsSchema>;
export type SchemeTestCase = z.infer<typeof schemeTestSchema>;
