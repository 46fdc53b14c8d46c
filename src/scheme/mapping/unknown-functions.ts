import type jsonata from 'jsonata';

/** JSONata 2's standard library (https://docs.jsonata.org/overview): always callable. */
const JSONATA_FUNCTIONS = new Set(
  (
    'sum count max min average string substring substringBefore substringAfter lowercase uppercase length trim pad match contains replace split join ' +
    'formatNumber formatBase formatInteger parseInteger number floor ceil round abs sqrt power random boolean not map zip filter single foldl sift keys ' +
    'lookup spread merge reverse each error assert type sort shuffle distinct base64encode base64decode encodeUrlComponent encodeUrl decodeUrlComponent ' +
    'decodeUrl eval toMillis fromMillis clone now millis exists append'
  ).split(' '),
);

export interface FunctionCall {
  name: string;
  /** Character offset in the expression. */
  position?: number;
}

/**
 * Calls of `$name(...)` that are neither built in (JSONata's or `extra`) nor bound in the
 * expression itself (`$f := function…` or a lambda parameter), so a typo such as `$lookUp`
 * fails validation instead of every document at run time.
 */
export function unknownFunctionCalls(ast: jsonata.ExprNode, extra: readonly string[]): FunctionCall[] {
  const bound = new Set<string>();
  const calls: FunctionCall[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const n = node as jsonata.ExprNode & { arguments?: jsonata.ExprNode[] };
    if (n.type === ('bind' as jsonata.ExprNode['type']) && (n.lhs as jsonata.ExprNode | undefined)?.type === 'variable')
      bound.add(String((n.lhs as jsonata.ExprNode).value));
    if (n.type === 'lambda')
      for (const arg of n.arguments ?? []) if (arg.type === 'variable') bound.add(String(arg.value));
    if ((n.type === 'function' || n.type === 'partial') && n.procedure?.type === 'variable')
      calls.push({ name: String(n.procedure.value), position: n.procedure.position });
    for (const value of Object.values(node)) walk(value);
  };
  walk(ast);
  return calls.filter(
    (c) => c.name !== '' && !JSONATA_FUNCTIONS.has(c.name) && !extra.includes(c.name) && !bound.has(c.name),
  );
}
