import type { MasterData, Random } from '../../simulator-kit/master-data.js';
import { round2, type Rec, type SimDoc } from './sim-forms.js';
import { priceLine } from './sim-seed.js';
import { IDS } from './sim-seed-refs.js';
import type { SimStore } from './sim-store.js';

export type ChangeKind = 'qty' | 'price' | 'addLine' | 'removeLine';
export const CHANGE_KINDS: ChangeKind[] = ['qty', 'price', 'addLine', 'removeLine'];

/**
 * FChangeFlag letters are not documented publicly (reference §5, UNCERTAIN): the simulator uses the
 * SAL_XORDER change-type letters — 'A' added line, 'B' modified line — and ' ' for untouched lines.
 */
export const CHANGE_FLAG = { added: 'A', modified: 'B', none: ' ' } as const;

const REASONS: Record<ChangeKind, string> = {
  qty: '客户要求调整数量',
  price: '价格调整',
  addLine: '客户追加产品',
  removeLine: '取消部分产品',
};

/** Marks an audited order as changed (审核后变更 taking effect): version bump, change and modify stamps, line flags. */
export function stampAuditedChange(
  doc: SimDoc,
  changed: Array<{ line: Rec; flag: string }>,
  userId: number,
  now: number,
  reason: string,
): void {
  const head = doc.head;
  head.FVersionNo = String((Number(head.FVersionNo) || 0) + 1).padStart(3, '0');
  Object.assign(head, {
    FChangeDate: now,
    FChangerId: userId,
    FChangeReason: reason,
    FModifyDate: now,
    FModifierId: userId,
  });
  for (const line of doc.entries.FSaleOrderEntry ?? []) line.FChangeFlag = CHANGE_FLAG.none;
  for (const { line, flag } of changed) line.FChangeFlag = flag;
}

/** Whether an order can be changed after audit: audited, not closed, not voided. */
export function isChangeable(doc: SimDoc): boolean {
  return doc.head.FDocumentStatus === 'C' && doc.head.FCloseStatus !== 'B' && doc.head.FCancelStatus !== 'B';
}

/**
 * Applies one change of `kind` to an audited order as an ERP user would through a change order,
 * writing the effect back onto the order. Returns false when the kind does not apply (e.g. removing
 * the only line).
 */
export function applyChange(
  store: SimStore,
  master: MasterData,
  random: Random,
  doc: SimDoc,
  kind: ChangeKind,
  userId: number,
  now: number,
): boolean {
  const lines = doc.entries.FSaleOrderEntry ?? (doc.entries.FSaleOrderEntry = []);
  if (lines.length === 0) return false;
  const line = lines[random.int(0, lines.length - 1)]!;
  switch (kind) {
    case 'qty': {
      const old = Number(line.FQty);
      let next = Math.max(1, Math.round(old * (0.5 + random.next())));
      if (next === old) next = old + random.int(1, 20);
      line.FOldQty = old;
      line.FQty = next;
      priceLine(line);
      stampAuditedChange(doc, [{ line, flag: CHANGE_FLAG.modified }], userId, now, REASONS.qty);
      return true;
    }
    case 'price': {
      const old = Number(line.FTaxPrice);
      line.FOldQty = line.FQty;
      line.FTaxPrice = round2(old > 0 ? old * (0.9 + random.next() * 0.2) + 0.01 : random.int(10, 500));
      priceLine(line);
      stampAuditedChange(doc, [{ line, flag: CHANGE_FLAG.modified }], userId, now, REASONS.price);
      return true;
    }
    case 'addLine': {
      const used = new Set(lines.map((l) => Number(l.FMaterialId)));
      const free = master.materials.map((m, i) => ({ m, id: IDS.material(i) })).filter(({ id }) => !used.has(id));
      if (free.length === 0) return false;
      const { m, id } = free[random.int(0, free.length - 1)]!;
      const rate = Number(doc.head.FExchangeRate) || 1;
      const added: Rec = {
        FEntryID: store.nextId('SAL_SaleOrder.entry', 200_001),
        FSeq: Math.max(0, ...lines.map((l) => Number(l.FSeq))) + 1,
        FMaterialId: id,
        FMaterialName: m.name,
        FMaterialModel: m.model,
        FMaterialType: 2,
        FUnitID: IDS.unit,
        FQty: random.pick([10, 20, 50, 100]),
        FEntryTaxRate: m.taxRate,
        FTaxPrice: round2(m.price / rate),
        FIsFree: false,
        FDeliveryDate: Number(doc.head.FDate) + 30 * 86_400_000,
        FSOStockId: IDS.stock,
        FStockOutQty: 0,
        FOldQty: 0,
        F_hesh_Discount: 0,
      };
      priceLine(added);
      lines.push(added);
      stampAuditedChange(doc, [{ line: added, flag: CHANGE_FLAG.added }], userId, now, REASONS.addLine);
      return true;
    }
    case 'removeLine': {
      if (lines.length < 2) return false;
      lines.splice(lines.indexOf(line), 1);
      lines.forEach((l, i) => (l.FSeq = i + 1));
      stampAuditedChange(doc, [], userId, now, REASONS.removeLine);
      return true;
    }
  }
}

export interface ChangeRequest {
  billNos?: string[];
  count?: number;
  kinds?: ChangeKind[];
}

/**
 * changeOrdersAfterAudit: picks `count` changeable orders (or the given bill numbers) deterministically
 * from `random`, applies the kinds in turn (cycling), and returns the changed bill numbers.
 */
export function changeOrdersAfterAudit(
  store: SimStore,
  master: MasterData,
  random: Random,
  request: ChangeRequest,
  userId: number,
  now: number,
): string[] {
  const formStore = store.form('SAL_SaleOrder')!;
  const kinds = request.kinds?.length ? request.kinds.filter((k) => CHANGE_KINDS.includes(k)) : CHANGE_KINDS;
  let targets: SimDoc[];
  if (request.billNos?.length) {
    targets = request.billNos
      .map((no) => formStore.findByNumber(no))
      .filter((d): d is SimDoc => Boolean(d && isChangeable(d)));
  } else {
    const pool = formStore.docs.filter(isChangeable);
    const count = Math.min(Math.max(1, request.count ?? 1), pool.length);
    targets = [];
    const picked = new Set<number>();
    while (targets.length < count) {
      let i = random.int(0, pool.length - 1);
      while (picked.has(i)) i = (i + 1) % pool.length;
      picked.add(i);
      targets.push(pool[i]!);
    }
  }
  const changed: string[] = [];
  targets.forEach((doc, i) => {
    const first = kinds[i % kinds.length]!;
    const ok =
      applyChange(store, master, random, doc, first, userId, now) ||
      applyChange(store, master, random, doc, 'qty', userId, now);
    if (ok) changed.push(String(doc.head.FBillNo));
  });
  if (changed.length) store.touch();
  return changed;
}
