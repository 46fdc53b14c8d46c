import {
  defectPreview,
  describeValue,
  markRowDefects,
  type SourceDefect,
} from '../../../scheme/grouping/source-defect.js';

export interface KingdeePageContext {
  formId: string;
  /** StartRow of the page, to number rows within the whole read. */
  startRow: number;
  /** Set when the reply held bytes that are not UTF-8: byte offset of the first. */
  invalidUtf8At?: number;
}

type RowObject = Record<string, unknown>;

/**
 * One ExecuteBillQuery page → objects keyed by the FieldKeys. A row that is not an array of one
 * value per key (an object, a string, null…) does not fail the page: it becomes a row marked
 * defective that carries whatever could be read (an object's own FieldKeys, so possibly its
 * document key), and grouping then fails only its document or quarantines the row. When the reply
 * held invalid UTF-8, rows whose text contains U+FFFD are marked too, naming the field.
 */
export function kingdeePageRows(
  rows: readonly unknown[],
  keys: readonly string[],
  toObject: (row: readonly unknown[]) => RowObject,
  context: KingdeePageContext,
): RowObject[] {
  const width = keys.length;
  const page = new Array<RowObject>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const raw = rows[i];
    page[i] =
      Array.isArray(raw) && raw.length === width
        ? toObject(raw)
        : malformedRow(raw, keys, context.startRow + i + 1, context.formId);
  }
  if (context.invalidUtf8At !== undefined) {
    for (let i = 0; i < page.length; i++) markReplacedText(page[i]!, context.startRow + i + 1, context.invalidUtf8At);
  }
  return page;
}

function malformedRow(raw: unknown, keys: readonly string[], rowNumber: number, formId: string): RowObject {
  const fields: RowObject = {};
  // An object may still name its fields (and so its document); an array of the wrong width may not:
  // with a column missing or added, no position can be trusted.
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const key of keys) {
      if (Object.hasOwn(raw, key))
        Object.defineProperty(fields, key, {
          value: (raw as RowObject)[key],
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
  }
  const defect: SourceDefect = {
    code: 'source.bad_row',
    row: rowNumber,
    raw: defectPreview(raw),
    message: `ExecuteBillQuery row ${rowNumber} of ${formId} is ${describeValue(raw)}, not an array of ${keys.length} values (one per FieldKey); fix the row in Kingdee, or the plug-in or proxy that produces it`,
  };
  return markRowDefects(fields, [defect]);
}

function markReplacedText(row: RowObject, rowNumber: number, offset: number): void {
  const defects: SourceDefect[] = [];
  for (const field in row) {
    const value = row[field];
    if (typeof value === 'string' && value.includes('\uFFFD')) {
      defects.push({
        code: 'source.invalid_utf8',
        field,
        row: rowNumber,
        message: `field "${field}" holds bytes that are not valid UTF-8 (read as U+FFFD; the first bad byte is at offset ${offset} of the reply); fix the text in Kingdee`,
      });
    }
  }
  if (defects.length > 0) markRowDefects(row, defects);
}
