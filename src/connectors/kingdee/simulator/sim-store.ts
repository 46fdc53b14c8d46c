import { CURRENCY_FORM, CUSTOMER_FORM, MATERIAL_FORM, RECEIVE_BILL_FORM } from './sim-form-basedata.js';
import { SALE_ORDER_FORM } from './sim-form-sale-order.js';
import {
  blankOf,
  FormFields,
  type DeriveContext,
  type FieldDef,
  type FormDef,
  type Rec,
  type SimDoc,
  type Value,
} from './sim-forms.js';

/** All documents of one form with id and number indexes. */
export class FormStore {
  readonly fields: FormFields;
  docs: SimDoc[] = [];
  readonly byId = new Map<number, SimDoc>();
  readonly byNumber = new Map<string, SimDoc>();

  constructor(readonly def: FormDef) {
    this.fields = new FormFields(def);
  }

  add(doc: SimDoc): void {
    this.docs.push(doc);
    this.index(doc);
  }

  index(doc: SimDoc): void {
    this.byId.set(Number(doc.head[this.def.pkKey]), doc);
    this.byNumber.set(String(doc.head[this.def.numberKey]).toLowerCase(), doc);
  }

  remove(doc: SimDoc): void {
    this.docs = this.docs.filter((d) => d !== doc);
    this.byId.delete(Number(doc.head[this.def.pkKey]));
    this.byNumber.delete(String(doc.head[this.def.numberKey]).toLowerCase());
  }

  findByNumber(number: string): SimDoc | undefined {
    return this.byNumber.get(number.trim().toLowerCase());
  }
}

/**
 * The simulator's in-memory database. `version` increases on every write so that cached query
 * results (see bill-query.ts) are dropped whenever anything changed.
 */
export class SimStore implements DeriveContext {
  private readonly forms = new Map<string, FormStore>();
  /** Simple ref tables (organisations, users, units…): target → id → record with FNumber/FName. */
  private readonly refTables = new Map<string, Map<number, Rec>>();
  private readonly refByNumber = new Map<string, Map<string, number>>();
  version = 0;
  private readonly nextIds = new Map<string, number>();

  constructor(forms: FormDef[] = [SALE_ORDER_FORM, MATERIAL_FORM, CUSTOMER_FORM, CURRENCY_FORM, RECEIVE_BILL_FORM]) {
    for (const def of forms) this.forms.set(def.formId.toLowerCase(), new FormStore(def));
  }

  /** Form by id, case-insensitively (the official demo mixes BD_Material and BD_MATERIAL). */
  form(formId: string): FormStore | undefined {
    return this.forms.get(formId.trim().toLowerCase());
  }

  touch(): void {
    this.version++;
  }

  /** Next id from a named sequence (FID, entry ids…), starting at `start`. */
  nextId(sequence: string, start: number): number {
    const next = Math.max(this.nextIds.get(sequence) ?? start, start);
    this.nextIds.set(sequence, next + 1);
    return next;
  }

  addRef(target: string, id: number, record: Rec): void {
    let table = this.refTables.get(target);
    if (!table) this.refTables.set(target, (table = new Map()));
    table.set(id, record);
    let byNumber = this.refByNumber.get(target);
    if (!byNumber) this.refByNumber.set(target, (byNumber = new Map()));
    if (record.FNumber != null) byNumber.set(String(record.FNumber).toLowerCase(), id);
    if (record.FName != null && !byNumber.has(`name:${String(record.FName).toLowerCase()}`))
      byNumber.set(`name:${String(record.FName).toLowerCase()}`, id);
  }

  /** Reads a field of a document (own value, else derived, else the type's blank). */
  read(formStore: FormStore, field: FieldDef, doc: SimDoc, line: Rec | undefined): Value {
    const rec = field.entity ? line : doc.head;
    const own = rec?.[field.key];
    if (own !== undefined) return own;
    if (field.derive) return field.derive(doc.head, line, this, doc);
    void formStore;
    return blankOf(field);
  }

  /** DeriveContext: property of a referenced record; null when unset or missing. */
  ref(target: string, id: Value, prop: string): Value {
    const key = Number(id);
    if (!key) return null;
    const formStore = this.forms.get(target.toLowerCase());
    if (formStore) {
      const doc = formStore.byId.get(key);
      const field = formStore.fields.get(prop);
      if (!doc || !field || field.entity) return null;
      return this.read(formStore, field, doc, undefined);
    }
    const rec = this.refTables.get(target)?.get(key);
    if (!rec) return null;
    const found = Object.keys(rec).find((k) => k.toLowerCase() === prop.toLowerCase());
    return found ? rec[found]! : null;
  }

  /** A fast reader of property `prop` of ref target `target`, resolved once (used per query column). */
  refReader(target: string, prop: string): (id: Value) => Value {
    const formStore = this.forms.get(target.toLowerCase());
    if (formStore) {
      const field = formStore.fields.get(prop);
      if (!field || field.entity) return () => null;
      return (id) => {
        const doc = id ? formStore.byId.get(Number(id)) : undefined;
        return doc ? this.read(formStore, field, doc, undefined) : null;
      };
    }
    const table = this.refTables.get(target);
    const first = table?.values().next().value;
    const key = first ? Object.keys(first).find((k) => k.toLowerCase() === prop.toLowerCase()) : undefined;
    if (!table || !key) return () => null;
    return (id) => (id ? (table.get(Number(id))?.[key] ?? null) : null);
  }

  /** Whether `prop` is a known sub-property of ref target `target` (for MsgCode 9 on unknown keys). */
  hasRefProp(target: string, prop: string): boolean {
    const formStore = this.forms.get(target.toLowerCase());
    if (formStore) return Boolean(formStore.fields.get(prop)) && !formStore.fields.get(prop)!.entity;
    const lower = prop.toLowerCase();
    if (['fnumber', 'fname', 'fid', 'fmasterid'].includes(lower)) return true;
    const first = this.refTables.get(target)?.values().next().value;
    return Boolean(first && Object.keys(first).some((k) => k.toLowerCase() === lower));
  }

  /** Resolves a Save-model reference (`{FNumber}`, `{FNUMBER}`, `{FName}`, `{FUserID}`, a number) to an id; undefined when not found. */
  resolveRef(target: string, value: unknown): number | undefined {
    if (value == null || value === '') return 0;
    if (typeof value === 'number') return value;
    if (typeof value === 'string') return this.resolveRef(target, { FNumber: value });
    if (typeof value !== 'object') return undefined;
    const obj = Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]),
    );
    if (obj.fuserid != null || obj.fid != null || obj.id != null)
      return Number(obj.fuserid ?? obj.fid ?? obj.id) || undefined;
    const number = obj.fnumber ?? obj.number;
    const name = obj.fname ?? obj.name;
    if (number == null && name == null) return 0;
    const formStore = this.forms.get(target.toLowerCase());
    if (formStore) {
      const doc =
        number != null
          ? formStore.findByNumber(String(number))
          : formStore.docs.find((d) => String(d.head.FName) === String(name));
      return doc ? Number(doc.head[formStore.def.pkKey]) : undefined;
    }
    const byNumber = this.refByNumber.get(target);
    return number != null
      ? byNumber?.get(String(number).toLowerCase())
      : byNumber?.get(`name:${String(name).toLowerCase()}`);
  }
}
