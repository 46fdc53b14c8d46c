import { recordError } from '../mapping-error.js';
import type { Builtin } from '../builtin.js';

/**
 * $valueTable(name, code[, default]) → the scheme's `valueTables[name][code]`, e.g.
 * $valueTable('currency', `FSettleCurrId.FNumber`) → "CNY". A code missing from the table without
 * a default is a record error naming the table and the code, so it is fixed rather than sent blank.
 * An undefined code gives the default (or undefined).
 */
export const valueTable: Builtin = {
  name: 'valueTable',
  constantPerRun: true,
  fn: (ctx, name, code, ...rest) => {
    const table = ctx.valueTables[String(name)];
    if (!table)
      throw recordError('mapping.value_table_unknown', `$valueTable: no value table "${String(name)}" in the scheme`, {
        table: String(name),
      });
    const hasDefault = rest.length > 0;
    if (code === undefined || code === null) return hasDefault ? rest[0] : undefined;
    const key = String(code);
    if (Object.hasOwn(table, key)) return table[key];
    if (hasDefault) return rest[0];
    throw recordError(
      'mapping.value_table_missing',
      `$valueTable: code "${key}" is not in value table "${String(name)}"; add it to valueTables.${String(name)} or pass a default`,
      {
        table: String(name),
        code: key,
      },
    );
  },
};
