import type jsonata from 'jsonata';
import { isPromise } from './expression-engine.js';
import type { Builtin, BuiltinContext } from './builtin.js';

/** A built-in call with literal arguments, answered before evaluation and read as `$<binding>`. */
export interface LiteralCall {
  builtin: Builtin;
  args: unknown[];
  binding: string;
}

const BINDING_PREFIX = '__qiaoLiteral';
const LITERAL_TYPES = new Set(['string', 'number', 'value']);
const LITERAL_KEYS = new Set(['type', 'value', 'position']);
const CALL_KEYS = new Set(['type', 'value', 'position', 'procedure', 'arguments']);
/**
 * Where a call may stand for a variable without JSONata treating it differently. Left out: path
 * steps (a leading variable makes a path absolute), a lambda's body (tail-call thunks read the
 * call's parts), a call's procedure and `~>` right-hand sides (both look at the node's type).
 */
const SAFE_PLACES = new Set(['lhs', 'rhs', 'arguments', 'expressions', 'condition', 'then', 'else']);

/**
 * Rewrites, in place, calls of `constantPerRun` built-ins whose arguments are all literals (e.g.
 * `$customField('okki', 'order', '物流费')`, `$valueTable('fx', 'USD_CNY')`) into variable reads,
 * and returns the calls, deduplicated. Such calls give the same answer every time within a run, so
 * answering each once per run and binding the answers is equivalent to calling them — when every
 * answer comes back; callers evaluate the untouched expression otherwise. Built-ins the
 * expression rebinds (`$valueTable := …`, a lambda parameter) are left alone.
 */
export function hoistLiteralCalls(ast: jsonata.ExprNode, builtins: readonly Builtin[]): LiteralCall[] {
  const byName = new Map(builtins.filter((b) => b.constantPerRun).map((b) => [b.name, b]));
  for (const name of reboundNames(ast)) byName.delete(name);
  if (byName.size === 0) return [];
  const calls = new Map<string, LiteralCall>();
  const visit = (node: unknown, place: string | undefined, parent: jsonata.ExprNode | undefined): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, place, parent);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as jsonata.ExprNode & Record<string, unknown>;
    const builtin =
      n.type === 'function' && n.procedure?.type === 'variable' ? byName.get(String(n.procedure.value)) : undefined;
    if (
      builtin &&
      place &&
      SAFE_PLACES.has(place) &&
      !((parent?.type as string | undefined) === 'apply' && place === 'rhs') &&
      isLiteralCall(n)
    ) {
      const args = (n.arguments ?? []).map((a) => a.value);
      const key = JSON.stringify([builtin.name, args]);
      let call = calls.get(key);
      if (!call) calls.set(key, (call = { builtin, args, binding: `${BINDING_PREFIX}${calls.size}` }));
      delete n.procedure;
      delete n.arguments;
      n.type = 'variable';
      n.value = call.binding;
      return;
    }
    for (const [key, value] of Object.entries(n)) if (value && typeof value === 'object') visit(value, key, n);
  };
  visit(ast, undefined, undefined);
  return [...calls.values()];
}

function isLiteralCall(node: jsonata.ExprNode & Record<string, unknown>): boolean {
  if (!hasOnly(node, CALL_KEYS)) return false;
  return (node.arguments ?? []).every((a) => LITERAL_TYPES.has(a.type) && hasOnly(a, LITERAL_KEYS));
}

/** The parser leaves some keys undefined (a call's `name`); only keys with values count. */
function hasOnly(node: object, keys: ReadonlySet<string>): boolean {
  return Object.entries(node).every(([k, v]) => v === undefined || keys.has(k));
}

/** Names the expression binds itself (`$x := …`, lambda parameters): those are not the built-ins. */
function reboundNames(ast: jsonata.ExprNode): Set<string> {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const n = node as jsonata.ExprNode & { lhs?: jsonata.ExprNode; arguments?: jsonata.ExprNode[] };
    if (n.type === ('bind' as jsonata.ExprNode['type']) && n.lhs?.type === 'variable') names.add(String(n.lhs.value));
    if (n.type === 'lambda')
      for (const arg of n.arguments ?? []) if (arg.type === 'variable') names.add(String(arg.value));
    for (const value of Object.values(node)) walk(value);
  };
  walk(ast);
  return names;
}

/**
 * Answers the hoisted calls: bindings now when every answer is known, a promise of them when some
 * must be awaited, null (or a promise of null) when any call fails — the caller then evaluates the
 * untouched expression, which reports that failure where and if the expression reaches the call.
 */
export function answerLiteralCalls(
  calls: readonly LiteralCall[],
  ctx: BuiltinContext,
): Record<string, unknown> | null | Promise<Record<string, unknown> | null> {
  const bindings: Record<string, unknown> = {};
  let waits: Array<Promise<unknown>> | undefined;
  for (const call of calls) {
    let answer: unknown;
    try {
      answer = call.builtin.fn(ctx, ...call.args);
    } catch {
      for (const wait of waits ?? []) wait.catch(() => {}); // answers no one will read
      return null;
    }
    if (isPromise(answer)) (waits ??= []).push(answer.then((value) => (bindings[call.binding] = value)));
    else bindings[call.binding] = answer;
  }
  if (!waits) return bindings;
  return Promise.all(waits).then(
    () => bindings,
    () => null,
  );
}
