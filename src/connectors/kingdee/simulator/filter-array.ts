import { FilterSyntaxError } from './filter-string.parser.js';

/**
 * The array FilterString form `[{Left, FieldName, Compare, Value, Right, Logic}]` (current official
 * docs). Compare ids are field-type specific and only partly known (reference §3.3): 67/105 equals is
 * documented; the rest are inferred from client code and can be overridden.
 */
export const DEFAULT_COMPARE_CODES: Record<string, string> = {
  '67': '=',
  '105': '=',
  '17': 'contains',
  '60': 'startsWith',
  '88': '>=',
  '32': '<=',
};

export interface ArrayCondition {
  Left?: string;
  FieldName?: string;
  Compare?: string | number;
  Value?: unknown;
  Right?: string;
  Logic?: string | number;
}

const quote = (v: unknown) => `'${String(v ?? '').replace(/'/g, "''")}'`;

/** Converts the array form into the equivalent string FilterString (then parsed by the one grammar). */
export function arrayFilterToText(items: unknown[], codes: Record<string, string> = DEFAULT_COMPARE_CODES): string {
  const parts: string[] = [];
  items.forEach((raw, i) => {
    if (!raw || typeof raw !== 'object') throw new FilterSyntaxError('FilterString array items must be objects', i);
    const item = Object.fromEntries(
      Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]),
    ) as Record<string, unknown>;
    const field = String(item.fieldname ?? '').trim();
    if (!/^[A-Za-z_][\w.]*$/.test(field))
      throw new FilterSyntaxError(`bad FieldName '${field}' in FilterString item ${i}`, i);
    const code = String(item.compare ?? '').trim();
    const op = codes[code] ?? (['=', '<>', '>', '>=', '<', '<='].includes(code) ? code : undefined);
    if (!op) throw new FilterSyntaxError(`unknown Compare code '${code}' in FilterString item ${i}`, i);
    const value = item.value;
    const condition =
      op === 'contains'
        ? `${field} LIKE ${quote(`%${value}%`)}`
        : op === 'startsWith'
          ? `${field} LIKE ${quote(`${value}%`)}`
          : op === 'endsWith'
            ? `${field} LIKE ${quote(`%${value}`)}`
            : op === 'isNull'
              ? `${field} IS NULL`
              : op === 'isNotNull'
                ? `${field} IS NOT NULL`
                : `${field} ${op} ${quote(value)}`;
    const left = String(item.left ?? '').replace(/[^(]/g, '');
    const right = String(item.right ?? '').replace(/[^)]/g, '');
    parts.push(`${left}${condition}${right}`);
    if (i < items.length - 1) parts.push(String(item.logic ?? '0').trim() === '1' ? 'OR' : 'AND');
  });
  return parts.join(' ');
}
