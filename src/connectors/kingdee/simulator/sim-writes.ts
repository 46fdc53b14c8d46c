import { statusReply, type KdError, type KdSuccess } from './sim-envelope.js';
import type { SimDoc } from './sim-forms.js';
import type { FormStore } from './sim-store.js';
import { pick, STATUS_TEXT, type WriteContext } from './sim-write-context.js';

export type StatusOp = 'Submit' | 'Audit' | 'UnAudit' | 'Delete' | 'CancelAssign';

/** Targets named by `Numbers` (array or comma list) and/or `Ids` ("1,2", array or number), in DIndex order. */
function targets(formStore: FormStore, data: Record<string, unknown>): Array<{ key: string; doc: SimDoc | undefined }> {
  const list = (v: unknown): string[] =>
    (Array.isArray(v) ? v.map(String) : v == null || v === '' ? [] : String(v).split(','))
      .map((s) => s.trim())
      .filter(Boolean);
  return [
    ...list(pick(data, 'Numbers')).map((n) => ({ key: n, doc: formStore.findByNumber(n) })),
    ...list(pick(data, 'Ids')).map((id) => ({ key: id, doc: formStore.byId.get(Number(id)) })),
  ];
}

type Step = (doc: SimDoc) => string | undefined; // returns an error message, or undefined after applying

/** Runs `step` on every target, collecting SuccessEntitys / Errors with DIndex (partial success allowed). */
function runOnTargets(
  ctx: WriteContext,
  formStore: FormStore,
  data: Record<string, unknown>,
  verb: string,
  step: Step,
): unknown {
  const def = formStore.def;
  const list = targets(formStore, data);
  if (list.length === 0)
    return statusReply({
      errors: [{ FieldName: null, Message: '请指定要操作的单据：Numbers 或 Ids 不能为空。', DIndex: 0 }],
      msgCode: 8,
    });
  const errors: KdError[] = [],
    successes: KdSuccess[] = [],
    messages: KdError[] = [];
  let msgCode = 11;
  list.forEach(({ key, doc }, i) => {
    if (!doc) {
      msgCode = errors.length ? msgCode : 10;
      errors.push({ FieldName: null, Message: `${def.caption}“${key}”不存在，可能已被删除。`, DIndex: i });
      return;
    }
    const number = String(doc.head[def.numberKey]);
    const id = Number(doc.head[def.pkKey]);
    const error = step(doc);
    if (error) {
      msgCode = 11;
      errors.push({ FieldName: '', Message: `单据编号为“${number}”的${def.caption}，${error}`, DIndex: i });
    } else {
      successes.push({ Id: id, Number: number, DIndex: i });
      messages.push({ FieldName: null, Message: `单据编号为“${number}”的${def.caption}，${verb}成功！`, DIndex: i });
    }
  });
  if (successes.length) ctx.store.touch();
  return statusReply({ errors, successes, messages, msgCode });
}

const status = (doc: SimDoc) => String(doc.head.FDocumentStatus ?? 'A');

/** Submit / Audit / UnAudit / Delete / CancelAssign with the Z→A→B→C (D re-audit) status machine. */
export function statusOperation(
  ctx: WriteContext,
  formStore: FormStore,
  data: Record<string, unknown>,
  op: StatusOp,
): unknown {
  const h = (doc: SimDoc) => doc.head;
  const touchModify = (doc: SimDoc) => {
    if (ctx.options.auditTouchesModifyDate) Object.assign(h(doc), { FModifyDate: ctx.now, FModifierId: ctx.userId });
  };
  const steps: Record<StatusOp, [string, Step]> = {
    Submit: [
      '提交',
      (doc) => {
        const s = status(doc);
        if (s === 'B') return '单据已经提交！';
        if (s === 'C') return '单据已经审核！';
        if (s === 'Z') return '暂存的单据不能提交，请先保存！';
        if (h(doc).FCancelStatus === 'B') return '单据已作废，不能提交！';
        h(doc).FDocumentStatus = 'B';
      },
    ],
    CancelAssign: [
      '撤销',
      (doc) => {
        if (status(doc) !== 'B') return `单据状态为“${STATUS_TEXT[status(doc)]}”，只有审核中的单据才能撤销！`;
        h(doc).FDocumentStatus = 'A';
      },
    ],
    Audit: [
      '审核',
      (doc) => {
        const s = status(doc);
        if (s === 'C') return '单据已经审核！';
        if (s === 'Z') return '暂存的单据不能审核！';
        if (s !== 'B' && ctx.options.auditRequiresSubmit) return '单据未提交，不能审核！';
        if (h(doc).FCancelStatus === 'B') return '单据已作废，不能审核！';
        Object.assign(h(doc), { FDocumentStatus: 'C', FApproverId: ctx.userId, FApproveDate: ctx.now });
        touchModify(doc);
      },
    ],
    UnAudit: [
      '反审核',
      (doc) => {
        if (status(doc) !== 'C') return '单据未审核，不能反审核！';
        if (h(doc).FCloseStatus === 'B') return '单据已关闭，不能反审核！';
        const receipt =
          formStore.def.formId === 'SAL_SaleOrder' ? downstreamReceipt(ctx, String(h(doc).FBillNo)) : undefined;
        if (receipt) return `已存在下游单据（收款单${receipt}），不能反审核！`;
        Object.assign(h(doc), { FDocumentStatus: 'D', FApproverId: 0, FApproveDate: null });
        touchModify(doc);
      },
    ],
    Delete: [
      '删除',
      (doc) => {
        const s = status(doc);
        if (!['Z', 'A', 'D'].includes(s)) return `单据状态为“${STATUS_TEXT[s]}”，不能删除！`;
        formStore.remove(doc);
      },
    ],
  };
  const [verb, step] = steps[op];
  return runOnTargets(ctx, formStore, data, verb, step);
}

function downstreamReceipt(ctx: WriteContext, billNo: string): string | undefined {
  const receipts = ctx.store.form('AR_RECEIVEBILL');
  const hit = receipts?.docs.find((d) =>
    (d.entries.FRECEIVEBILLENTRY ?? []).some((l) => String(l.FORDERBILLNO) === billNo),
  );
  return hit ? String(hit.head.FBillNo) : undefined;
}

/** ExcuteOperation: Forbid/Enable, Cancel/UnCancel (作废), BillClose/BillUnClose, line Freeze/Terminate and their reversals. */
export function executeOperation(
  ctx: WriteContext,
  formStore: FormStore,
  opNumber: string,
  data: Record<string, unknown>,
): unknown {
  const op = opNumber.trim().toLowerCase();
  const stamp = (doc: SimDoc) => {
    if (ctx.options.stateOpsTouchModifyDate) Object.assign(doc.head, { FModifyDate: ctx.now, FModifierId: ctx.userId });
  };
  const entryIds = new Set(
    ((pick(data, 'PkEntryIds') as unknown[] | undefined) ?? [])
      .flatMap((p) => String(pick(p, 'EntryIds') ?? '').split(','))
      .map((s) => Number(s.trim()))
      .filter(Boolean),
  );
  const lineOp =
    (statusKey: string, value: string, byKey: string, dateKey: string) =>
    (doc: SimDoc): string | undefined => {
      if (status(doc) !== 'C') return '单据未审核，不能执行该操作！';
      for (const line of doc.entries.FSaleOrderEntry ?? []) {
        if (entryIds.size && !entryIds.has(Number(line.FEntryID))) continue;
        Object.assign(line, {
          [statusKey]: value,
          [byKey]: value === 'A' ? 0 : ctx.userId,
          [dateKey]: value === 'A' ? null : ctx.now,
        });
      }
      stamp(doc);
    };
  const ops: Record<string, [string, (doc: SimDoc) => string | undefined]> = {
    forbid: [
      '禁用',
      (doc) =>
        doc.head.FForbidStatus === 'B'
          ? '数据已经禁用！'
          : (Object.assign(doc.head, { FForbidStatus: 'B', FForbidderId: ctx.userId, FForbidDate: ctx.now }),
            stamp(doc),
            undefined),
    ],
    enable: [
      '反禁用',
      (doc) =>
        doc.head.FForbidStatus !== 'B'
          ? '数据未禁用！'
          : (Object.assign(doc.head, { FForbidStatus: 'A', FForbidderId: 0, FForbidDate: null }),
            stamp(doc),
            undefined),
    ],
    cancel: [
      '作废',
      (doc) => {
        if (doc.head.FCancelStatus === 'B') return '单据已经作废！';
        if (['B', 'C'].includes(status(doc))) return `单据状态为“${STATUS_TEXT[status(doc)]}”，不能作废！`;
        Object.assign(doc.head, { FCancelStatus: 'B', FCancellerId: ctx.userId, FCancelDate: ctx.now });
        stamp(doc);
      },
    ],
    uncancel: [
      '反作废',
      (doc) =>
        doc.head.FCancelStatus !== 'B'
          ? '单据未作废！'
          : (Object.assign(doc.head, { FCancelStatus: 'A', FCancellerId: 0, FCancelDate: null }),
            stamp(doc),
            undefined),
    ],
    billclose: [
      '整单关闭',
      (doc) => {
        if (status(doc) !== 'C') return '单据未审核，不能关闭！';
        if (doc.head.FCloseStatus === 'B') return '单据已经关闭！';
        Object.assign(doc.head, { FCloseStatus: 'B', FCloserId: ctx.userId, FCloseDate: ctx.now, FManualClose: true });
        stamp(doc);
      },
    ],
    billunclose: [
      '反关闭',
      (doc) =>
        doc.head.FCloseStatus !== 'B'
          ? '单据未关闭！'
          : (Object.assign(doc.head, { FCloseStatus: 'A', FCloserId: 0, FCloseDate: null, FManualClose: false }),
            stamp(doc),
            undefined),
    ],
    freeze: ['业务冻结', lineOp('FMrpFreezeStatus', 'B', 'FFreezerId', 'FFreezeDate')],
    unfreeze: ['业务反冻结', lineOp('FMrpFreezeStatus', 'A', 'FFreezerId', 'FFreezeDate')],
    terminate: ['业务终止', lineOp('FMrpTerminateStatus', 'B', 'FTerminaterId', 'FTerminateDate')],
    unterminate: ['业务反终止', lineOp('FMrpTerminateStatus', 'A', 'FTerminaterId', 'FTerminateDate')],
  };
  const found = ops[op];
  if (!found)
    return statusReply({
      errors: [{ FieldName: null, Message: `业务对象“${formStore.def.caption}”不存在操作“${opNumber}”。`, DIndex: 0 }],
      msgCode: 3,
    });
  const forms: Record<string, boolean> = { forbid: true, enable: true };
  if (forms[op] && formStore.def.kind !== 'base')
    return statusReply({
      errors: [{ FieldName: null, Message: `${formStore.def.caption}不支持操作“${opNumber}”。`, DIndex: 0 }],
      msgCode: 12,
    });
  if (!forms[op] && formStore.def.kind === 'base')
    return statusReply({
      errors: [{ FieldName: null, Message: `${formStore.def.caption}不支持操作“${opNumber}”。`, DIndex: 0 }],
      msgCode: 12,
    });
  return runOnTargets(ctx, formStore, data, found[0], found[1]);
}
