import { recordError } from '../mapping-error.js';
import type { Builtin } from '../builtin.js';

/**
 * $toNumber(x) → a number. Unlike JSONata's $number, a non-numeric string fails this document with
 * a readable reason ("FQty: "abc" is not a number") instead of an opaque D3030.
 * Empty values ("", null, undefined) give undefined so the target field is left out.
 */
export const toNumber: Builtin = {
  name: 'toNumber',
  fn: (_ctx, value, label) => {
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) return Number(value);
    const what = typeof label === 'string' ? `${label}: ` : '';
    throw recordError('mapping.not_a_number', `$toNumber: ${what}${JSON.stringify(value)} is not a number`, {
      value: String(value),
    });
  },
};
