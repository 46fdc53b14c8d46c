import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type jsonata from 'jsonata';

/** The parts of a JSONata expression object qiao uses, with a synchronous evaluate. */
export interface SyncJsonataExpression {
  evaluate(input: unknown, bindings?: Record<string, unknown>): unknown;
  assign(name: string | symbol, value: unknown): void;
  registerFunction(name: string, implementation: (this: jsonata.Focus, ...args: unknown[]) => unknown, signature?: string): void;
  ast(): jsonata.ExprNode;
}

export type SyncJsonata = (text: string) => SyncJsonataExpression;

/**
 * Binding that carries a guard for the evaluation's per-step guardrail: the synchronous build
 * installs `bindings[GUARD_BINDING]` where JSONata installs its no-op guardrails (no `timeout` or
 * `stack` option), so limits cost one call per step and no frame hooks.
 */
export const GUARD_BINDING = '__qiaoGuardrails';
const NO_GUARDRAILS = 'exec_env.guardrails = function() {};';

let loaded: SyncJsonata | null | undefined;
let failure: string | undefined;

/**
 * JSONata 2 is async all the way down: every evaluation step is an `await`, even when nothing is
 * asynchronous, which made JSONata's promise machinery most of the cost of mapping a document.
 * JSONata 2's evaluator is its 1.x generator-based evaluator rewritten with async/await, so
 * removing `async`/`await` from the installed jsonata.js gives the same evaluator, run
 * synchronously — the same code, so the same results and errors, as long as no function returns a
 * promise (expression.ts makes sure of that and uses the real async JSONata otherwise).
 *
 * Returns null when the installed jsonata.js does not have the expected shape (a future version);
 * callers then use the async JSONata, which is slower but correct. `syncJsonataFailure()` says why.
 */
export function syncJsonata(): SyncJsonata | null {
  if (loaded !== undefined) return loaded;
  try {
    loaded = load();
  } catch (error) {
    failure = (error as Error).message;
    loaded = null;
  }
  return loaded;
}

/** Why the synchronous build is not in use (undefined when it is, or has not been tried). */
export function syncJsonataFailure(): string | undefined {
  return failure;
}

function load(): SyncJsonata {
  const require = createRequire(import.meta.url);
  const file = require.resolve('jsonata');
  const source = readFileSync(file, 'utf8');
  const unawaited = source
    .replace(/\basync function\b/g, 'function')
    .replace(/\basync \(/g, '(')
    // `await Promise.all(list.map(async …))`: with synchronous callbacks the list already holds the values.
    .replace(/\bawait Promise\.all\(/g, '(')
    .replace(/\bawait /g, '');
  if (unawaited.split(NO_GUARDRAILS).length !== 2) throw new Error(`${file} does not set its guardrails as expected ("${NO_GUARDRAILS}")`);
  const sync = withoutStepHooks(unawaited.replace(NO_GUARDRAILS, `exec_env.guardrails = (bindings && bindings.${GUARD_BINDING}) || function() {};`));
  const left = /\bawait\b|\basync\s*(?:function\b|\(|[A-Za-z_$][\w$]*\s*=>)|\bPromise\b/.exec(sync);
  if (left) throw new Error(`unexpected "${left[0]}" left in ${file} after removing async/await`);
  const module = { exports: {} as unknown };
  new Function('module', 'exports', 'require', sync)(module, module.exports, require);
  const factory = module.exports as SyncJsonata;
  if (typeof factory !== 'function') throw new Error(`${file} did not export a function`);
  // Smoke check: paths, object and array constructors, lambdas and a built-in give plain values, not promises.
  const probe = factory("( $f := function($x) { $x * 2 }; { 'a': [lines.$f(q)], 'b': $string($sum(lines.q)) } )").evaluate({ lines: [{ q: 1 }, { q: 2 }] });
  if (JSON.stringify(probe) !== '{"a":[2,4],"b":"3"}') throw new Error(`the synchronous build evaluated a probe to ${JSON.stringify(probe)}`);
  return factory;
}

/**
 * On every step JSONata looks up its evaluate entry/exit callbacks, and on every new frame its
 * frame-push callback (each a Symbol.for registry lookup plus a walk up the whole frame chain) — a
 * large part of a step's cost once nothing is awaited. qiao never registers those callbacks on
 * this build (limits use the guardrail), and an expression cannot bind a symbol, so the lookups
 * always find nothing: drop them. Left as is when the text is not found exactly once (a different
 * jsonata.js): slower, not wrong.
 */
function withoutStepHooks(source: string): string {
  let out = source;
  const lookups = [
    "environment.lookup(Symbol.for('jsonata.__evaluate_entry'))",
    "environment.lookup(Symbol.for('jsonata.__evaluate_exit'))",
    "enclosingEnvironment.lookup(Symbol.for('jsonata.__createFrame_push'))",
  ];
  for (const lookup of lookups) if (out.split(lookup).length === 2) out = out.replace(lookup, 'undefined');
  return out;
}
