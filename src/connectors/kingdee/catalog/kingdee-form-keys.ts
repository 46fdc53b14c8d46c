import { customerFields, materialFields, receiveBillFields } from './base-data.catalog.js';
import type { KingdeeField } from './kingdee-field.js';
import { salesOrderFields } from './sales-order.catalog.js';

/** Primary keys of a form: the header key, and per entry entity its entry-id key and its fields. */
export interface KingdeeFormKeys {
  header: string;
  entries: Array<{ key: string; entity: string; fieldKeys: ReadonlySet<string> }>;
}

function entriesOf(fields: readonly KingdeeField[]): KingdeeFormKeys['entries'] {
  const byEntity = new Map<string, Set<string>>();
  for (const field of fields) {
    if (field.level !== 'entry' || !field.entity) continue;
    const set = byEntity.get(field.entity) ?? new Set<string>();
    set.add(baseKey(field.fieldKey));
    byEntity.set(field.entity, set);
  }
  return [...byEntity].map(([entity, fieldKeys]) => ({ entity, key: `${entity}_FEntryID`, fieldKeys }));
}

/** Forms whose keys qiao knows (lower-case form id). Others need `orderKeys` from the caller. */
const FORM_KEYS = new Map<string, KingdeeFormKeys>([
  ['sal_saleorder', { header: 'FID', entries: entriesOf(salesOrderFields) }],
  ['ar_receivebill', { header: 'FID', entries: entriesOf(receiveBillFields) }],
  ['bd_customer', { header: 'FCUSTID', entries: entriesOf(customerFields) }],
  ['bd_material', { header: 'FMATERIALID', entries: entriesOf(materialFields) }],
  ['bd_currency', { header: 'FCURRENCYID', entries: [] }],
]);

/** `FCustId.FNumber` → `fcustid` (lower-case key before the first dot). */
export function baseKey(fieldKey: string): string {
  return fieldKey.split('.')[0]!.trim().toLowerCase();
}

/**
 * The keys that make a query's rows unique: the header key, plus the entry-id key of every entry
 * entity the selected fields touch (selecting an entry field yields one row per line).
 * Undefined for forms qiao has no key table for.
 */
export function uniqueKeysFor(formId: string, fieldKeys: readonly string[]): string[] | undefined {
  const keys = FORM_KEYS.get(formId.trim().toLowerCase());
  if (!keys) return undefined;
  const selected = fieldKeys.map(baseKey);
  const out = [keys.header];
  for (const entry of keys.entries) {
    const prefix = `${entry.entity.toLowerCase()}_`;
    if (selected.some((k) => entry.fieldKeys.has(k) || k.startsWith(prefix))) out.push(entry.key);
  }
  return out;
}
