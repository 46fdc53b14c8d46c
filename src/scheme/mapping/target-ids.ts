import { IntegrationError } from '../../core/errors.js';
import type { Scheme } from '../scheme.schema.js';
import { pureBuiltins } from './builtins/index.js';
import { compileExpression, DEFAULT_EXPRESSION_LIMITS, type ExpressionLimits } from './expression.js';
import { toPlainJson } from './plain-json.js';

export interface CompiledTargetIds {
  /** Whether the scheme declares `target.ids`. */
  readonly active: boolean;
  /**
   * Evaluates `target.ids` over the target's reply, e.g. { order_id: "data.order_id" } →
   * { order_id: 9001 }. Ids the reply does not contain are left out; merge the result over the
   * ids the connector returned.
   */
  extract(reply: unknown): Promise<Record<string, unknown>>;
}

/** Compiles `target.ids` once per scheme. */
export function compileTargetIds(
  scheme: Scheme,
  limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS,
): CompiledTargetIds {
  const entries = Object.entries(scheme.target.ids ?? {}).map(
    ([name, text]) => [name, compileExpression(text, pureBuiltins, limits)] as const,
  );
  return {
    active: entries.length > 0,
    async extract(reply) {
      const ids: Record<string, unknown> = {};
      for (const [name, expression] of entries) {
        try {
          const value = toPlainJson(await expression.evaluate(reply, { valueTables: scheme.valueTables }));
          if (value !== undefined && value !== null) ids[name] = value;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          throw new IntegrationError(`target.ids.${name}: ${message}`, {
            code: 'mapping.target_ids_failed',
            kind: 'record',
            details: { id: name },
            cause: error,
          });
        }
      }
      return ids;
    },
  };
}
