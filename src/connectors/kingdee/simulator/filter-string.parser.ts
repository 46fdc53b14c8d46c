/**
 * Parser for K/3Cloud's SQL-like FilterString (a WHERE fragment over field keys): a tokenizer plus a
 * recursive-descent parser with SQL precedence (OR < AND < NOT < predicate).
 *
 *   expr      := or
 *   or        := and (OR and)*
 *   and       := not (AND not)*
 *   not       := NOT not | primary
 *   primary   := '(' expr ')' | operand predicate
 *   predicate := cmpOp operand | [NOT] LIKE operand | [NOT] IN '(' operand (',' operand)* ')'
 *              | IS [NOT] NULL | [NOT] BETWEEN operand AND operand
 */
export type Operand =
  | { kind: 'field'; key: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'null' };

export type CompareOp = '=' | '<>' | '>' | '>=' | '<' | '<=';

export type FilterExpr =
  | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; expr: FilterExpr }
  | { kind: 'compare'; op: CompareOp; left: Operand; right: Operand }
  | { kind: 'like'; negated: boolean; operand: Operand; pattern: Operand }
  | { kind: 'in'; negated: boolean; operand: Operand; values: Operand[] }
  | { kind: 'isNull'; negated: boolean; operand: Operand }
  | { kind: 'between'; negated: boolean; operand: Operand; low: Operand; high: Operand };

/** A FilterString that cannot be parsed; `position` is the 0-based character offset. */
export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} (position ${position})`);
    this.name = 'FilterSyntaxError';
  }
}

type Token =
  | { type: 'ident'; text: string; pos: number }
  | { type: 'string'; text: string; pos: number }
  | { type: 'number'; text: string; pos: number }
  | { type: 'op'; text: string; pos: number }
  | { type: 'end'; text: ''; pos: number };

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'LIKE', 'IN', 'IS', 'NULL', 'BETWEEN']);

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === "'" || ((ch === 'N' || ch === 'n') && input[i + 1] === "'")) {
      i += ch === "'" ? 1 : 2;
      let text = '';
      for (;;) {
        if (i >= input.length) throw new FilterSyntaxError('unterminated string literal', start);
        if (input[i] === "'") {
          if (input[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += input[i++];
      }
      tokens.push({ type: 'string', text, pos: start });
      continue;
    }
    const prev = tokens[tokens.length - 1];
    const signAllowed =
      !prev ||
      (prev.type === 'op' && prev.text !== ')') ||
      (prev.type === 'ident' && KEYWORDS.has(prev.text.toUpperCase()));
    if (
      /[0-9]/.test(ch) ||
      (ch === '.' && /[0-9]/.test(input[i + 1] ?? '')) ||
      (ch === '-' && signAllowed && /[0-9.]/.test(input[i + 1] ?? ''))
    ) {
      i++;
      while (i < input.length && /[0-9.eE]/.test(input[i]!)) i++;
      const text = input.slice(start, i);
      if (Number.isNaN(Number(text))) throw new FilterSyntaxError(`bad number '${text}'`, start);
      tokens.push({ type: 'number', text, pos: start });
      continue;
    }
    if (/[A-Za-z_\u4e00-\u9fff[]/.test(ch)) {
      if (ch === '[') {
        const close = input.indexOf(']', i);
        if (close < 0) throw new FilterSyntaxError('unterminated [identifier]', start);
        tokens.push({ type: 'ident', text: input.slice(i + 1, close), pos: start });
        i = close + 1;
        continue;
      }
      while (i < input.length && /[A-Za-z0-9_.\u4e00-\u9fff]/.test(input[i]!)) i++;
      tokens.push({ type: 'ident', text: input.slice(start, i), pos: start });
      continue;
    }
    const two = input.slice(i, i + 2);
    if (['<>', '!=', '>=', '<=', '!<', '!>'].includes(two)) {
      tokens.push({
        type: 'op',
        text: two === '!=' ? '<>' : two === '!<' ? '>=' : two === '!>' ? '<=' : two,
        pos: start,
      });
      i += 2;
      continue;
    }
    if ('=<>(),'.includes(ch)) {
      tokens.push({ type: 'op', text: ch, pos: start });
      i++;
      continue;
    }
    throw new FilterSyntaxError(`unexpected character '${ch}'`, start);
  }
  tokens.push({ type: 'end', text: '', pos: input.length });
  return tokens;
}

/** Parses a FilterString; an empty or blank string returns undefined (no filter). */
export function parseFilterString(input: string): FilterExpr | undefined {
  if (!input.trim()) return undefined;
  const tokens = tokenize(input);
  let p = 0;
  const peek = () => tokens[p]!;
  const isKw = (kw: string, t = peek()) => t.type === 'ident' && t.text.toUpperCase() === kw;
  const isOp = (op: string, t = peek()) => t.type === 'op' && t.text === op;
  const fail = (what: string): never => {
    const t = peek();
    throw new FilterSyntaxError(
      `expected ${what} but found ${t.type === 'end' ? 'end of filter' : `'${t.text}'`}`,
      t.pos,
    );
  };
  const expectKw = (kw: string) => (isKw(kw) ? p++ : fail(kw));
  const expectOp = (op: string) => (isOp(op) ? p++ : fail(`'${op}'`));

  const operand = (): Operand => {
    const t = peek();
    if (t.type === 'string') {
      p++;
      return { kind: 'string', value: t.text };
    }
    if (t.type === 'number') {
      p++;
      return { kind: 'number', value: Number(t.text) };
    }
    if (isKw('NULL')) {
      p++;
      return { kind: 'null' };
    }
    if (t.type === 'ident' && !KEYWORDS.has(t.text.toUpperCase())) {
      p++;
      return { kind: 'field', key: t.text };
    }
    return fail('a field key or a value');
  };

  const predicate = (left: Operand): FilterExpr => {
    const t = peek();
    if (t.type === 'op' && ['=', '<>', '>', '>=', '<', '<='].includes(t.text)) {
      p++;
      return { kind: 'compare', op: t.text as CompareOp, left, right: operand() };
    }
    if (isKw('IS')) {
      p++;
      const negated = isKw('NOT') ? (p++, true) : false;
      expectKw('NULL');
      return { kind: 'isNull', negated, operand: left };
    }
    const negated = isKw('NOT') ? (p++, true) : false;
    if (isKw('LIKE')) {
      p++;
      return { kind: 'like', negated, operand: left, pattern: operand() };
    }
    if (isKw('IN')) {
      p++;
      expectOp('(');
      const values = [operand()];
      while (isOp(',')) {
        p++;
        values.push(operand());
      }
      expectOp(')');
      return { kind: 'in', negated, operand: left, values };
    }
    if (isKw('BETWEEN')) {
      p++;
      const low = operand();
      expectKw('AND');
      return { kind: 'between', negated, operand: left, low, high: operand() };
    }
    return fail('a comparison operator, LIKE, IN, IS or BETWEEN');
  };

  const primary = (): FilterExpr => {
    if (isOp('(')) {
      p++;
      const inner = orExpr();
      expectOp(')');
      return inner;
    }
    return predicate(operand());
  };
  const notExpr = (): FilterExpr => (isKw('NOT') ? (p++, { kind: 'not', expr: notExpr() }) : primary());
  const andExpr = (): FilterExpr => {
    let left = notExpr();
    while (isKw('AND')) {
      p++;
      left = { kind: 'and', left, right: notExpr() };
    }
    return left;
  };
  const orExpr = (): FilterExpr => {
    let left = andExpr();
    while (isKw('OR')) {
      p++;
      left = { kind: 'or', left, right: andExpr() };
    }
    return left;
  };

  const expr = orExpr();
  if (peek().type !== 'end') fail('AND, OR or end of filter');
  return expr;
}

/** Field keys referenced by an expression (to resolve them and to pick the row entity). */
export function filterFieldKeys(expr: FilterExpr | undefined, out: string[] = []): string[] {
  if (!expr) return out;
  const add = (o: Operand) => {
    if (o.kind === 'field') out.push(o.key);
  };
  switch (expr.kind) {
    case 'and':
    case 'or':
      filterFieldKeys(expr.left, out);
      filterFieldKeys(expr.right, out);
      break;
    case 'not':
      filterFieldKeys(expr.expr, out);
      break;
    case 'compare':
      add(expr.left);
      add(expr.right);
      break;
    case 'like':
      add(expr.operand);
      add(expr.pattern);
      break;
    case 'in':
      add(expr.operand);
      expr.values.forEach(add);
      break;
    case 'isNull':
      add(expr.operand);
      break;
    case 'between':
      add(expr.operand);
      add(expr.low);
      add(expr.high);
      break;
  }
  return out;
}
