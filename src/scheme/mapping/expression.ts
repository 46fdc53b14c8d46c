import jsonata from 'jsonata';
import { IntegrationError } from '../../core/errors.js';
import { recordError } from './mapping-error.js';
import type { Builtin, BuiltinContext } from './builtin.js';
import type { MappingServices } from './mapping-services.js';
import {
  asyncEngine,
  syncEngine,
  type Engine,
  type Evaluation,
  type EvaluationFrame,
  type Settled,
} from './expression-engine.js';
import { answerLiteralCalls, hoistLiteralCalls, type LiteralCall } from './literal-calls.js';
import { compileRe2, Re2Regex } from './re2-regex.js';
import { capError, checkSize, DEFAULT_SIZE_CAPS, jsonCharsOver, type SizeCaps } from './size-caps.js';
import { syncJsonata, type SyncJsonataChoice, type SyncJsonataExpression } from './sync-jsonata.js';

/**
 * Guards against runaway expressions (an accidental infinite recursion, a huge cross join) and
 * hostile ones (a string or array built too large for one native call). These run in the process
 * that evaluates; the mapping worker (isolation/) adds hard memory and wall-clock limits around it.
 */
export interface ExpressionLimits extends Partial<SizeCaps> {
  /** Evaluation time budget per expression evaluation, excluding time spent waiting on services (milliseconds). Default 1000. */
  timeoutMs: number;
  /** Deepest nesting of evaluation steps (recursion depth). Default 500. */
  maxDepth: number;
}

export type { Builtin, BuiltinContext } from './builtin.js';

export const DEFAULT_EXPRESSION_LIMITS: ExpressionLimits = { timeoutMs: 1_000, maxDepth: 500, ...DEFAULT_SIZE_CAPS };

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

export interface EvaluateOptions {
  services?: MappingServices;
  valueTables?: Record<string, Record<string, unknown>>;
  timezone?: string;
  /** Shared per run (by the caller) so caches span documents; a fresh map when omitted. */
  caches?: Map<string, Map<string, unknown>>;
}

export interface CompileOptions {
  /** 'async': always evaluate with the regular async JSONata (for comparisons and diagnosis). Default: the synchronous build when it fits the installed jsonata. */
  engine?: 'sync' | 'async';
  /** Whether the synchronous build fits the installed jsonata; default syncJsonata() (tests inject a mismatch). */
  syncJsonata?: SyncJsonataChoice;
}

export interface CompiledExpression {
  readonly text: string;
  readonly ast: jsonata.ExprNode;
  evaluate(input: unknown, options?: EvaluateOptions): Promise<unknown>;
}

/** How many evaluation steps run between two looks at the clock (Date.now() on every step is measurable). */
const STEPS_PER_CLOCK_CHECK = 1024;
/** Rounds of the synchronous engine per evaluation before handing over to the async one (each round settles at least one new answer). */
const MAX_SYNC_ROUNDS = 50;

/**
 * Compiles a JSONata expression with qiao's built-ins and limits. Throws ExpressionSyntaxError.
 *
 * Evaluation runs on the synchronous build of JSONata (sync-jsonata.ts) in rounds: a built-in that
 * can only answer with a promise (a lookup not cached yet) voids the round; the answers are awaited,
 * then the expression runs again and reads them. Results and errors are JSONata's; only the cost
 * differs. The regular async JSONata evaluates instead when the synchronous build does not fit the
 * installed jsonata, when rounds do not converge, when the JavaScript stack is too small for a deep
 * recursion, or when a built-in's arguments cannot be remembered.
 *
 * Limits: the depth is JSONata's step nesting; the clock is read every STEPS_PER_CLOCK_CHECK steps
 * and, unlike JSONata's own `timeout` option, time spent awaiting lookups does not count.
 */
export function compileExpression(
  text: string,
  builtins: readonly Builtin[],
  limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS,
  options: CompileOptions = {},
): CompiledExpression {
  const factory = options.engine === 'async' ? null : (options.syncJsonata ?? syncJsonata()).factory;
  const caps: SizeCaps = { ...DEFAULT_SIZE_CAPS, ...definedCaps(limits) };
  // RE2 for regex literals (no catastrophic backtracking). Not JSONata's `sequence` cap: it replaces
  // push on every sequence and made mapping 1.5–2× slower; ranges and step results are checked instead.
  const jsonataOptions = { RegexEngine: Re2Regex };
  // jsonata's types want RegExpConstructor; it only ever calls `new RegexEngine(regexp)`, then lastIndex and exec.
  const asyncOptions = jsonataOptions as unknown as jsonata.JsonataOptions;
  let parsed: SyncJsonataExpression | jsonata.Expression;
  try {
    parsed = factory ? factory(text, jsonataOptions) : jsonata(text, asyncOptions);
    checkRegexes(parsed.ast());
  } catch (error) {
    const e = error as { message?: string; position?: number; code?: string };
    if (error instanceof RangeError)
      throw new ExpressionSyntaxError('expression is nested too deeply to parse; flatten it', 0, 'S0000');
    throw new ExpressionSyntaxError(e.message ?? String(error), e.position ?? 0, e.code ?? 'S0000');
  }
  const sync = factory ? syncEngine(parsed as SyncJsonataExpression, builtins, caps, factory) : null;
  let fallback: Engine | undefined = factory ? undefined : asyncEngine(parsed as jsonata.Expression, builtins, caps);
  const asyncFallback = (): Engine => (fallback ??= asyncEngine(jsonata(text, asyncOptions), builtins, caps));
  // A second parse with literal calls of constantPerRun built-ins hoisted into bindings.
  const hoistedParse = factory && builtins.some((b) => b.constantPerRun) ? factory(text, jsonataOptions) : null;
  const literalCalls = hoistedParse ? hoistLiteralCalls(hoistedParse.ast(), builtins) : [];
  const hoisted =
    hoistedParse && factory && literalCalls.length > 0 ? syncEngine(hoistedParse, builtins, caps, factory) : null;
  const literalCacheKey = `expression#${++compiled}`;

  return {
    text,
    ast: parsed.ast(),
    async evaluate(input, options = {}) {
      let budget = { started: 0, paused: 0, steps: 0 };
      let caches = options.caches;
      const context: BuiltinContext = {
        services: options.services,
        valueTables: options.valueTables ?? {},
        timezone: options.timezone ?? '+08:00',
        cache(name) {
          caches ??= new Map();
          let map = caches.get(name);
          if (!map) caches.set(name, (map = new Map()));
          return map;
        },
        async external(work) {
          const charged = budget;
          const waitStarted = Date.now();
          try {
            return await work;
          } finally {
            charged.paused += Date.now() - waitStarted;
          }
        },
      };
      const evaluation = (): Evaluation => {
        const current = (budget = { started: Date.now(), paused: 0, steps: 0 });
        return {
          context,
          guard(this: EvaluationFrame) {
            if (this.depth > limits.maxDepth) {
              throw recordError(
                'mapping.too_deep',
                `Expression nested deeper than ${limits.maxDepth} steps (runaway recursion?)`,
                { maxDepth: limits.maxDepth },
              );
            }
            if (
              ++current.steps % STEPS_PER_CLOCK_CHECK === 0 &&
              Date.now() - current.started - current.paused > limits.timeoutMs
            ) {
              throw recordError(
                'mapping.timeout',
                `Expression ran longer than ${limits.timeoutMs} ms (infinite loop?)`,
                { timeoutMs: limits.timeoutMs },
              );
            }
          },
        };
      };
      try {
        if (sync) {
          const bindings = hoisted ? await literalBindings(context, literalCalls, literalCacheKey) : null;
          const outcome = await inRounds(bindings ? hoisted! : sync, input, evaluation, bindings ?? undefined);
          if (outcome) {
            if (outcome.ok) return checkedResult(outcome.value, caps);
            throw outcome.error;
          }
        }
        return checkedResult(await asyncFallback().run(input, evaluation()), caps);
      } catch (error) {
        if (error instanceof IntegrationError) throw error;
        const e = error as { message?: string; position?: number; code?: string; token?: string; value?: unknown };
        const limit = limitBreach(e, caps);
        if (limit) throw limit;
        throw recordError(
          'mapping.expression_failed',
          `${e.message ?? String(error)}${e.position ? ` (at character ${e.position})` : ''}`,
          {
            jsonataCode: e.code,
            position: e.position,
          },
        );
      }
    },
  };
}

let compiled = 0;

function definedCaps(limits: ExpressionLimits): Partial<SizeCaps> {
  const caps: Partial<SizeCaps> = {};
  for (const key of Object.keys(DEFAULT_SIZE_CAPS) as Array<keyof SizeCaps>)
    if (limits[key] !== undefined) caps[key] = limits[key];
  return caps;
}

/** The whole result, before anyone serialises it (a huge string shared by many slots costs nothing until then). */
function checkedResult(value: unknown, caps: SizeCaps): unknown {
  checkSize(value, caps, 'the result');
  if (value !== null && typeof value === 'object') {
    const size = jsonCharsOver(value, caps.maxResultChars);
    if (size !== undefined) throw capError('maxResultChars', caps.maxResultChars, 'the result as JSON', size);
  }
  return value;
}

/** JSONata's and V8's own size errors, as the cap they stand for. */
function limitBreach(e: { code?: string; value?: unknown; message?: string }, caps: SizeCaps): IntegrationError | null {
  if (e.code === 'D2014' || e.code === 'D2015')
    return capError(
      'maxArrayLength',
      caps.maxArrayLength,
      'a sequence or range',
      Number(e.value) || caps.maxArrayLength + 1,
    );
  if (e instanceof RangeError && /Invalid (string|array) length/.test(e.message ?? ''))
    return capError(
      e.message?.includes('string') ? 'maxStringLength' : 'maxArrayLength',
      e.message?.includes('string') ? caps.maxStringLength : caps.maxArrayLength,
      'a value built by the expression',
      Number.NaN,
    );
  return null;
}

/** Every regex literal must be one RE2 runs (no backreferences, no lookaround): said at compile time. */
function checkRegexes(ast: jsonata.ExprNode): void {
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const n = node as jsonata.ExprNode;
    if ((n.type as string) === 'regex' && n.value instanceof RegExp) {
      try {
        compileRe2(n.value);
      } catch (error) {
        throw Object.assign(
          new Error(
            `regex /${n.value.source}/ is not supported: ${(error as Error).message} (mapping regexes run on RE2: no backreferences or lookaround)`,
          ),
          { position: n.position ?? 0, code: 'S0303' },
        );
      }
    }
    for (const value of Object.values(node)) walk(value);
  };
  walk(ast);
}

/**
 * Runs the synchronous engine until a round needs no answer it does not have yet; the outcome of
 * that round, or undefined when the async engine must evaluate instead.
 */
async function inRounds(
  engine: Engine,
  input: unknown,
  evaluation: () => Evaluation,
  bindings?: Record<string, unknown>,
): Promise<Settled | undefined> {
  let settled: Map<string, Map<string, Settled>> | undefined; // created by the first answer to remember
  for (let round = 0; round < MAX_SYNC_ROUNDS; round++) {
    const current = evaluation();
    current.pending = [];
    current.settled = settled;
    let outcome: Settled;
    try {
      outcome = { ok: true, value: engine.run(input, current, bindings) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    if (current.needsAsync) return undefined;
    if (current.pending.length > 0) {
      settled = current.settled;
      await Promise.all(current.pending);
      continue;
    }
    // Deep recursion that fits the async engine (it unwinds the stack at every await) but not this one.
    if (!outcome.ok && outcome.error instanceof RangeError) return undefined;
    return outcome;
  }
  return undefined;
}

/**
 * Answers of the hoisted literal calls, kept for the run (per value tables, which they may read);
 * null when one fails — then for the rest of the run, so a failing service is not asked twice per
 * document (the untouched expression still asks where it needs the answer).
 */
async function literalBindings(
  context: BuiltinContext,
  calls: readonly LiteralCall[],
  cacheKey: string,
): Promise<Record<string, unknown> | null> {
  const cache = context.cache('literalCalls');
  const known = cache.get(cacheKey) as { valueTables: unknown; bindings: Record<string, unknown> | null } | undefined;
  if (known && known.valueTables === context.valueTables) return known.bindings;
  const bindings = await answerLiteralCalls(calls, context);
  cache.set(cacheKey, { valueTables: context.valueTables, bindings });
  return bindings;
}

/** Every `$name(...)` call in an expression with its literal string arguments (undefined when not a literal). */
export function findCalls(
  ast: jsonata.ExprNode,
  name: string,
): Array<{ args: Array<string | undefined>; position?: number }> {
  const found: Array<{ args: Array<string | undefined>; position?: number }> = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const n = node as jsonata.ExprNode;
    if (n.type === 'function' && n.procedure?.type === 'variable' && n.procedure.value === name) {
      found.push({
        args: (n.arguments ?? []).map((a) => (a.type === 'string' ? String(a.value) : undefined)),
        position: n.position,
      });
    }
    for (const value of Object.values(node)) walk(value);
  };
  walk(ast);
  return found;
}
