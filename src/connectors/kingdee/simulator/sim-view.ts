import { formatKdDate } from './sim-clock.js';
import { statusReply } from './sim-envelope.js';
import type { FieldDef, Rec, SimDoc } from './sim-forms.js';
import type { FormStore, SimStore } from './sim-store.js';
import { pick } from './sim-write-context.js';

/**
 * View: the document as the real View service shapes it — property names without the F prefix
 * (`BillNo`, `DocumentStatus`, SAL_SaleOrder's `MOdifyDate` [sic]), references as `X_Id` plus an
 * object with multi-language `Name`, entries as arrays named by entity (`SaleOrderEntry`).
 */
export function viewService(
  store: SimStore,
  formStore: FormStore,
  data: Record<string, unknown>,
  lcid: number,
): unknown {
  const number = pick(data, 'Number');
  const id = pick(data, 'Id');
  const doc =
    number != null && String(number).trim()
      ? formStore.findByNumber(String(number))
      : id != null && id !== ''
        ? formStore.byId.get(Number(id))
        : undefined;
  if (!doc) {
    const what = number != null && String(number).trim() ? `编码为“${String(number)}”` : `内码为“${String(id ?? '')}”`;
    return statusReply({
      errors: [{ FieldName: null, Message: `${what}的${formStore.def.caption}不存在，或者已被删除。`, DIndex: 0 }],
      msgCode: 10,
    });
  }
  return {
    Result: {
      ResponseStatus: { IsSuccess: true, Errors: [], SuccessEntitys: [], SuccessMessages: [], MsgCode: 0 },
      Result: viewDoc(store, formStore, doc, lcid),
    },
  };
}

function propName(formStore: FormStore, key: string): string {
  if (formStore.def.formId === 'SAL_SaleOrder' && key === 'FModifyDate') return 'MOdifyDate';
  return key.replace(/^F(?=[A-Za-z_])/, '');
}

function viewDoc(store: SimStore, formStore: FormStore, doc: SimDoc, lcid: number): Rec {
  const def = formStore.def;
  const out: Record<string, unknown> = { Id: Number(doc.head[def.pkKey]), FFormId: def.formId };
  const put = (target: Record<string, unknown>, field: FieldDef, line: Rec | undefined) => {
    if (field.key === def.pkKey) return;
    const value = store.read(formStore, field, doc, line);
    const name = propName(formStore, field.key);
    if (field.type === 'ref') {
      target[`${name}_Id`] = value ?? 0;
      target[name] = Number(value) ? refObject(store, field.ref!, Number(value), lcid) : null;
    } else if (field.type === 'date') target[name] = typeof value === 'number' ? formatKdDate(value) : null;
    else if (def.kind === 'base' && /^(FName|FShortName|FSpecification|FDescription)$/.test(field.key))
      target[name] = [{ Key: lcid, Value: value }];
    else target[name] = value;
  };
  for (const field of def.fields) if (!field.entity) put(out, field, undefined);
  for (const entity of Object.keys(def.entities)) {
    out[entity.replace(/^F/, '')] = (doc.entries[entity] ?? []).map((line) => {
      const row: Record<string, unknown> = { Id: line.FEntryID, Seq: line.FSeq };
      for (const field of def.fields) if (field.entity === entity) put(row, field, line);
      return row;
    });
  }
  return out as Rec;
}

function refObject(store: SimStore, target: string, id: number, lcid: number): Record<string, unknown> {
  const name = store.ref(target, id, 'FName');
  return {
    Id: id,
    msterID: id,
    Number: store.ref(target, id, 'FNumber'),
    Name: name == null ? null : [{ Key: lcid, Value: name }],
    MultiLanguageText: name == null ? [] : [{ PkId: id, LocaleId: lcid, Name: name }],
  };
}
