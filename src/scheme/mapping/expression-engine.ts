import type jsonata from 'jsonata';
import type { Builtin, BuiltinContext } from './builtin.js';
import { CAPPED_FUNCTIONS, cappedFunctions, type JsonataFunction } from './capped-functions.js';
import { GUARD_BINDING, LIMITS_BINDING } from './guard-binding.js';
import { capError, checkSize, type SizeCaps } from './size-caps.js';
import type { SyncJsonata, SyncJsonataExpression } from './sync-jsonata.js';

/**
 * Binding through which built-ins reach their evaluation (one lookup on the root frame). The space
 * keeps it out of reach of expressions: JSONata's tokenizer ends a `$name` at whitespace.
 */
const EVALUATION_BINDING = 'qiao evaluation';
const CREATE_FRAME = Symbol.for('jsonata.__createFrame_push');

/** JSONata's per-evaluation root frame: it counts the evaluation depth itself and calls `guardrails()` on every step. */
export interface EvaluationFrame {
  depth: number;
  guardrails(): void;
  lookup(name: string): unknown;
}

export type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/** One evaluation (one round of it, on the synchronous engine). */
export interface Evaluation {
  context: BuiltinContext;
  /** Called by JSONata as `rootFrame.guardrails()` at the start of every step; throws to stop. */
  guard(this: EvaluationFrame): void;
  /**
   * Synchronous engine only: answers built-ins gave as promises during this round. Such a call
   * yields undefined and the round's outcome is void; the next round reads the settled answers.
   */
  pending?: Array<Promise<unknown>>;
  /** Synchronous engine only: answers settled in earlier rounds, by built-in name, then JSON of the arguments. */
  settled?: Map<string, Map<string, Settled>>;
  /** Synchronous engine only: an answer could not be remembered (arguments not JSON); use the async engine. */
  needsAsync?: boolean;
}

export interface Engine {
  /** Runs one evaluation: the value on the synchronous engine, a promise of it on the async one. */
  run(input: unknown, evaluation: Evaluation, bindings?: Record<string, unknown>): unknown;
}

/**
 * The synchronous build reads the guard and the step-size check from the evaluation's bindings (see
 * render-sync-jsonata.ts); JSONata's own functions are replaced by capped ones (capped-functions.ts).
 */
export function syncEngine(
  expression: SyncJsonataExpression,
  builtins: readonly Builtin[],
  caps: SizeCaps,
  factory: SyncJsonata,
): Engine {
  const table = jsonataFunctions(factory);
  for (const [name, fn] of Object.entries(cappedFunctions((name) => table[name], caps))) expression.assign(name, fn);
  register(expression, builtins);
  const limits = {
    result: (value: unknown) => checkSize(value, caps, 'a step of the expression'),
    range(size: number) {
      if (size > caps.maxArrayLength) throw capError('maxArrayLength', caps.maxArrayLength, 'a range', size);
    },
  };
  return {
    run: (input, evaluation, bindings) =>
      expression.evaluate(input, {
        ...bindings,
        [EVALUATION_BINDING]: evaluation,
        [GUARD_BINDING]: evaluation.guard,
        [LIMITS_BINDING]: limits,
      }),
  };
}

const functionTables = new WeakMap<SyncJsonata, Record<string, JsonataFunction>>();

/** JSONata's own function values of a synchronous build, read once per build by evaluating `$name`. */
function jsonataFunctions(factory: SyncJsonata): Record<string, JsonataFunction> {
  let table = functionTables.get(factory);
  if (!table) {
    table = {};
    for (const name of CAPPED_FUNCTIONS) {
      const value = factory(`$${name}`).evaluate(undefined) as JsonataFunction | undefined;
      if (value?.implementation) table[name] = value;
    }
    functionTables.set(factory, table);
  }
  return table;
}

/**
 * The regular async JSONata (JSONata's functions capped on its first evaluation; no per-step size
 * check, which would need the awaited exit callback): the guard replaces the root frame's no-op guardrails, claimed when
 * JSONata creates that frame (synchronously, before anything is awaited). Not the evaluate
 * entry/exit callbacks, which JSONata would await on every step.
 */
export function asyncEngine(expression: jsonata.Expression, builtins: readonly Builtin[], caps: SizeCaps): Engine {
  let starting: Evaluation | undefined;
  let capped = false;
  const assign = expression.assign as (name: string | symbol, value: unknown) => void;
  assign(CREATE_FRAME, (enclosing: EvaluationFrame, frame: EvaluationFrame) => {
    if (!starting) return;
    const evaluation = starting;
    starting = undefined;
    if (!capped) {
      // JSONata's own functions are only reachable through a frame: replace them on the first evaluation.
      capped = true;
      const functions = cappedFunctions((name) => enclosing.lookup(name) as JsonataFunction | undefined, caps);
      for (const [name, fn] of Object.entries(functions)) assign(name, fn);
    }
    // JSONata assigns its own (no-op) guardrails right after creating the frame; keep ours.
    Object.defineProperty(frame, 'guardrails', { get: () => evaluation.guard, set: () => {}, configurable: true });
  });
  register(expression, builtins);
  return {
    run(input, evaluation) {
      starting = evaluation;
      try {
        return expression.evaluate(input, { [EVALUATION_BINDING]: evaluation });
      } finally {
        starting = undefined;
      }
    },
  };
}

function register(expression: Pick<SyncJsonataExpression, 'registerFunction'>, builtins: readonly Builtin[]): void {
  for (const builtin of builtins) {
    expression.registerFunction(builtin.name, function (this: jsonata.Focus, ...args: unknown[]) {
      const evaluation = (this.environment as unknown as { base: EvaluationFrame }).base.lookup(
        EVALUATION_BINDING,
      ) as Evaluation;
      const answers = evaluation.settled?.get(builtin.name);
      if (answers) {
        const known = answers.get(argumentsKey(args) ?? '');
        if (known) {
          if (known.ok) return known.value;
          throw known.error;
        }
      }
      const result = builtin.fn(evaluation.context, ...args);
      if (evaluation.pending && isPromise(result)) {
        remember(evaluation, builtin.name, argumentsKey(args), result);
        return undefined;
      }
      return result;
    });
  }
}

function remember(evaluation: Evaluation, name: string, key: string | undefined, answer: Promise<unknown>): void {
  if (key === undefined) {
    evaluation.needsAsync = true;
    answer.catch(() => {}); // the async engine asks again and gets the error itself
    return;
  }
  evaluation.settled ??= new Map();
  let byName = evaluation.settled.get(name);
  if (!byName) evaluation.settled.set(name, (byName = new Map()));
  const into = byName;
  evaluation.pending!.push(
    answer.then(
      (value) => into.set(key, { ok: true, value }),
      (error: unknown) => into.set(key, { ok: false, error }),
    ),
  );
}

export function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function argumentsKey(args: unknown[]): string | undefined {
  try {
    return JSON.stringify(args);
  } catch {
    return undefined;
  }
}
