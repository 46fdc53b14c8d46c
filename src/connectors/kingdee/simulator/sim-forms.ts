/**
 * Field metadata for the simulated forms. A field is either stored on the record or derived from
 * other fields on read (most of a sales-order line's ~150 quantities are copies of FQty), which keeps
 * a 200,000-line dataset small in memory while every documented key still answers with a real value.
 */
export type Value = string | number | boolean | null;
export type Rec = Record<string, Value>;

/** One stored document: header values plus entry lines per entity (each line has FEntryID and FSeq). */
export interface SimDoc {
  head: Rec;
  entries: Record<string, Rec[]>;
}

export type FieldType = 'int' | 'decimal' | 'text' | 'enum' | 'bool' | 'date' | 'ref';

/** Read access to referenced records while deriving a value. */
export interface DeriveContext {
  /** Property `prop` of record `id` in ref target `target` (null when unset or unknown). */
  ref(target: string, id: Value, prop: string): Value;
}

export interface FieldDef {
  /** Canonical FieldKey, e.g. `FQty`. Lookups are case-insensitive. */
  key: string;
  type: FieldType;
  /** Entry entity key (`FSaleOrderEntry`) for entry fields; undefined for header fields. */
  entity?: string;
  /** Ref target (form id or simple ref table) for `type: 'ref'`; the stored value is the target's internal id. */
  ref?: string;
  /** Computes the value when the record has no own value for `key`. */
  derive?: (head: Rec, line: Rec | undefined, ctx: DeriveContext, doc: SimDoc) => Value;
  /** Value when neither stored nor derived (defaults by type: 0, false, null, ' '). */
  blank?: Value;
}

export interface FormDef {
  formId: string;
  /** Chinese business-object name used in messages (销售订单). */
  caption: string;
  kind: 'bill' | 'base';
  /** Primary key field (FID, FMATERIALID, FCUSTID…). */
  pkKey: string;
  /** Number field (FBillNo / FNumber). */
  numberKey: string;
  /** Entry entities (key → caption); entry records carry `FEntryID` and `FSeq`. */
  entities: Record<string, string>;
  fields: FieldDef[];
  /** Bill-number prefix for generated numbers (XSDD). */
  numberPrefix?: string;
  /**
   * Custom header fields marked 审核后可修改 (editable after audit), lower-case: a Save whose
   * NeedUpDateFields lists only these updates an audited document in place, without a change
   * record. Integrations write ids back this way (e.g. the OKKI order id).
   */
  editableAfterAudit?: ReadonlySet<string>;
}

export function blankOf(field: FieldDef): Value {
  if (field.blank !== undefined) return field.blank;
  switch (field.type) {
    case 'int':
    case 'decimal':
    case 'ref':
      return 0;
    case 'bool':
      return false;
    case 'date':
      return null;
    default:
      return ' ';
  }
}

/** Compact field declaration: `'FQty:decimal FPrice:decimal FCustId:ref=BD_Customer'`. */
export function fieldsOf(
  spec: string,
  entity?: string,
  derived: Record<string, FieldDef['derive']> = {},
  blanks: Record<string, Value> = {},
): FieldDef[] {
  return spec
    .trim()
    .split(/\s+/)
    .map((token) => {
      const [key, typeSpec = 'text'] = token.split(':');
      const [type, ref] = typeSpec.split('=');
      const def: FieldDef = { key: key!, type: type as FieldType, entity };
      if (ref) def.ref = ref;
      if (derived[key!]) def.derive = derived[key!];
      if (key! in blanks) def.blank = blanks[key!];
      return def;
    });
}

export const round2 = (x: number): number => Math.round((x + Math.sign(x) * Number.EPSILON) * 100) / 100;
export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Case-insensitive field index of a form, including `<Entity>_FEntryID` / `<Entity>_FSeq` keys. */
export class FormFields {
  private readonly byLower = new Map<string, FieldDef>();

  constructor(readonly form: FormDef) {
    for (const field of form.fields) this.byLower.set(field.key.toLowerCase(), field);
    for (const entity of Object.keys(form.entities)) {
      this.byLower.set(`${entity}_FEntryID`.toLowerCase(), { key: 'FEntryID', type: 'int', entity });
      this.byLower.set(`${entity}_FSeq`.toLowerCase(), { key: 'FSeq', type: 'int', entity });
    }
    if (!this.byLower.has('fid')) this.byLower.set('fid', { key: form.pkKey, type: 'int' });
  }

  get(key: string): FieldDef | undefined {
    return this.byLower.get(key.toLowerCase());
  }

  all(): FieldDef[] {
    return this.form.fields;
  }
}
