import type { Scheme } from '../scheme.schema.js';
import { pureBuiltins } from '../mapping/builtins/index.js';
import {
  compileExpression,
  DEFAULT_EXPRESSION_LIMITS,
  type CompiledExpression,
  type ExpressionLimits,
} from '../mapping/expression.js';
import { recordError, withLocation } from '../mapping/mapping-error.js';
import { IntegrationError } from '../../core/errors.js';

export interface FilterResult {
  /** false: the document is dropped (not synced, not recorded). */
  keep: boolean;
  /** The document with failing lines removed (the same object when no line filter is set). */
  document: Record<string, unknown>;
  /** Lines removed by the line filter. */
  droppedLines: number;
}

export interface CompiledFilters {
  /** Whether any filter is configured. */
  readonly active: boolean;
  /** Applies the line filter (to each line), then the document filter (to the result). */
  apply(document: Record<string, unknown>, key?: string): Promise<FilterResult>;
}

/**
 * Compiles `source.filter` (JSONata booleans over lines and the grouped document). A filter that
 * returns anything but true/false/undefined is a record error, because a typo such as
 * `FDocumentStatus` (truthy string) instead of a comparison would otherwise let everything through.
 */
export function compileFilters(scheme: Scheme, limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS): CompiledFilters {
  const filter = scheme.source.filter;
  const linesAs = scheme.source.group?.linesAs ?? 'lines';
  const timezone = scheme.source.cursor?.timezone ?? '+08:00';
  const documentFilter = filter?.document ? compileExpression(filter.document, pureBuiltins, limits) : null;
  const lineFilter = filter?.line && scheme.source.group ? compileExpression(filter.line, pureBuiltins, limits) : null;

  const test = async (
    expression: CompiledExpression,
    input: unknown,
    where: string,
    key?: string,
  ): Promise<boolean> => {
    try {
      const result = await expression.evaluate(input, { valueTables: scheme.valueTables, timezone });
      if (result === undefined || result === null) return false;
      if (typeof result === 'boolean') return result;
      throw recordError(
        'filter.not_boolean',
        `${where} filter must return true or false, got ${JSON.stringify(result)}; write a comparison such as "FQty > 0"`,
      );
    } catch (error) {
      const e = error instanceof IntegrationError ? error : recordError('filter.failed', String(error));
      throw withLocation(e, { field: `source.filter.${where}`, key, stage: 'Filter' });
    }
  };

  return {
    active: Boolean(documentFilter || lineFilter),
    async apply(document, key) {
      let current = document;
      let droppedLines = 0;
      const lines = document[linesAs];
      if (lineFilter && Array.isArray(lines)) {
        const kept: unknown[] = [];
        for (const line of lines) if (await test(lineFilter, line, 'line', key)) kept.push(line);
        droppedLines = lines.length - kept.length;
        if (droppedLines > 0) current = { ...document, [linesAs]: kept };
      }
      const keep = documentFilter ? await test(documentFilter, current, 'document', key) : true;
      return { keep, document: current, droppedLines };
    },
  };
}
