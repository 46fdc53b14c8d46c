/** Value type of a query field as ExecuteBillQuery returns it. */
export type KingdeeFieldType =
  | 'integer'
  | 'decimal'
  | 'string'
  /** `yyyy-MM-ddTHH:mm:ss[.fff]`, Beijing local time without offset; null when empty. */
  | 'datetime'
  | 'boolean'
  /** Single-letter or code string (FDocumentStatus A/B/C/D/Z, FCloseStatus A/B…). */
  | 'enum'
  /** A bare base-data key: the referenced record's internal id (integer). */
  | 'baseDataId';

/** One query field of a Kingdee form. */
export interface KingdeeField {
  /** Name as the scheme refers to it (the seed's flattened form, e.g. `FCustId_FNumber`). */
  key: string;
  /** Key to put in FieldKeys (`FCustId.FNumber`). */
  fieldKey: string;
  /** Chinese label (from the seed where it has one). */
  label: string;
  type: KingdeeFieldType;
  /** Header (incl. one-to-one sub-entities), entry (one row per line) or a request parameter. */
  level: 'header' | 'entry' | 'param';
  /** Entry entity key for entry fields, e.g. `FSaleOrderEntry`. */
  entity?: string;
  description?: string;
}

/** Compact field table row: `key | label | type | H/E[:Entity] | fieldKey?`. */
export function parseFieldSpec(spec: string, defaultEntity?: string): KingdeeField[] {
  return spec
    .trim()
    .split('\n')
    .map((line) => {
      const [key, label, type, level, fieldKey] = line.split('|').map((part) => part.trim());
      const [lv, entity] = level!.split(':');
      return {
        key: key!,
        fieldKey: fieldKey || key!,
        label: label!,
        type: type as KingdeeFieldType,
        level: lv === 'E' ? 'entry' : 'header',
        entity: lv === 'E' ? entity || defaultEntity : undefined,
      } satisfies KingdeeField;
    });
}
