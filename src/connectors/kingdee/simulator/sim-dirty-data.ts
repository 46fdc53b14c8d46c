import type { SimStore } from './sim-store.js';
import type { Value } from './sim-forms.js';

/**
 * Dirty data as real K/3Cloud databases contain it (rows imported with SQL, broken custom
 * plug-ins): a value stored as-is, bypassing the form's validation and types, e.g. FQty = "abc".
 * A fault switch for testing how integrations treat bad source rows.
 */
export interface DirtyValue {
  formId: string;
  /** Bill or base-data number, e.g. XSDD000012. */
  number: string;
  field: string;
  value: Value;
  /** Entry entity of a line field (e.g. FSaleOrderEntry) and the line's position (0-based); omit for header fields. */
  entity?: string;
  line?: number;
}

/** Stores `value` raw; throws a message naming what was not found. */
export function plantDirtyValue(store: SimStore, dirty: DirtyValue): void {
  const form = store.form(dirty.formId);
  if (!form) throw new Error(`unknown form ${dirty.formId}`);
  const doc = form.findByNumber(dirty.number);
  if (!doc) throw new Error(`${dirty.formId} has no document ${dirty.number}`);
  if (dirty.entity === undefined) {
    doc.head[dirty.field] = dirty.value;
  } else {
    const line = doc.entries[dirty.entity]?.[dirty.line ?? 0];
    if (!line) throw new Error(`${dirty.number} has no ${dirty.entity} line ${dirty.line ?? 0}`);
    line[dirty.field] = dirty.value;
  }
  store.touch(); // drop cached query results
}
