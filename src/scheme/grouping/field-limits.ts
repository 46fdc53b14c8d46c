import type { SourceDefect } from './source-defect.js';

/**
 * Longest text value accepted in one source field (characters). ERP text fields are a few thousand
 * characters at most; a value far beyond that is broken data, and storing or pushing it in full
 * would bloat the ledger and the target.
 */
export const DEFAULT_MAX_FIELD_CHARS = 1_048_576;

/**
 * Checks every text value of `row` against `maxChars`. An oversized value is replaced, in a copy,
 * by a short note (the original is never stored) and reported as a defect naming the field, which
 * fails the document. Sound rows are returned as they are, uncopied: this runs on every row.
 */
export function capFields(
  row: Record<string, unknown>,
  maxChars: number,
  rowNumber: number,
): { row: Record<string, unknown>; defects: SourceDefect[] } {
  let defects: SourceDefect[] | undefined;
  let capped: Record<string, unknown> | undefined;
  for (const field in row) {
    const value = row[field];
    if (typeof value !== 'string' || value.length <= maxChars) continue;
    capped ??= { ...row };
    defects ??= [];
    capped[field] = `[value of ${value.length} characters not kept: over the ${maxChars}-character field limit]`;
    defects.push({
      code: 'source.field_too_large',
      field,
      row: rowNumber,
      message: `field "${field}" holds ${value.length} characters, over the ${maxChars}-character limit of one field; shorten the value in the source system`,
    });
  }
  return capped ? { row: capped, defects: defects! } : { row, defects: [] };
}
