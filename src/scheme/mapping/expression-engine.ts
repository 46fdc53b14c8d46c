import type jsonata from 'jsonata';
import type { Builtin, BuiltinContext } from './builtin.js';
import { GUARD_BINDING } from './guard-binding.js';
import type { SyncJsonataExpression } from './sync-jsonata.js';

/** Binding through which built-ins reach their evaluation (one lookup on the root frame). */
const EVALUATION_BINDING = '__qiaoEvaluation';
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

/** The synchronous build reads the guard from the evaluation's bindings (see sync-jsonata.ts). */
export function syncEngine(expression: SyncJsonataExpression, builtins: readonly Builtin[]): Engine {
  register(expression, builtins);
  return {
    run: (input, evaluation, bindings) =>
      expression.evaluate(input, { ...bindings, [EVALUATION_BINDING]: evaluation, [GUARD_BINDING]: evaluation.guard }),
  };
}

/**
 * The regular async JSONata: the guard replaces the root frame's no-op guardrails, claimed when
 * JSONata creates that frame (synchronously, before anything is awaited). Not the evaluate
 * entry/exit callbacks, which JSONata would await on every step.
 */
export function asyncEngine(expression: jsonata.Expression, builtins: readonly Builtin[]): Engine {
  let starting: Evaluation | undefined;
  const assign = expression.assign as (name: string | symbol, value: unknown) => void;
  assign(CREATE_FRAME, (_enclosing: unknown, frame: EvaluationFrame) => {
    if (!starting) return;
    const evaluation = starting;
    starting = undefined;
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
