import { RecordRejectedError } from '../../core/errors.js';
import { QUARANTINE_KEY_PREFIX } from './document-key.js';

/**
 * Something wrong with source data that must fail only the document it belongs to (or, when no
 * key can be read, be quarantined on its own), never the whole run. Stored with the document in
 * the ledger, so operators see it next to the data and a retry by hand refuses it again.
 */
export interface SourceDefect {
  /** Stable code: source.bad_row, source.invalid_utf8, source.field_too_large, source.bad_key, source.key_missing. */
  code: string;
  /** What is wrong, where, and what to do. */
  message: string;
  /** The field at fault, when one is. */
  field?: string;
  /** 1-based position of the row in this read, when known. */
  row?: number;
  /** The row as received (a bounded preview) when it could not be read as fields. */
  raw?: unknown;
}

/**
 * Property of a grouped document that lists its defects. `$` cannot start a Kingdee field key,
 * and JSONata reads `$…` as a variable, so a mapping never touches it by accident.
 */
export const DEFECTS_FIELD = '$qiaoSourceDefects';

/** Most defects kept per document: enough to see the pattern, bounded however bad the source is. */
export const MAX_DEFECTS_KEPT = 20;

/** Rows carry their defects from the connector to grouping under a symbol no source can produce. */
const ROW_DEFECTS = Symbol('qiao.rowDefects');

/**
 * Marks a source row as defective. `fields` holds whatever could be read (possibly the key, so
 * that only its document fails; nothing, so that the row is quarantined). Returns `fields`.
 */
export function markRowDefects<T extends Record<string, unknown>>(fields: T, defects: readonly SourceDefect[]): T {
  const existing = rowDefectsOf(fields);
  Object.defineProperty(fields, ROW_DEFECTS, {
    value: [...existing, ...defects],
    enumerable: false,
    configurable: true,
  });
  return fields;
}

/** The defects a connector marked on `row` (none for a sound row). */
export function rowDefectsOf(row: Record<string, unknown>): readonly SourceDefect[] {
  return (row as { [ROW_DEFECTS]?: SourceDefect[] })[ROW_DEFECTS] ?? [];
}

/** The defects stored in a grouped document (e.g. one read back from the ledger for a retry). */
export function documentDefectsOf(document: unknown): SourceDefect[] {
  if (!document || typeof document !== 'object') return [];
  const value = (document as Record<string, unknown>)[DEFECTS_FIELD];
  return Array.isArray(value) ? (value as SourceDefect[]) : [];
}

/**
 * The record error that fails a document with defects (the first defect's message, the rest
 * counted), or a quarantined row when `key` is a quarantine key.
 */
export function defectError(key: string, defects: readonly SourceDefect[]): RecordRejectedError {
  const first = defects[0]!;
  const more = defects.length > 1 ? ` (and ${defects.length - 1} more problem${defects.length > 2 ? 's' : ''})` : '';
  const quarantined = key.startsWith(QUARANTINE_KEY_PREFIX);
  const message = quarantined
    ? `Source row ${first.row ?? ''} was quarantined as ${key}: ${first.message}${more}. Without a readable key it belongs to no document; fix it in the source system (it then syncs as its own document), then skip this record.`
    : `Source document "${key}" cannot be synced: ${first.message}${more}.`;
  return new RecordRejectedError(message, {
    code: first.code,
    details: {
      key,
      field: first.field,
      row: first.row,
      ...(quarantined && { quarantined: true }),
      defects: defects.slice(0, MAX_DEFECTS_KEPT).map(({ raw: _raw, ...rest }) => rest),
    },
  });
}

/** A bounded, JSON-safe view of a raw value for storage and messages (at most ~2,000 characters). */
export function defectPreview(raw: unknown, maxChars = 2_000): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(raw);
  } catch {
    text = undefined;
  }
  if (text === undefined) return String(raw).slice(0, maxChars);
  if (text.length <= maxChars) return raw === undefined ? null : JSON.parse(text);
  return `${text.slice(0, maxChars)}… (${text.length} characters in all)`;
}

/** "an object", "a string", "null"… for messages about values that should have been something else. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} values`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'undefined') return 'missing';
  if (typeof value === 'string')
    return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  if (typeof value === 'number' || typeof value === 'boolean') return `a ${typeof value} (${String(value)})`;
  return `a ${typeof value}`;
}
