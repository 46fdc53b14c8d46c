import { parseKdDate } from './sim-clock.js';
import { FilterSyntaxError, type FilterExpr, type Operand } from './filter-string.parser.js';
import type { FieldType, Value } from './sim-forms.js';

/** A resolved field: its type and how to read it from a row. */
export interface FieldAccessor<R> {
  type: FieldType;
  get(row: R): Value;
}

type Tri = boolean | null; // SQL three-valued logic: null = unknown
type Getter<R> = (row: R) => Value;

/** Comparable form of a value: numbers stay numbers, text is case-insensitive and ignores trailing blanks (SQL Server CI collation). */
function norm(v: Value): string | number | null {
  if (v === null) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v.replace(/\s+$/, '').toLowerCase();
}

/** Converts a literal to the field's domain so dates compare as dates and numbers as numbers. */
function literalFor(type: FieldType | undefined, operand: Operand): Value {
  if (operand.kind === 'null') return null;
  if (operand.kind === 'field') throw new FilterSyntaxError(`unexpected field ${operand.key}`, 0);
  const raw = operand.value;
  if (type === 'date') {
    if (typeof raw === 'number') throw new FilterSyntaxError(`cannot compare a date with the number ${raw}`, 0);
    const ms = parseKdDate(raw);
    if (ms === undefined) throw new FilterSyntaxError(`'${raw}' is not a date`, 0);
    return ms;
  }
  if (type === 'int' || type === 'decimal' || type === 'ref') {
    const n = Number(raw);
    if (typeof raw === 'string' && (raw.trim() === '' || Number.isNaN(n)))
      throw new FilterSyntaxError(`cannot convert '${raw}' to a number`, 0);
    return n;
  }
  if (type === 'bool') {
    const s = String(raw).toLowerCase();
    if (['1', 'true'].includes(s)) return 1;
    if (['0', 'false'].includes(s)) return 0;
    throw new FilterSyntaxError(`cannot convert '${raw}' to a boolean`, 0);
  }
  return typeof raw === 'number' && type ? String(raw) : raw;
}

/** Compiles a parsed filter to a predicate; `resolve` throws for unknown keys. */
export function compileFilter<R>(
  expr: FilterExpr | undefined,
  resolve: (key: string) => FieldAccessor<R>,
): (row: R) => boolean {
  if (!expr) return () => true;
  const tri = compile(expr, resolve);
  return (row) => tri(row) === true;
}

function compile<R>(expr: FilterExpr, resolve: (key: string) => FieldAccessor<R>): (row: R) => Tri {
  const typeOf = (o: Operand) => (o.kind === 'field' ? resolve(o.key).type : undefined);
  /** Getter for `o`, typed against the other side's field type when `o` is a literal. */
  const getter = (o: Operand, peerType: FieldType | undefined): Getter<R> => {
    if (o.kind === 'field') {
      const acc = resolve(o.key);
      return (row) => norm(acc.get(row)) as Value;
    }
    const v = norm(literalFor(peerType, o));
    return () => v as Value;
  };
  switch (expr.kind) {
    case 'and': {
      const a = compile(expr.left, resolve),
        b = compile(expr.right, resolve);
      return (row) => {
        const x = a(row);
        if (x === false) return false;
        const y = b(row);
        return y === false ? false : x === null || y === null ? null : true;
      };
    }
    case 'or': {
      const a = compile(expr.left, resolve),
        b = compile(expr.right, resolve);
      return (row) => {
        const x = a(row);
        if (x === true) return true;
        const y = b(row);
        return y === true ? true : x === null || y === null ? null : false;
      };
    }
    case 'not': {
      const a = compile(expr.expr, resolve);
      return (row) => {
        const x = a(row);
        return x === null ? null : !x;
      };
    }
    case 'compare': {
      const l = getter(expr.left, typeOf(expr.right)),
        r = getter(expr.right, typeOf(expr.left));
      const test = comparator(expr.op);
      return (row) => {
        const x = l(row),
          y = r(row);
        return x === null || y === null ? null : test(x as string | number, y as string | number);
      };
    }
    case 'between': {
      const t = typeOf(expr.operand);
      const v = getter(expr.operand, undefined),
        lo = getter(expr.low, t),
        hi = getter(expr.high, t);
      return (row) => {
        const x = v(row),
          a = lo(row),
          b = hi(row);
        if (x === null || a === null || b === null) return null;
        return (x >= a && x <= b) !== expr.negated;
      };
    }
    case 'in': {
      const t = typeOf(expr.operand);
      const v = getter(expr.operand, undefined);
      const values = expr.values.map((o) => getter(o, t));
      return (row) => {
        const x = v(row);
        if (x === null) return null;
        let sawNull = false;
        for (const g of values) {
          const y = g(row);
          if (y === null) sawNull = true;
          else if (y === x) return !expr.negated;
        }
        return sawNull ? null : expr.negated;
      };
    }
    case 'isNull': {
      const v = getter(expr.operand, undefined);
      return (row) => (v(row) === null) !== expr.negated;
    }
    case 'like': {
      const acc = expr.operand.kind === 'field' ? resolve(expr.operand.key) : undefined;
      const text = acc
        ? (row: R) => {
            const raw = acc.get(row);
            return raw === null ? null : String(raw);
          }
        : (() => {
            const c = literalFor(undefined, expr.operand);
            return () => (c === null ? null : String(c));
          })();
      if (expr.pattern.kind === 'field' || expr.pattern.kind === 'null') {
        const pat = getter(expr.pattern, undefined);
        return (row) => {
          const s = text(row),
            p = pat(row);
          return s === null || p === null ? null : likeRegex(String(p)).test(s) !== expr.negated;
        };
      }
      const re = likeRegex(String(expr.pattern.value));
      return (row) => {
        const s = text(row);
        return s === null ? null : re.test(s) !== expr.negated;
      };
    }
  }
}

function comparator(op: string): (a: string | number, b: string | number) => boolean {
  switch (op) {
    case '=':
      return (a, b) => a === b;
    case '<>':
      return (a, b) => a !== b;
    case '>':
      return (a, b) => a > b;
    case '>=':
      return (a, b) => a >= b;
    case '<':
      return (a, b) => a < b;
    default:
      return (a, b) => a <= b;
  }
}

/** SQL LIKE → RegExp: % any run, _ one character, [..] a character class; case-insensitive, trailing blanks ignored. */
export function likeRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '%') out += '[\\s\\S]*';
    else if (ch === '_') out += '[\\s\\S]';
    else if (ch === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      const body = pattern.slice(i + 1, close).replace(/\\/g, '\\\\');
      out += body.startsWith('^') ? `[^${body.slice(1)}]` : `[${body}]`;
      i = close;
    } else out += ch.replace(/[.*+?^${}()|\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}\\s*$`, 'i');
}
