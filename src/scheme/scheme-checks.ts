import { Cron } from 'croner';
import { BUILTIN_NAMES, mappingBuiltins, pureBuiltins } from './mapping/builtins/index.js';
import { unknownFunctionCalls } from './mapping/unknown-functions.js';
import { closest } from './schema-keys.js';
import { compileExpression, ExpressionSyntaxError, findCalls, type CompiledExpression } from './mapping/expression.js';
import type { Scheme } from './scheme.schema.js';
import { apiIssues, type ConnectorOperations, type KnownConnections } from './scheme-api-checks.js';
import {
  collectStrings,
  collectTemplateUses,
  isAllowedVariable,
  SOURCE_TEMPLATE_VARIABLES,
  TARGET_TEMPLATE_VARIABLES,
  templateSyntaxErrors,
  WRITE_BACK_TEMPLATE_PREFIXES,
  WRITE_BACK_TEMPLATE_VARIABLES,
} from './template.js';
import { hasDateTokens, parseTimestamp } from './timestamp.js';

/** A problem found after the structure validated, located by path (the loader adds line/column). */
export interface RawIssue {
  path: Array<string | number>;
  /** Path shown in the message when it differs from where the issue points (unknown keys name their parent). */
  displayPath?: Array<string | number>;
  message: string;
  /** Point at the key of the last path element instead of its value. */
  at?: 'key' | 'value';
  /** For an unknown key: the known key it most likely misspells. */
  suggestion?: string;
  /** A required field is absent. */
  missing?: boolean;
  /** Character offset inside the scalar at `path` (JSONata error position). */
  offset?: number;
}

export type { ConnectorOperations, KnownConnection, KnownConnections } from './scheme-api-checks.js';

/** Param keys that look like credentials; secrets belong in qiao.yaml / environment variables. */
const SECRET_KEY =
  /(pass(word)?|secret|token|signature|session_?id|authorization|cookie|app_?sec|api_?key|access_?key|private_?key)/i;

/**
 * Cross-field and semantic rules the zod schema cannot express: JSONata syntax (compiled now, so
 * a typo fails validation instead of the first run), `{{…}}` variables, secrets in params, known
 * connections, keys, value tables, cron syntax and cursor settings.
 */
export function checkScheme(
  scheme: Scheme,
  connections?: KnownConnections,
  operations?: ConnectorOperations,
): RawIssue[] {
  const issues: RawIssue[] = [];
  const compile = (
    text: string,
    path: Array<string | number>,
    builtins = mappingBuiltins,
  ): CompiledExpression | null => {
    try {
      const compiled = compileExpression(text, builtins);
      const names = builtins.map((b) => b.name);
      for (const call of unknownFunctionCalls(compiled.ast, names)) {
        const suggestion = closest(call.name, [...names, ...BUILTIN_NAMES]);
        const why = BUILTIN_NAMES.includes(call.name)
          ? ' (lookups and custom fields are only available in mapping.document)'
          : suggestion
            ? ` (did you mean $${suggestion}?)`
            : '';
        issues.push({
          path,
          message: `Unknown function $${call.name}${why}`,
          offset: Math.max(0, (call.position ?? 1) - call.name.length - 1),
        });
      }
      return compiled;
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError)) throw error;
      issues.push({
        path,
        message: `Invalid JSONata expression: ${error.message} (at character ${error.position})`,
        offset: Math.max(0, error.position - 1),
      });
      return null;
    }
  };

  const { source, target, mapping } = scheme;
  if (!source.group && !source.key)
    issues.push({ path: ['source'], message: 'Set source.key (the field identifying a document) or source.group' });
  if (source.group?.lineFields.includes(source.group.key)) {
    issues.push({
      path: ['source', 'group', 'lineFields'],
      message: `The document key "${source.group.key}" cannot also be a line field`,
    });
  }
  if (source.filter?.line && !source.group)
    issues.push({
      path: ['source', 'filter', 'line'],
      message: 'A line filter needs source.group (there are no lines without grouping)',
    });

  // Expressions.
  const expressions: CompiledExpression[] = [];
  for (const [field, value] of Object.entries(mapping.document)) {
    if (typeof value !== 'string') continue;
    const compiled = compile(value, ['mapping', 'document', field]);
    if (compiled) expressions.push(compiled);
  }
  for (const kind of ['document', 'line'] as const) {
    const text = source.filter?.[kind];
    if (text) {
      const compiled = compile(text, ['source', 'filter', kind], pureBuiltins);
      if (compiled) expressions.push(compiled);
    }
  }
  for (const [name, text] of Object.entries(target.ids ?? {})) compile(text, ['target', 'ids', name], pureBuiltins);
  for (const expression of expressions) {
    for (const call of findCalls(expression.ast, 'valueTable')) {
      const table = call.args[0];
      if (table !== undefined && !Object.hasOwn(scheme.valueTables, table)) {
        issues.push({
          path: pathOfExpression(scheme, expression),
          message: `$valueTable refers to "${table}", which is not in valueTables (${Object.keys(scheme.valueTables).join(', ') || 'none defined'})`,
        });
      }
    }
  }

  // Keys.
  const keyField = mapping.key ?? target.key;
  if (!Object.hasOwn(mapping.document, keyField)) {
    issues.push({
      path: mapping.key ? ['mapping', 'key'] : ['target', 'key'],
      message: `The target key "${keyField}" is not mapped; add it to mapping.document`,
    });
  } else if (typeof mapping.document[keyField] !== 'string') {
    issues.push({
      path: ['mapping', 'document', keyField],
      message: `The target key "${keyField}" is the constant ${String(mapping.document[keyField])}: every document would overwrite the same target record; map it from the source, e.g. FBillNo`,
    });
  }
  for (const [field, value] of Object.entries(mapping.document))
    if (field.startsWith('...') && typeof value !== 'string')
      issues.push({
        path: ['mapping', 'document', field],
        message: `A spread field ("${field}") needs an expression that returns an object, not the constant ${String(value)}`,
      });

  // Templates and secrets.
  const templateChecks: Array<[Array<string | number>, unknown, readonly string[], readonly string[]]> = [
    [['source', 'params'], source.params, SOURCE_TEMPLATE_VARIABLES, []],
    [['target', 'params'], target.params, TARGET_TEMPLATE_VARIABLES, []],
    [
      ['target', 'writeBack', 'params'],
      target.writeBack?.params,
      WRITE_BACK_TEMPLATE_VARIABLES,
      WRITE_BACK_TEMPLATE_PREFIXES,
    ],
  ];
  for (const [base, params, exact, prefixes] of templateChecks) {
    for (const { path, text } of collectStrings(params))
      for (const error of templateSyntaxErrors(text))
        issues.push({ path: [...base, ...path], message: error.message, offset: error.offset });
    for (const use of collectTemplateUses(params)) {
      if (!isAllowedVariable(use.variable, exact, prefixes)) {
        const allowed = [...exact, ...prefixes.map((p) => `${p}<name>`)].map((v) => `{{${v}}}`).join(', ');
        issues.push({
          path: [...base, ...use.path],
          message: `Unknown template variable {{${use.variable}}}; allowed here: ${allowed}`,
        });
      }
    }
    for (const path of secretKeyPaths(params)) {
      issues.push({
        path: [...base, ...path],
        at: 'key',
        message: `"${path[path.length - 1]}" looks like a secret; keep credentials in qiao.yaml (from environment variables), never in a scheme`,
      });
    }
  }
  if (source.cursor === undefined && collectTemplateUses(source.params).some((u) => u.variable !== 'now')) {
    issues.push({
      path: ['source', 'params'],
      message: 'Window variables ({{window.from}}, {{window.to}}, {{lastSyncTime}}) need source.cursor',
    });
  }

  // Connections and their operations.
  issues.push(...apiIssues(scheme, connections, operations));
  if (connections) {
    const refs: Array<[Array<string | number>, string]> = [
      [['source', 'connection'], source.connection],
      [['target', 'connection'], target.connection],
    ];
    if (target.writeBack) refs.push([['target', 'writeBack', 'connection'], target.writeBack.connection]);
    for (const [path, name] of refs) {
      if (!Object.hasOwn(connections, name))
        issues.push({
          path,
          message: `Unknown connection "${name}"; qiao.yaml defines: ${Object.keys(connections).join(', ') || 'none'}`,
        });
    }
  }

  // Cursor and schedule.
  if (source.cursor) {
    if (!parseTimestamp(source.cursor.start, source.cursor.timezone)) {
      issues.push({
        path: ['source', 'cursor', 'start'],
        message: `"${source.cursor.start}" is not a date/time; write e.g. "2026-01-01T00:00:00"`,
      });
    }
    if (!hasDateTokens(source.cursor.format))
      issues.push({
        path: ['source', 'cursor', 'format'],
        message: 'The format has no date tokens (yyyy, MM, dd, HH, mm, ss)',
      });
  }
  const schedule = scheme.settings.schedule;
  if ('cron' in schedule) {
    try {
      new Cron(schedule.cron, { paused: true }).stop();
    } catch (error) {
      issues.push({
        path: ['settings', 'schedule', 'cron'],
        message: `Invalid cron expression: ${(error as Error).message}`,
      });
    }
  }
  if (scheme.settings.preconditions.includes(scheme.id))
    issues.push({ path: ['settings', 'preconditions'], message: 'A scheme cannot be its own precondition' });

  // Tests.
  scheme.tests.forEach((test, i) => {
    if ((test.source === undefined) === (test.rows === undefined))
      issues.push({ path: ['tests', i], message: 'Give exactly one of `source` (fixture file) or `rows` (inline)' });
    if (test.expect !== undefined && test.payloads !== undefined)
      issues.push({ path: ['tests', i], message: 'Give `expect` (file) or `payloads` (inline), not both' });
    if (test.expect === undefined && test.payloads === undefined && test.errors.length === 0) {
      issues.push({
        path: ['tests', i],
        message: 'Say what to expect: `expect` (file), `payloads` (inline) or `errors`',
      });
    }
  });
  return issues;
}

function pathOfExpression(scheme: Scheme, expression: CompiledExpression): Array<string | number> {
  for (const [field, value] of Object.entries(scheme.mapping.document))
    if (value === expression.text) return ['mapping', 'document', field];
  for (const kind of ['document', 'line'] as const)
    if (scheme.source.filter?.[kind] === expression.text) return ['source', 'filter', kind];
  return ['mapping'];
}

/** Paths of object keys that look like credentials, at any depth. */
function secretKeyPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((item, i) => secretKeyPaths(item, [...path, i]));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    SECRET_KEY.test(k) ? [[...path, k]] : secretKeyPaths(v, [...path, k]),
  );
}
