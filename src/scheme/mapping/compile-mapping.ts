import type jsonata from 'jsonata';
import { IntegrationError } from '../../core/errors.js';
import type { Scheme } from '../scheme.schema.js';
import { mappingBuiltins } from './builtins/index.js';
import {
  compileExpression,
  DEFAULT_EXPRESSION_LIMITS,
  type CompiledExpression,
  type ExpressionLimits,
} from './expression.js';
import { withLocation } from './mapping-error.js';
import type { MappingServices } from './mapping-services.js';
import { toPlainJson } from './plain-json.js';

/** Prefix of mapping keys whose expression returns an object to merge into the payload. */
export const SPREAD_PREFIX = '...';

export interface MapOptions {
  /** Document key for error messages; default: read from the document with the scheme's key field. */
  key?: string;
  /**
   * Caches shared by all documents of one run (e.g. $targetLookup answers). Default: one cache
   * per (CompiledMapping, services object) pair, so a fresh services object per run = a fresh cache.
   */
  caches?: Map<string, Map<string, unknown>>;
  /** Called before each field (index into `fields`): the mapping worker tells the main thread where it is. */
  onField?: (index: number) => void;
}

export interface CompiledMapping {
  /** Target fields in mapping order (spread keys included as written). */
  readonly fields: readonly string[];
  /** The mapped field holding the target document key (mapping.key ?? target.key). */
  readonly keyField: string;
  /**
   * Maps one grouped document to the target payload. Fields whose expression yields undefined are
   * left out. Throws IntegrationError: kind `lookup_missing` when only lookups are missing (park
   * and retry), otherwise kind `record`, naming every failed field and the document key.
   */
  map(document: unknown, services: MappingServices, options?: MapOptions): Promise<Record<string, unknown>>;
}

type FieldPlan = { field: string; spread: boolean } & (
  | { constant: unknown }
  | { expression: CompiledExpression; name?: string }
);

/**
 * Compiles `scheme.mapping.document` once; reuse the result for every document of every run.
 * Throws ExpressionSyntaxError for a bad expression (the loader reports those as issues first).
 */
export function compileMapping(scheme: Scheme, limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS): CompiledMapping {
  const plans: FieldPlan[] = Object.entries(scheme.mapping.document).map(([field, value]) => {
    const spread = field.startsWith(SPREAD_PREFIX);
    if (typeof value !== 'string') return { field, spread, constant: value };
    const expression = compileExpression(value, mappingBuiltins, limits);
    return { field, spread, expression, name: plainFieldName(expression) };
  });
  const keySource = scheme.source.group?.key ?? scheme.source.key;
  const timezone = scheme.source.cursor?.timezone ?? '+08:00';
  const runCaches = new WeakMap<MappingServices, Map<string, Map<string, unknown>>>();

  return {
    fields: plans.map((p) => p.field),
    keyField: scheme.mapping.key ?? scheme.target.key,
    async map(document, services, options = {}) {
      const key = options.key ?? documentKey(document, keySource);
      let caches = options.caches ?? runCaches.get(services);
      if (!caches) runCaches.set(services, (caches = new Map()));
      const payload: Record<string, unknown> = {};
      const failures: IntegrationError[] = [];
      for (const [index, plan] of plans.entries()) {
        options.onField?.(index);
        try {
          const raw =
            'constant' in plan
              ? plan.constant
              : plan.name !== undefined && isPlainField(document, plan.name)
                ? (document as Record<string, unknown>)[plan.name]
                : await plan.expression.evaluate(document, {
                    services,
                    valueTables: scheme.valueTables,
                    timezone,
                    caches,
                  });
          const value = toPlainJson(raw);
          if (plan.spread) {
            if (value === undefined) continue;
            if (!value || typeof value !== 'object' || Array.isArray(value)) {
              throw new IntegrationError(
                `a "${SPREAD_PREFIX}" field must return an object to merge, got ${JSON.stringify(value)}`,
                { code: 'mapping.spread_not_object', kind: 'record' },
              );
            }
            Object.assign(payload, value);
          } else if (value !== undefined) {
            payload[plan.field] = value;
          }
        } catch (error) {
          const e =
            error instanceof IntegrationError
              ? error
              : new IntegrationError(String((error as Error)?.message ?? error), {
                  code: 'mapping.expression_failed',
                  kind: 'record',
                  cause: error,
                });
          failures.push(withLocation(e, { field: plan.field, key }));
        }
      }
      if (failures.length === 1) throw failures[0];
      if (failures.length > 1) throw combine(failures, key);
      return payload;
    },
  };
}

/** The field name when the expression is just a field name (`FBillNo`), which needs no JSONata. */
function plainFieldName(expression: CompiledExpression): string | undefined {
  const ast = expression.ast as jsonata.ExprNode & Record<string, unknown>;
  if (
    (ast.type as string) !== 'path' ||
    ast.steps?.length !== 1 ||
    Object.keys(ast).some((k) => k !== 'type' && k !== 'steps')
  )
    return undefined;
  const step = ast.steps[0] as jsonata.ExprNode & Record<string, unknown>;
  if (step.type !== 'name' || Object.keys(step).some((k) => k !== 'type' && k !== 'value' && k !== 'position'))
    return undefined;
  return String(step.value);
}

/**
 * Whether JSONata would give `document[name]` itself for the path `name`: an object document and
 * a value that is not an array (JSONata flattens and unwraps those) nor a function.
 */
function isPlainField(document: unknown, name: string): boolean {
  if (!document || typeof document !== 'object' || Array.isArray(document)) return false;
  const value = (document as Record<string, unknown>)[name];
  return !Array.isArray(value) && typeof value !== 'function';
}

/** The document's key as a string, read from `field` (Kingdee keys may be numbers, e.g. FID). */
export function documentKey(document: unknown, field: string | undefined): string | undefined {
  if (!field || !document || typeof document !== 'object') return undefined;
  const value = (document as Record<string, unknown>)[field];
  return value === undefined || value === null ? undefined : String(value);
}

/**
 * Several fields failed: a record error wins over missing lookups (waiting will not fix it),
 * and the message lists every field so one round of fixes covers them all.
 */
function combine(failures: IntegrationError[], key: string | undefined): IntegrationError {
  // What the document needs next decides the kind: a human (config), a data fix (record),
  // time (an outage), or another document (a missing lookup) — in that order.
  const rank = (f: IntegrationError) =>
    f.kind === 'config' ? 0 : f.kind === 'record' || f.kind === 'internal' ? 1 : f.kind === 'lookup_missing' ? 3 : 2;
  const primary = [...failures].sort((a, b) => rank(a) - rank(b))[0]!;
  const shown = failures.slice(0, 5).map((f) => f.message.replace(/^Mapping /, ''));
  const more = failures.length > shown.length ? `; and ${failures.length - shown.length} more` : '';
  return new IntegrationError(
    `Mapping failed in ${failures.length} fields${key !== undefined ? ` of document ${key}` : ''}: ${shown.join('; ')}${more}`,
    {
      code: primary.code,
      kind: primary.kind,
      details: {
        key,
        errors: failures.map((f) => ({ code: f.code, kind: f.kind, field: f.details.field, message: f.message })),
      },
    },
  );
}
