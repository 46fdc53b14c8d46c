import { recordError } from '../mapping-error.js';
import type { Builtin } from '../builtin.js';
import {
  addDecimal,
  formatDecimal,
  mulDecimal,
  parseDecimal,
  roundDecimal,
  subDecimal,
  type Decimal,
} from './decimal.js';
import {
  addSmall,
  formatSmall,
  mulSmall,
  parseSmall,
  roundSmall,
  subSmall,
  type SmallDecimal,
} from './small-decimal.js';

/** Cents: money results are rounded half-up to two places unless told otherwise. */
const MONEY_PLACES = 2;
const ZERO: Decimal = { units: 0n, scale: 0 };

/** Parses an amount; empty values ("", null, undefined) count as zero, anything non-numeric is a record error naming it. */
function amount(value: unknown, fn: string): Decimal {
  if (value === undefined || value === null || value === '') return ZERO;
  const parsed = parseDecimal(value);
  if (!parsed)
    throw recordError('mapping.not_a_number', `$${fn}: "${String(value)}" is not a number`, { value: String(value) });
  return parsed;
}

function money(value: Decimal, places = MONEY_PLACES): string {
  return formatDecimal(roundDecimal(value, places));
}

function flatten(args: unknown[]): unknown[] {
  return args.some(Array.isArray) ? args.flatMap((a) => (Array.isArray(a) ? flatten(a) : [a])) : args;
}

const SMALL_ZERO: SmallDecimal = { units: 0, scale: 0 };

/** The fast path's amount: null sends the whole computation to the exact BigInt path (which also reports bad values). */
function small(value: unknown): SmallDecimal | null {
  return value === undefined || value === null || value === '' ? SMALL_ZERO : parseSmall(value);
}

/** Formats the fast path's result rounded to `places`; undefined when it is not exact there. */
function smallMoney(value: SmallDecimal | null, places = MONEY_PLACES): string | undefined {
  const rounded = value && roundSmall(value, places);
  return rounded ? formatSmall(rounded) : undefined;
}

function smallSum(values: unknown[]): SmallDecimal | null {
  let sum: SmallDecimal | null = SMALL_ZERO;
  for (const v of values) {
    const a = small(v);
    sum = a && addSmall(sum, a);
    if (!sum) return null;
  }
  return sum;
}

function bothSmall(
  a: unknown,
  b: unknown,
  op: (x: SmallDecimal, y: SmallDecimal) => SmallDecimal | null,
): SmallDecimal | null {
  const x = small(a);
  const y = x && small(b);
  return y && op(x!, y);
}

/** $moneyAdd(a, b, …) → exact sum rounded to cents, as a decimal string: $moneyAdd(0.1, 0.2) = "0.30". */
export const moneyAdd: Builtin = {
  name: 'moneyAdd',
  fn: (_ctx, ...args) => {
    const values = flatten(args);
    return (
      smallMoney(smallSum(values)) ??
      money(values.reduce<Decimal>((sum, v) => addDecimal(sum, amount(v, 'moneyAdd')), ZERO))
    );
  },
};

/** $moneySub(a, b) → a − b rounded to cents. */
export const moneySub: Builtin = {
  name: 'moneySub',
  fn: (_ctx, a, b) =>
    smallMoney(bothSmall(a, b, subSmall)) ?? money(subDecimal(amount(a, 'moneySub'), amount(b, 'moneySub'))),
};

/** $moneyMul(a, factor) → a × factor rounded to cents; factor may be a rate (0.02) or a count (13). Undefined `a` gives undefined. */
export const moneyMul: Builtin = {
  name: 'moneyMul',
  fn: (_ctx, a, factor) =>
    a === undefined
      ? undefined
      : (smallMoney(bothSmall(a, factor, mulSmall)) ??
        money(mulDecimal(amount(a, 'moneyMul'), amount(factor, 'moneyMul')))),
};

/** $moneyRound(a[, places]) → a rounded half-up to `places` (default 2). Undefined `a` gives undefined. */
export const moneyRound: Builtin = {
  name: 'moneyRound',
  fn: (_ctx, a, places) => {
    if (a === undefined) return undefined;
    const p = places === undefined ? MONEY_PLACES : Number(places);
    if (!Number.isInteger(p) || p < 0 || p > 12)
      throw recordError(
        'mapping.bad_argument',
        `$moneyRound: places must be a whole number 0–12, got ${String(places)}`,
      );
    return smallMoney(small(a), p) ?? money(amount(a, 'moneyRound'), p);
  },
};

/** $moneySum(array) → exact sum of the array's amounts rounded to cents, e.g. $moneySum(lines.FAllAmount). */
export const moneySum: Builtin = {
  name: 'moneySum',
  fn: (_ctx, values) => {
    const all = flatten([values]);
    return (
      smallMoney(smallSum(all)) ?? money(all.reduce<Decimal>((sum, v) => addDecimal(sum, amount(v, 'moneySum')), ZERO))
    );
  },
};

export const moneyBuiltins: readonly Builtin[] = [moneyAdd, moneySub, moneyMul, moneyRound, moneySum];
