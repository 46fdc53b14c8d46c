import { z } from 'zod';
import { sourceSchema } from './scheme-source.schema.js';
import { mappingSchema, schemeTestSchema, settingsSchema, targetSchema } from './scheme-target.schema.js';

export * from './scheme-source.schema.js';
export * from './scheme-target.schema.js';

/** The scheme file format version this build of qiao writes and reads natively. */
export const CURRENT_SCHEME_VERSION = 1;

/** kebab-case: lower-case letters and digits in dash-separated words. */
export const SCHEME_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * An integration scheme (集成方案): one source operation → group → filter → map → one target
 * operation, as a YAML file. This zod schema is the single source of the TypeScript types,
 * runtime validation and `schemas/scheme.schema.json` (regenerate with `npm run gen:schema`).
 * Cross-field rules (JSONata syntax, templates, connections, keys) live in scheme-checks.ts.
 */
export const schemeSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Optional JSON Schema reference for editors.'),
    version: z
      .literal(CURRENT_SCHEME_VERSION)
      .describe('Scheme file format version; older files are migrated when loaded.'),
    id: z
      .string()
      .regex(
        SCHEME_ID_PATTERN,
        'Use kebab-case: lower-case letters, digits and dashes, e.g. kingdee-sales-orders-to-okki',
      )
      .max(100)
      .describe('Unique, stable id (kebab-case); the ledger and lookups from other schemes refer to it.'),
    name: z.string().min(1).describe('Human-readable name, e.g. 金蝶销售订单(审核后变更)对接小满销售订单(覆盖).'),
    description: z.string().optional().describe('What the scheme does and why.'),
    enabled: z.boolean().default(true).describe('Whether the scheduler runs it. Default true.'),
    source: sourceSchema,
    valueTables: z
      .record(z.string().min(1), z.record(z.string(), z.unknown()))
      .default({})
      .describe(
        'Code translation tables used as $valueTable(name, code[, default]); values may be objects, e.g. { currency: { PRE001: CNY } }.',
      ),
    mapping: mappingSchema,
    target: targetSchema,
    settings: settingsSchema.prefault({}),
    tests: z.array(schemeTestSchema).default([]).describe('Golden tests run by `qiao test <scheme>`.'),
  })
  .describe('A qiao integration scheme (集成方案).');

/** A validated scheme with defaults applied. */
export type Scheme = z.infer<typeof schemeSchema>;
/** A scheme as written in YAML (defaults optional). */
export type SchemeInput = z.input<typeof schemeSchema>;
