import jsonata from 'jsonata';
import { IntegrationError } from '../errors.js';
import { recordError } from './mapping-error.js';
import type { MappingServices } from './mapping-services.js';

/** Guards against runaway expressions (an accidental infinite recursion, a huge cross join). */
export interface ExpressionLimits {
  /** Evaluation time budget per expression evaluation, excluding time spent waiting on services (milliseconds). Default 1000. */
  timeoutMs: number;
  /** Deepest nesting of evaluation steps (recursion depth). Default 500. */
  maxDepth: number;
}

export const DEFAULT_EXPRESSION_LIMITS: ExpressionLimits = { timeoutMs: 1_000, maxDepth: 500 };

/** Per-evaluation state a built-in can reach (services, tables, budget). */
export interface BuiltinContext {
  services?: MappingServices;
  valueTables: Record<string, Record<string, unknown>>;
  /** Source wall-clock offset used when a timestamp has none, e.g. "+08:00". */
  timezone: string;
  /** Per-run caches keyed by built-in name (e.g. $targetLookup answers). */
  cache(name: string): Map<string, unknown>;
  /** Awaits `work` without charging the wait to the expression's time budget. */
  external<T>(work: Promise<T>): Promise<T>;
}

/** A function callable from JSONata as `$name(...)`. */
export interface Builtin {
  name: string;
  /** Receives the evaluation context first, then the JSONata arguments. */
  fn(ctx: BuiltinContext, ...args: unknown[]): unknown;
}

/** A JSONata syntax error with the character offset inside the expression. */
export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ExpressionSyntaxError';
  }
}

interface Budget {
  started: number;
  paused: number;
  depth: number;
  limits: ExpressionLimits;
}

export interface EvaluateOptions {
  services?: MappingServices;
  valueTables?: Record<string, Record<string, unknown>>;
  timezone?: string;
  /** Shared per run (by the caller) so caches span documents; a fresh map when omitted. */
  caches?: Map<string, Map<string, unknown>>;
}

export interface CompiledExpression {
  readonly text: string;
  readonly ast: jsonata.ExprNode;
  evaluate(input: unknown, options?: EvaluateOptions): Promise<unknown>;
}

const CONTEXT = '__qiaoContext';
const BUDGET = '__qiaoBudget';
const ENTRY = Symbol.for('jsonata.__evaluate_entry');
const EXIT = Symbol.for('jsonata.__evaluate_exit');

/**
 * Compiles a JSONata expression with qiao's built-ins and limits. Throws ExpressionSyntaxError.
 * Limits use JSONata's evaluate entry/exit hooks (the documented "timeboxExpression" pattern);
 * unlike JSONata's own `timeout` option, time spent awaiting lookups does not count.
 */
export function compileExpression(text: string, builtins: readonly Builtin[], limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS): CompiledExpression {
  let expression: jsonata.Expression;
  try {
    expression = jsonata(text);
  } catch (error) {
    const e = error as { message?: string; position?: number; code?: string };
    throw new ExpressionSyntaxError(e.message ?? String(error), e.position ?? 0, e.code ?? 'S0000');
  }
  const assign = expression.assign as (name: string | symbol, value: unknown) => void;
  assign(ENTRY, (_expr: unknown, _input: unknown, env: jsonata.Environment) => {
    const budget = (env as unknown as { base: jsonata.Environment }).base.lookup(BUDGET) as Budget | undefined;
    if (!budget) return;
    budget.depth++;
    if (budget.depth > budget.limits.maxDepth) {
      throw recordError('mapping.too_deep', `Expression nested deeper than ${budget.limits.maxDepth} steps (runaway recursion?)`, { maxDepth: budget.limits.maxDepth });
    }
    if (Date.now() - budget.started - budget.paused > budget.limits.timeoutMs) {
      throw recordError('mapping.timeout', `Expression ran longer than ${budget.limits.timeoutMs} ms (infinite loop?)`, { timeoutMs: budget.limits.timeoutMs });
    }
  });
  assign(EXIT, (_expr: unknown, _input: unknown, env: jsonata.Environment) => {
    const budget = (env as unknown as { base: jsonata.Environment }).base.lookup(BUDGET) as Budget | undefined;
    if (budget) budget.depth--;
  });
  for (const builtin of builtins) {
    expression.registerFunction(builtin.name, function (this: jsonata.Focus, ...args: unknown[]) {
      const ctx = (this.environment as unknown as { base: jsonata.Environment }).base.lookup(CONTEXT) as BuiltinContext;
      return builtin.fn(ctx, ...args);
    });
  }
  return {
    text,
    ast: expression.ast(),
    async evaluate(input, options = {}) {
      const budget: Budget = { started: Date.now(), paused: 0, depth: 0, limits };
      const caches = options.caches ?? new Map<string, Map<string, unknown>>();
      const context: BuiltinContext = {
        services: options.services,
        valueTables: options.valueTables ?? {},
        timezone: options.timezone ?? '+08:00',
        cache(name) {
          let map = caches.get(name);
          if (!map) caches.set(name, (map = new Map()));
          return map;
        },
        async external(work) {
          const started = Date.now();
          try {
            return await work;
          } finally {
            budget.paused += Date.now() - started;
          }
        },
      };
      try {
        return await expression.evaluate(input, { [CONTEXT]: context, [BUDGET]: budget });
      } catch (error) {
        if (error instanceof IntegrationError) throw error;
        const e = error as { message?: string; position?: number; code?: string; token?: string };
        throw recordError('mapping.expression_failed', `${e.message ?? String(error)}${e.position ? ` (at character ${e.position})` : ''}`, {
          jsonataCode: e.code,
          position: e.position,
        });
      }
    },
  };
}

/** Every `$name(...)` call in an expression with its literal string arguments (undefined when not a literal). */
export function findCalls(ast: jsonata.ExprNode, name: string): Array<{ args: Array<string | undefined>; position?: number }> {
  const found: Array<{ args: Array<string | undefined>; position?: number }> = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const n = node as jsonata.ExprNode;
    if (n.type === 'function' && n.procedure?.type === 'variable' && n.procedure.value === name) {
      found.push({ args: (n.arguments ?? []).map((a) => (a.type === 'string' ? String(a.value) : undefined)), position: n.position });
    }
    for (const value of Object.values(node)) walk(value);
  };
  walk(ast);
  return found;
}
