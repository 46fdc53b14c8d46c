import { ConfigError } from '../../../core/errors.js';
import { uniqueKeysFor } from '../catalog/kingdee-form-keys.js';

/** One condition of the array form of FilterString (reference §3.3). */
export interface KingdeeFilterCondition {
  Left?: string;
  FieldName: string;
  /** Numeric compare-operator id (67 equals for text, 105 equals for enums…). */
  Compare: string | number;
  Value: string;
  Right?: string;
  /** 0 AND, 1 OR: joins this condition to the next. */
  Logic?: 0 | 1 | '0' | '1';
}

/** An ExecuteBillQuery / BillQuery request (paging is added by the client). */
export interface KingdeeBillQuery {
  formId: string;
  /** Field keys in result order: an array or the comma-separated string. Returned objects use them verbatim. */
  fieldKeys: string | readonly string[];
  /** SQL-like filter (dates are Beijing local time) or the array form; empty = all rows. */
  filterString?: string | readonly KingdeeFilterCondition[];
  /** SQL-like order; the client appends the form's unique keys when they are missing. */
  orderString?: string;
  subSystemId?: string;
  /** Unique keys for forms qiao has no key table for (e.g. `['FID', 'FEntity_FEntryID']`). */
  orderKeys?: readonly string[];
}

/** Largest page the WebAPI documents (older servers: 2000). */
export const MAX_PAGE_SIZE = 10_000;

/** Splits and trims FieldKeys; rejects an empty list. */
export function normaliseFieldKeys(fieldKeys: string | readonly string[]): string[] {
  const list = (typeof fieldKeys === 'string' ? fieldKeys.split(',') : [...fieldKeys])
    .map((k) => k.trim())
    .filter((k) => k !== '');
  if (list.length === 0)
    throw new ConfigError('Kingdee query has no FieldKeys; list the fields to read, e.g. "FID,FBillNo".', {
      code: 'kingdee.no_field_keys',
    });
  return list;
}

/** Checks a page size: 1…10000. */
export function checkPageSize(pageSize: number): number {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new ConfigError(
      `Kingdee page size ${pageSize} is out of range; use an integer from 1 to ${MAX_PAGE_SIZE} (default 2000).`,
      { code: 'kingdee.bad_page_size' },
    );
  }
  return pageSize;
}

/**
 * An OrderString that fixes the row order across pages: the caller's terms, then any of the form's
 * unique keys (header id, and the entry id when entry fields are selected) not already present.
 * `unique` is false when qiao does not know the form's keys and the caller gave none.
 */
export function stableOrderString(
  query: KingdeeBillQuery,
  fieldKeys: readonly string[],
): { orderString: string; unique: boolean } {
  const given = (query.orderString ?? '').trim();
  const keys = query.orderKeys ? [...query.orderKeys] : uniqueKeysFor(query.formId, fieldKeys);
  if (!keys) return { orderString: given, unique: false };
  const present = new Set(
    given
      .split(',')
      .map((term) => term.trim().split(/\s+/)[0]!.toLowerCase())
      .filter((k) => k !== ''),
  );
  const missing = keys.filter((k) => !present.has(k.toLowerCase())).map((k) => `${k} ASC`);
  return { orderString: [given, ...missing].filter((t) => t !== '').join(','), unique: true };
}

/** The `data` object of one ExecuteBillQuery/BillQuery page. */
export function billQueryData(
  query: KingdeeBillQuery,
  fieldKeys: readonly string[],
  orderString: string,
  startRow: number,
  limit: number,
  topRowCount = 0,
): Record<string, unknown> {
  const data: Record<string, unknown> = {
    FormId: query.formId,
    FieldKeys: fieldKeys.join(','),
    FilterString: query.filterString ?? '',
    OrderString: orderString,
    TopRowCount: topRowCount,
    StartRow: startRow,
    Limit: limit,
  };
  if (query.subSystemId) data.SubSystemId = query.subSystemId;
  return data;
}

/**
 * Row arrays → objects keyed by the requested FieldKeys, verbatim (`FCustId.FNumber`).
 * The mapper is compiled to one object literal per key list: every row then gets the same shape,
 * which is ~3× faster than assigning keys one by one (that cost dominated streaming). Keys enter
 * the generated code only as JSON string literals, so no key can inject code.
 */
export function rowMapper(fieldKeys: readonly string[]): (row: readonly unknown[]) => Record<string, unknown> {
  // An object literal would treat "__proto__" as the prototype; such keys take the slow path.
  if (fieldKeys.some((k) => k === '__proto__') || fieldKeys.length > 500) return slowRowMapper(fieldKeys);
  const body = `return {${fieldKeys.map((k, i) => `${JSON.stringify(k)}: r[${i}]`).join(',')}};`;
  return new Function('r', body) as (row: readonly unknown[]) => Record<string, unknown>;
}

function slowRowMapper(fieldKeys: readonly string[]): (row: readonly unknown[]) => Record<string, unknown> {
  return (row) => {
    const out: Record<string, unknown> = {};
    fieldKeys.forEach((key, i) =>
      Object.defineProperty(out, key, { value: row[i], enumerable: true, writable: true, configurable: true }),
    );
    return out;
  };
}
