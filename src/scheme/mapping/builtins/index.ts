import type { Builtin } from '../builtin.js';
import { formatDate, now } from './format-date.builtin.js';
import { customField, lookup, targetLookup } from './lookup.builtin.js';
import { moneyBuiltins } from './money.builtin.js';
import { toNumber } from './to-number.builtin.js';
import { valueTable } from './value-table.builtin.js';

/** Built-ins that need no outside services: usable in filters as well as mappings. */
export const pureBuiltins: readonly Builtin[] = [valueTable, formatDate, now, toNumber, ...moneyBuiltins];

/** Every built-in available to mapping expressions. */
export const mappingBuiltins: readonly Builtin[] = [...pureBuiltins, lookup, targetLookup, customField];

/** Names of all built-ins (without "$"). */
export const BUILTIN_NAMES: readonly string[] = mappingBuiltins.map((b) => b.name);
