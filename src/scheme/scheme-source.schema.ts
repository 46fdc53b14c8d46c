import { z } from 'zod';

/** Connector parameters: any JSON; strings may contain `{{…}}` templates. */
export const paramsSchema = z.record(z.string(), z.unknown());

export const cursorSchema = z
  .strictObject({
    fields: z
      .array(z.string().min(1))
      .min(1)
      .describe(
        "Source fields holding modification times; a document's version is the latest of them across its rows, e.g. [FModifyDate, FApproveDate, FChangeDate].",
      ),
    start: z
      .string()
      .min(1)
      .describe(
        'Where the very first run starts reading (source wall-clock time, e.g. "2026-01-01T00:00:00"); the seed\'s 传递时间.',
      ),
    overlapSeconds: z
      .number()
      .int()
      .min(0)
      .max(86_400)
      .default(300)
      .describe('Re-read this much before the last cursor so late commits are not missed (seconds). Default 300.'),
    format: z
      .string()
      .min(1)
      .default('yyyy-MM-ddTHH:mm:ss')
      .describe(
        'How {{window.from}}, {{window.to}}, {{lastSyncTime}} and {{now}} are rendered into params. Tokens: yyyy MM dd HH mm ss SSS Z X x; quote literal text with \'…\'. Default "yyyy-MM-ddTHH:mm:ss".',
      ),
    timezone: z
      .string()
      .regex(/^(?:Z|UTC|[+-]\d{2}:?\d{2})$/, 'Use an offset such as "+08:00" or "Z"')
      .default('+08:00')
      .describe('Wall-clock offset of the source\'s timestamps (Kingdee stores Beijing local time). Default "+08:00".'),
  })
  .describe('Incremental read window: each run reads documents changed since the last cursor (minus the overlap).');

export const groupSchema = z
  .strictObject({
    key: z
      .string()
      .min(1)
      .describe('Header field whose value identifies a document; also its key in the ledger, e.g. FBillNo.'),
    lineKey: z
      .string()
      .min(1)
      .describe(
        'Field identifying a line within the document, e.g. FSaleOrderEntry_FEntryID; repeated line keys keep the last row.',
      ),
    lineFields: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Fields that belong to lines (the line key is always included); all other fields are header fields taken from the first row.',
      ),
    linesAs: z
      .string()
      .min(1)
      .default('lines')
      .describe('Property name of the lines array in the grouped document. Default "lines".'),
    sorted: z
      .boolean()
      .default(true)
      .describe(
        'Rows arrive sorted by the key (OrderString on the key), so documents stream in constant memory. false: all rows are buffered and merged (small sources only). Default true.',
      ),
  })
  .describe(
    'How flat rows (one per entry line, as ExecuteBillQuery returns them) become documents with a lines array. Omit for one row = one document.',
  );

export const filterSchema = z
  .strictObject({
    document: z
      .string()
      .min(1)
      .optional()
      .describe(
        'JSONata boolean expression over the grouped document; false drops the document, e.g. "FDocumentStatus = \'C\'".',
      ),
    line: z
      .string()
      .min(1)
      .optional()
      .describe(
        'JSONata boolean expression over each line; false drops the line, e.g. "$number(FQty) > 0". Applied before the document filter.',
      ),
  })
  .describe('Filters applied after reading and grouping, before mapping.');

export const sourceSchema = z
  .strictObject({
    connection: z.string().min(1).describe('Name of a connection in qiao.yaml, e.g. kingdee.'),
    api: z
      .string()
      .min(1)
      .describe(
        'Connector read operation: kingdee ExecuteBillQuery | BillQuery; okki orders.list | companies.list | products.list …',
      ),
    params: paramsSchema
      .default({})
      .describe(
        'Operation parameters (FormId, FieldKeys, FilterString, OrderString…). Strings may use {{window.from}}, {{window.to}}, {{lastSyncTime}}, {{now}}. Never secrets.',
      ),
    key: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Field identifying a document when there is no `group` (one row = one document). Required without `group`.',
      ),
    cursor: cursorSchema.optional(),
    group: groupSchema.optional(),
    filter: filterSchema.optional(),
  })
  .describe('Where documents come from.');

export type CursorSpec = z.infer<typeof cursorSchema>;
export type GroupConfig = z.infer<typeof groupSchema>;
export type FilterConfig = z.infer<typeof filterSchema>;
export type SourceSpec = z.infer<typeof sourceSchema>;
