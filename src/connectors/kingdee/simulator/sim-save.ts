import { statusReply, type KdError, type KdSuccess } from './sim-envelope.js';
import { CHANGE_FLAG, stampAuditedChange } from './sim-change.js';
import { DAY_MS } from './sim-clock.js';
import type { Rec, SimDoc, Value } from './sim-forms.js';
import { priceLine } from './sim-seed.js';
import { IDS } from './sim-seed-refs.js';
import type { FormStore } from './sim-store.js';
import { convertValue, pick, STATUS_TEXT, truthy, type WriteContext } from './sim-write-context.js';

type Mode = 'Save' | 'Draft';
interface Outcome {
  doc?: SimDoc;
  errors: KdError[];
  msgCode: number;
}

/** Save / Draft (one Model) and BatchSave (Model array) with per-model DIndex results. */
export function saveService(
  ctx: WriteContext,
  formStore: FormStore,
  data: Record<string, unknown>,
  service: 'Save' | 'BatchSave' | 'Draft',
): unknown {
  const rawModel = pick(data, 'Model');
  const models = service === 'BatchSave' ? (Array.isArray(rawModel) ? rawModel : [rawModel]) : [rawModel];
  const needUpdate = (pick(data, 'NeedUpDateFields') as unknown[] | undefined)?.map((k) => String(k).toLowerCase());
  const needReturn = ((pick(data, 'NeedReturnFields') as unknown[] | undefined) ?? []).map(String);
  const isDeleteEntry = truthy(pick(data, 'IsDeleteEntry'), true);
  const errors: KdError[] = [],
    successes: KdSuccess[] = [],
    returned: Rec[] = [];
  let msgCode = 11;
  models.forEach((model, i) => {
    const outcome = saveOne(
      ctx,
      formStore,
      model,
      service === 'Draft' ? 'Draft' : 'Save',
      needUpdate?.length ? new Set(needUpdate) : undefined,
      isDeleteEntry,
    );
    if (outcome.doc) {
      successes.push({
        Id: Number(outcome.doc.head[formStore.def.pkKey]),
        Number: String(outcome.doc.head[formStore.def.numberKey]),
        DIndex: i,
      });
      returned.push(returnData(ctx, formStore, outcome.doc, needReturn));
    } else {
      msgCode = outcome.msgCode;
      errors.push(...outcome.errors.map((e) => ({ ...e, DIndex: i })));
    }
  });
  if (successes.length) ctx.store.touch();
  if (service === 'BatchSave') return statusReply({ errors, successes, msgCode, extra: { NeedReturnData: returned } });
  const first = successes[0];
  return statusReply({
    errors,
    successes,
    msgCode,
    extra: first
      ? { Id: first.Id, Number: first.Number, NeedReturnData: returned }
      : { Id: '', Number: '', NeedReturnData: [] },
  });
}

function saveOne(
  ctx: WriteContext,
  formStore: FormStore,
  rawModel: unknown,
  mode: Mode,
  needUpdate: Set<string> | undefined,
  isDeleteEntry: boolean,
): Outcome {
  const def = formStore.def;
  const fail = (message: string, fieldName: string | null = null, msgCode = 11): Outcome => ({
    errors: [{ FieldName: fieldName, Message: message, DIndex: 0 }],
    msgCode,
  });
  if (!rawModel || typeof rawModel !== 'object' || Array.isArray(rawModel))
    return fail('参数Model不能为空，且必须是JSON对象。', null, 8);
  const model = flatten(formStore, rawModel as Record<string, unknown>);
  const id = Number(pick(model, def.pkKey) ?? pick(model, 'FID') ?? 0) || 0;
  const existing = id ? formStore.byId.get(id) : undefined;
  if (id && !existing) return fail(`内码为“${id}”的${def.caption}不存在，可能已被删除。`, def.pkKey, 10);
  const status = existing ? String(existing.head.FDocumentStatus ?? 'A') : 'new';
  const billNo = existing ? String(existing.head[def.numberKey]) : '';
  if (
    existing &&
    (status === 'B' || status === 'C') &&
    mode === 'Save' &&
    needUpdate &&
    def.editableAfterAudit &&
    [...needUpdate].every((k) => def.editableAfterAudit!.has(k))
  ) {
    return updateEditableAfterAudit(ctx, formStore, existing, model, needUpdate);
  }
  const changeAfterAudit =
    status === 'C' && def.formId === 'SAL_SaleOrder' && ctx.options.allowSaveAudited && mode === 'Save';
  if (existing && (status === 'B' || status === 'C') && !changeAfterAudit) {
    return fail(`${def.caption}“${billNo}”当前状态为“${STATUS_TEXT[status]}”，不允许修改！`, def.numberKey);
  }
  if (existing && mode === 'Draft' && status !== 'Z')
    return fail(`${def.caption}“${billNo}”已保存，不能再暂存。`, def.numberKey);

  const head: Rec = existing ? { ...existing.head } : {};
  const entries: Record<string, Rec[]> = {};
  for (const entity of Object.keys(def.entities))
    entries[entity] = (existing?.entries[entity] ?? []).map((l) => ({ ...l }));
  const errors: KdError[] = [];
  const touchedLines = new Map<Rec, Set<string>>();
  for (const [key, value] of Object.entries(model)) {
    const field = formStore.fields.get(key);
    if (!field || field.entity || field.key === def.pkKey || (field.derive === undefined && def.entities[key]))
      continue;
    if (needUpdate && existing && !needUpdate.has(key.toLowerCase())) continue;
    const converted = convertValue(ctx.store, field, value);
    if ('error' in converted) errors.push({ FieldName: field.key, Message: converted.error, DIndex: 0 });
    else head[field.key] = converted.value;
  }
  for (const entity of Object.keys(def.entities)) {
    const rows = pick(model, entity);
    if (!Array.isArray(rows)) continue;
    if (
      needUpdate &&
      existing &&
      !needUpdate.has(entity.toLowerCase()) &&
      !rows.some((r) => r && typeof r === 'object' && Object.keys(r).some((k) => needUpdate.has(k.toLowerCase())))
    )
      continue;
    const lines = entries[entity]!;
    const kept = new Set<Rec>();
    rows.forEach((row, r) => {
      if (!row || typeof row !== 'object' || Object.keys(row).length === 0) return;
      const entryId = Number(pick(row, 'FEntryID') ?? pick(row, `${entity}_FEntryID`) ?? 0) || 0;
      let line = entryId ? lines.find((l) => Number(l.FEntryID) === entryId) : undefined;
      if (entryId && !line) {
        errors.push({
          FieldName: 'FEntryID',
          Message: `第${r + 1}行分录内码“${entryId}”在${def.caption}中不存在。`,
          DIndex: 0,
        });
        return;
      }
      if (!line) {
        line = { FEntryID: ctx.store.nextId(`${def.formId}.${entity}`, maxEntryId(formStore, entity) + 1) };
        lines.push(line);
      }
      kept.add(line);
      const keys = new Set<string>();
      for (const [key, value] of Object.entries(row as Record<string, unknown>)) {
        const field = formStore.fields.get(key);
        if (!field || field.entity !== entity || field.key === 'FEntryID' || field.key === 'FSeq') continue;
        const converted = convertValue(ctx.store, field, value);
        if ('error' in converted)
          errors.push({ FieldName: field.key, Message: `第${r + 1}行：${converted.error}`, DIndex: 0 });
        else {
          line[field.key] = converted.value;
          keys.add(field.key);
        }
      }
      touchedLines.set(line, keys);
    });
    if (isDeleteEntry) entries[entity] = lines.filter((l) => kept.has(l));
    entries[entity]!.forEach((l, i) => (l.FSeq = i + 1));
  }
  if (errors.length) return { errors, msgCode: 11 };
  const doc: SimDoc = { head, entries };
  const normalizeErrors =
    def.formId === 'SAL_SaleOrder'
      ? normalizeSaleOrder(ctx, doc, touchedLines)
      : def.kind === 'base' && !String(head.FName ?? '').trim()
        ? [{ FieldName: 'FName', Message: `${def.caption}的名称不能为空。`, DIndex: 0 }]
        : [];
  if (normalizeErrors.length) return { errors: normalizeErrors, msgCode: 11 };
  const numberError = assignNumber(ctx, formStore, doc, existing);
  if (numberError) return fail(numberError, def.numberKey);

  if (existing) {
    if (changeAfterAudit) {
      const changed = [...touchedLines.keys()]
        .map((line) => {
          const before = existing.entries.FSaleOrderEntry?.find((l) => l.FEntryID === line.FEntryID);
          if (!before) return { line, flag: CHANGE_FLAG.added };
          if (before.FQty !== line.FQty) line.FOldQty = before.FQty;
          return ['FQty', 'FTaxPrice', 'FPrice', 'FMaterialId'].some((k) => before[k] !== line[k])
            ? { line, flag: CHANGE_FLAG.modified }
            : undefined;
        })
        .filter((c): c is { line: Rec; flag: 'A' | 'B' } => Boolean(c));
      Object.assign(existing, doc);
      stampAuditedChange(
        existing,
        changed,
        ctx.userId,
        ctx.now,
        String(head.FChangeReason ?? '').trim() || '审核后变更',
      );
    } else {
      Object.assign(head, {
        FModifierId: ctx.userId,
        FModifyDate: ctx.now,
        FDocumentStatus: mode === 'Draft' ? 'Z' : 'A',
      });
      Object.assign(existing, doc);
    }
    formStore.byNumber.delete(billNo.toLowerCase());
    formStore.index(existing);
    return { doc: existing, errors: [], msgCode: 0 };
  }
  head[def.pkKey] = ctx.store.nextId(`${def.formId}.pk`, maxPk(formStore) + 1);
  Object.assign(head, {
    FDocumentStatus: mode === 'Draft' ? 'Z' : 'A',
    FCreatorId: ctx.userId,
    FCreateDate: ctx.now,
    FModifierId: ctx.userId,
    FModifyDate: ctx.now,
  });
  if (def.kind === 'base')
    Object.assign(head, {
      FForbidStatus: head.FForbidStatus ?? 'A',
      FCreateOrgId: head.FCreateOrgId || IDS.org,
      FUseOrgId: head.FUseOrgId || IDS.org,
    });
  formStore.add(doc);
  return { doc, errors: [], msgCode: 0 };
}

/** Save of fields marked editable after audit only: updated in place, no change record, modify stamp moves. */
function updateEditableAfterAudit(
  ctx: WriteContext,
  formStore: FormStore,
  existing: SimDoc,
  model: Record<string, unknown>,
  needUpdate: Set<string>,
): Outcome {
  const errors: KdError[] = [];
  for (const [key, value] of Object.entries(model)) {
    const field = formStore.fields.get(key);
    if (!field || field.entity || !needUpdate.has(key.toLowerCase())) continue;
    const converted = convertValue(ctx.store, field, value);
    if ('error' in converted) errors.push({ FieldName: field.key, Message: converted.error, DIndex: 0 });
    else existing.head[field.key] = converted.value;
  }
  if (errors.length) return { errors, msgCode: 11 };
  Object.assign(existing.head, { FModifierId: ctx.userId, FModifyDate: ctx.now });
  return { doc: existing, errors: [], msgCode: 0 };
}

/** Moves header-like sub-objects (FSaleOrderFinance: {…}) onto the header, as the simulator stores them there. */
function flatten(formStore: FormStore, model: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(model)) {
    const isSub =
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      !formStore.fields.get(key) &&
      !formStore.def.entities[key];
    if (isSub) Object.assign(out, value);
    else if (
      Array.isArray(value) &&
      value.length === 1 &&
      !formStore.def.entities[key] &&
      value[0] &&
      typeof value[0] === 'object' &&
      !formStore.fields.get(key)
    )
      Object.assign(out, value[0]);
    else out[key] = value;
  }
  return out;
}

function normalizeSaleOrder(ctx: WriteContext, doc: SimDoc, touched: Map<Rec, Set<string>>): KdError[] {
  const { store } = ctx;
  const h = doc.head;
  const errors: KdError[] = [];
  const err = (field: string, message: string) => errors.push({ FieldName: field, Message: message, DIndex: 0 });
  if (!Number(h.FSaleOrgId)) err('FSaleOrgId', '字段“销售组织”是必录项，不能为空。');
  if (!Number(h.FCustId)) err('FCustId', '字段“客户”是必录项，不能为空。');
  if (errors.length) return errors;
  const cust = Number(h.FCustId);
  h.FDate ??= Math.floor(ctx.now / DAY_MS) * DAY_MS;
  for (const k of ['FReceiveId', 'FSettleId', 'FChargeId']) if (!Number(h[k])) h[k] = cust;
  if (!Number(h.FSalerId)) h.FSalerId = store.ref('BD_Customer', cust, 'FSELLER') ?? 0;
  if (!Number(h.FSaleDeptId)) h.FSaleDeptId = store.ref('BD_Customer', cust, 'FSALDEPTID') ?? 0;
  if (!Number(h.FSettleCurrId)) h.FSettleCurrId = store.ref('BD_Customer', cust, 'FTRADINGCURRID') ?? 1;
  if (h.FExchangeRate === undefined) {
    const code = store.ref('BD_Currency', h.FSettleCurrId, 'FNumber');
    h.FExchangeRate = ctx.master.currencies.find((c) => c.number === code)?.rateToCny ?? 1;
  }
  h.FBillTypeID ||= IDS.billTypeSaleOrder;
  if (!String(h.FReceiveAddress ?? '').trim()) h.FReceiveAddress = store.ref('BD_Customer', cust, 'FADDRESS') ?? ' ';
  const lines = doc.entries.FSaleOrderEntry ?? [];
  if (lines.length === 0) err('FSaleOrderEntry', '订单明细不能为空，至少需要一行物料。');
  lines.forEach((line, i) => {
    const material = Number(line.FMaterialId);
    if (!material) {
      err('FMaterialId', `第${i + 1}行：字段“物料编码”是必录项，不能为空。`);
      return;
    }
    if (!(Number(line.FQty) > 0)) {
      err('FQty', `第${i + 1}行：销售数量必须大于0。`);
      return;
    }
    const keys = touched.get(line) ?? new Set<string>();
    if (keys.has('FMaterialId') || line.FMaterialName === undefined) {
      line.FMaterialName = store.ref('BD_MATERIAL', material, 'FName');
      line.FMaterialModel = store.ref('BD_MATERIAL', material, 'FSpecification');
    }
    line.FUnitID ||= store.ref('BD_MATERIAL', material, 'FSaleUnitId') ?? IDS.unit;
    if (line.FEntryTaxRate === undefined)
      line.FEntryTaxRate = Number(
        store.ref('BD_TaxRate', store.ref('BD_MATERIAL', material, 'FTaxRateId'), 'FTaxRate') ?? 13,
      );
    line.FDeliveryDate ??= Number(h.FDate) + 7 * DAY_MS;
    line.FSOStockId ??= IDS.stock;
    line.FMaterialType ??= 2;
    line.FStockOutQty ??= 0;
    if (line.FIsFree === true) line.FTaxPrice = 0;
    priceLine(line, keys.has('FPrice') && !keys.has('FTaxPrice') ? 'net' : 'tax');
    if (line.FTaxPrice === undefined || Number.isNaN(Number(line.FTaxPrice))) line.FTaxPrice = 0;
  });
  return errors;
}

function assignNumber(
  ctx: WriteContext,
  formStore: FormStore,
  doc: SimDoc,
  existing: SimDoc | undefined,
): string | undefined {
  const def = formStore.def;
  let number = String(doc.head[def.numberKey] ?? '').trim();
  if (!number) {
    if (!def.numberPrefix) return `${def.caption}的编码不能为空。`;
    do {
      const n = ctx.store.nextId(`${def.formId}.number`, formStore.docs.length + 1);
      number = `${def.numberPrefix}${String(n).padStart(def.numberPrefix === 'XSDD' ? 6 : 8, '0')}`;
    } while (formStore.findByNumber(number));
  }
  const clash = formStore.findByNumber(number);
  if (clash && clash !== existing) return `${def.caption}编码“${number}”已经存在，不允许重复。`;
  doc.head[def.numberKey] = number;
  return undefined;
}

function returnData(ctx: WriteContext, formStore: FormStore, doc: SimDoc, keys: string[]): Rec {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const [entity, sub] = key.includes('.') ? (key.split('.', 2) as [string, string]) : [undefined, key];
    const field = formStore.fields.get(sub);
    if (entity && formStore.def.entities[entity]) {
      const entryField = formStore.fields.get(`${entity}_${sub}`) ?? field;
      out[entity] = (doc.entries[entity] ?? []).map((line, i) => ({
        ...((out[entity] as Rec[] | undefined)?.[i] ?? {}),
        [sub]: entryField ? ctx.store.read(formStore, entryField, doc, line) : null,
      }));
    } else if (field && !field.entity) out[key] = ctx.store.read(formStore, field, doc, undefined) as Value;
  }
  return out as Rec;
}

function maxPk(formStore: FormStore): number {
  return formStore.docs.reduce((m, d) => Math.max(m, Number(d.head[formStore.def.pkKey]) || 0), 0);
}

function maxEntryId(formStore: FormStore, entity: string): number {
  let m = 0;
  for (const d of formStore.docs) for (const l of d.entries[entity] ?? []) m = Math.max(m, Number(l.FEntryID) || 0);
  return m;
}
