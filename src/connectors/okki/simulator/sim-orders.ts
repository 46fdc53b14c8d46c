/**
 * `POST /v1/invoices/order/push` semantics, including the vendor's documented quirks:
 * - upsert: an existing `order_id` (unknown id → 404) or a live `order_no` edits; otherwise a new order is
 *   created under the given `order_no` (or a generated `SOyyyymmddNNNNN`);
 * - lines lacking a known `product_id`+`sku_id` pair are dropped without error;
 * - `cost_amount`/`other_cost` are re-saved from every push (missing → 0);
 * - on edit: rows with a known `unique_id` update that line (`remove: 1` deletes it), id-less rows merge
 *   into the line with the same product+sku (several such rows collapse to one), omitted lines are kept;
 * - an unknown `status` is ignored; omitting the `exchange_rate` key refills both ×100 rates from the
 *   system table, a present key (even empty) is taken as sent;
 * - totals are computed from lines and `cost_list`; client-sent totals are ignored;
 * - custom fields (numeric ids known to the tenant) are stored verbatim, header and line level;
 *   `require: 1` fields of the tenant's field catalogue are enforced on the resulting order.
 * Choices where the reference is silent: omitted header fields are left unchanged on edit; `currency` is
 * required on create only (an edit keeps the stored one); an unknown `company_id` or a non-active acting
 * `user_id` is refused with the vendor's 404 ("Not Found Resource…"); `users`/`departments` ids must exist
 * and rates may not sum above 100; a live `order_no` is unique (renaming onto another order is refused).
 * All validation happens before anything is changed, so a rejected push leaves no trace.
 * Work per push is O(lines).
 */
import { CURRENCY_RATES } from './sim-currencies.js';
import { nextDocumentNo, type Tenant } from './sim-tenant.js';
import { asRecord, chinaTime, has, invalid, money, notFound, str, toId, toNumber } from './sim-util.js';
import type { CostRow, OrderLine, SimOrder } from './sim-records.js';

export type { CostRow, OrderLine, SimOrder } from './sim-records.js';

export const HEADER_FIELDS = [
  'name',
  'account_date',
  'price_contract',
  'price_contract_remark',
  'receive_remittance_way',
  'receive_remittance_remark',
  'insurance_remark',
  'order_contract',
  'bank_info',
  'remark',
  'company_name',
  'company_phone',
  'company_fax',
  'company_address',
  'country',
  'customer_name',
  'customer_phone',
  'customer_email',
  'customer_address',
  'transport_mode',
  'shipment_deadline',
  'shipment_deadline_remark',
  'shipment_port',
  'target_port',
  'more_or_less',
  'package_remark',
  'marked',
  'opportunity_id',
  'capital_account_id',
  'tax_refund_type',
  'file_list',
] as const;

const isRemove = (row: Record<string, unknown>): boolean => toNumber(row.remove) === 1;

function customIds(t: Tenant, lineLevel: boolean): Set<string> {
  return new Set(t.orderFields.filter((f) => f.base === 0 && (f.is_list === 1) === lineLevel).map((f) => f.id));
}

/** Builds a line from a push row (over `prev` when editing one); undefined when the product/sku is unknown. */
function buildLine(
  t: Tenant,
  row: Record<string, unknown>,
  lineIds: Set<string>,
  prev?: OrderLine,
): OrderLine | undefined {
  const productId = toId(row.product_id) ?? prev?.product_id;
  const skuId = toId(row.sku_id) ?? prev?.sku_id;
  const product = skuId === undefined ? undefined : t.skus.get(skuId);
  if (!product || product.product_id !== productId || product.enable_flag === 0) return undefined;
  const custom: Record<string, unknown> = { ...prev?.custom };
  for (const key of Object.keys(row)) if (lineIds.has(key)) custom[key] = row[key];
  const text = (key: 'product_name' | 'product_model' | 'unit' | 'description', fallback: string): string =>
    has(row, key) ? str(row[key]) : prev && prev.product_id === productId ? prev[key] : fallback;
  return {
    unique_id: prev?.unique_id ?? 0,
    product_id: product.product_id,
    sku_id: skuId!,
    count: toNumber(row.count) ?? prev?.count ?? 0,
    unit_price: toNumber(row.unit_price) ?? prev?.unit_price ?? 0,
    cost_amount: toNumber(row.cost_amount) ?? 0,
    other_cost: toNumber(row.other_cost) ?? 0,
    product_name: text('product_name', product.name),
    product_model: text('product_model', product.model),
    unit: text('unit', product.unit),
    description: text('description', product.description),
    custom,
  };
}

function mergeLines(t: Tenant, rows: unknown[], existing: OrderLine[] | undefined, lineIds: Set<string>): OrderLine[] {
  if (!existing) {
    const lines: OrderLine[] = [];
    for (const raw of rows) {
      const row = asRecord(raw);
      if (!row || isRemove(row)) continue;
      const line = buildLine(t, row, lineIds);
      if (line) lines.push({ ...line, unique_id: t.ids.next() });
    }
    return lines;
  }
  const next = existing.slice();
  const byUid = new Map(next.map((l, i) => [l.unique_id, i]));
  const byKey = new Map<string, number>();
  next.forEach((l, i) => {
    if (!byKey.has(`${l.product_id}|${l.sku_id}`)) byKey.set(`${l.product_id}|${l.sku_id}`, i);
  });
  const removed = new Set<number>();
  for (const raw of rows) {
    const row = asRecord(raw);
    if (!row) continue;
    const uid = toId(row.unique_id);
    const at = uid === undefined ? undefined : byUid.get(uid);
    if (at !== undefined) {
      if (isRemove(row)) {
        removed.add(uid!);
        continue;
      }
      const line = buildLine(t, row, lineIds, next[at]);
      if (line) {
        next[at] = line;
        byKey.set(`${line.product_id}|${line.sku_id}`, at);
      }
      continue;
    }
    if (isRemove(row)) continue;
    const fresh = buildLine(t, row, lineIds);
    if (!fresh) continue;
    const key = `${fresh.product_id}|${fresh.sku_id}`;
    const same = byKey.get(key);
    if (same !== undefined && !removed.has(next[same]!.unique_id)) {
      next[same] = buildLine(t, row, lineIds, next[same])!;
    } else {
      next.push({ ...fresh, unique_id: t.ids.next() });
      byKey.set(key, next.length - 1);
    }
  }
  return removed.size ? next.filter((l) => !removed.has(l.unique_id)) : next;
}

function parseCostList(value: unknown): CostRow[] {
  if (value === '' || value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw invalid('cost_list 必须是数组：[{cost_name, percent_type, percent_amount, cost}]');
  return value.map((raw, i) => {
    const row = asRecord(raw) ?? {};
    const type = toNumber(row.percent_type) ?? 0;
    if (![0, 1, 2, 3].includes(type))
      throw invalid(`cost_list[${i}].percent_type 必须是 0、1、2 或 3（收到 ${str(row.percent_type)}）`);
    return {
      cost_name: str(row.cost_name),
      percent_type: type,
      percent_amount: toNumber(row.percent_amount) ?? toNumber(row.cost) ?? 0,
      cost: 0,
      cost_remark: str(row.cost_remark),
      cost_description: str(row.cost_description),
    };
  });
}

function parseShares<K extends 'user_id' | 'department_id'>(
  t: Tenant,
  value: unknown,
  key: K,
  label: string,
): Array<Record<K, number> & { rate: number }> {
  if (value === '' || value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(`${label} 必须是数组：[{${key}, rate}]`);
  let total = 0;
  const out = value.map((raw, i) => {
    const row = asRecord(raw) ?? {};
    const id = key === 'department_id' && toNumber(row[key]) === 0 ? 0 : toId(row[key]);
    const known = id !== undefined && (key === 'user_id' ? t.users.get(id)?.enable_flag === 1 : t.departments.has(id));
    if (!known)
      throw invalid(
        `${label}[${i}].${key} ${str(row[key])} 不存在，请从 ${key === 'user_id' ? '/v1/user/list' : '/v1/user/departmentList'} 取值`,
      );
    const rate = toNumber(row.rate) ?? 100;
    total += rate;
    return { [key]: id, rate } as Record<K, number> & { rate: number };
  });
  if (total > 100.0001) throw invalid(`${label} 的 rate 之和为 ${total}，不能超过 100`);
  return out;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function enforceRequired(t: Tenant, o: SimOrder): void {
  for (const f of t.orderFields) {
    if (f.require !== 1) continue;
    if (f.is_list === 1) {
      const bad = o.lines.find((l) =>
        isEmpty(f.base === 0 ? l.custom[f.id] : (l as unknown as Record<string, unknown>)[f.id]),
      );
      if (bad) throw invalid(`必填字段「${f.name}」(${f.id}) 不能为空：产品行 ${bad.product_id}/${bad.sku_id}`);
    } else {
      const value =
        f.base === 0 ? o.custom[f.id] : f.id in o ? (o as unknown as Record<string, unknown>)[f.id] : o.header[f.id];
      if (isEmpty(value)) throw invalid(`必填字段「${f.name}」(${f.id}) 不能为空`);
    }
  }
}

/** Recomputes every derived amount of `o` in place from its lines, charges, rates and collections. */
export function computeTotals(o: SimOrder): void {
  let amount = 0,
    count = 0;
  for (const l of o.lines) {
    amount += l.cost_amount;
    count += l.count;
  }
  o.product_total_amount = money(amount);
  o.product_total_count = count;
  let extra = 0;
  for (const c of o.cost_list) {
    c.cost = money(
      c.percent_type === 1 || c.percent_type === 3
        ? (o.product_total_amount * c.percent_amount) / 100
        : c.percent_amount,
    );
    extra += c.percent_type >= 2 ? -c.cost : c.cost;
  }
  o.addition_cost_amount = money(extra);
  o.amount = money(o.product_total_amount + o.addition_cost_amount);
  o.amount_rmb = money((o.amount * o.exchange_rate) / 100);
  o.amount_usd = money((o.amount * o.exchange_rate_usd) / 100);
}

export interface PushOutcome {
  order: SimOrder;
  created: boolean;
}

/** Applies one order push to the tenant (see the file comment for the rules). Throws SimError on refusal. */
export function pushOrder(t: Tenant, body: Record<string, unknown>): PushOutcome {
  const orderId = toId(body.order_id);
  const orderNo = str(body.order_no).trim();
  let existing: SimOrder | undefined;
  if (orderId !== undefined) {
    existing = t.orders.get(orderId);
    if (!existing || existing.removed) throw notFound('（订单不存在）');
  } else if (orderNo) existing = t.ordersByNo.get(orderNo);
  if (existing && orderNo && orderNo !== existing.order_no && t.ordersByNo.has(orderNo))
    throw invalid(`订单号 ${orderNo} 已被其他订单使用`);

  const actingUser = has(body, 'user_id') && !isEmpty(body.user_id) ? toId(body.user_id) : t.apiUserId;
  if (actingUser === undefined || t.users.get(actingUser)?.enable_flag !== 1) throw notFound('没有权限编辑订单');

  const currency =
    has(body, 'currency') && !isEmpty(body.currency) ? str(body.currency).toUpperCase() : existing?.currency;
  if (!currency) throw invalid('currency 为必填字段，取值见 /v1/invoices/order/orderEnums 的 currency_list');
  const rates = CURRENCY_RATES.get(currency);
  if (!rates) throw invalid(`currency ${currency} 不在 orderEnums.currency_list 中`);

  const companyId = has(body, 'company_id') ? (toId(body.company_id) ?? 0) : (existing?.company_id ?? 0);
  if (companyId && (!t.companies.has(companyId) || t.companies.get(companyId)!.removed))
    throw notFound('（客户不存在）');

  const now = t.clock();
  const statusCode = str(body.status);
  const draft: SimOrder = {
    order_id: existing?.order_id ?? 0,
    order_no: orderNo || existing?.order_no || '',
    header: { ...existing?.header },
    currency,
    exchange_rate: has(body, 'exchange_rate') ? (toNumber(body.exchange_rate) ?? 0) : rates.exchange_rate,
    exchange_rate_usd: !has(body, 'exchange_rate')
      ? rates.exchange_rate_usd
      : has(body, 'exchange_rate_usd')
        ? (toNumber(body.exchange_rate_usd) ?? 0)
        : (existing?.exchange_rate_usd ?? 0),
    status: t.orderStatuses.some((s) => s.code === statusCode) ? statusCode : (existing?.status ?? t.defaultStatus),
    users: has(body, 'users')
      ? parseShares(t, body.users, 'user_id', 'users')
      : (existing?.users ?? [{ user_id: actingUser, rate: 100 }]),
    departments: has(body, 'departments')
      ? parseShares(t, body.departments, 'department_id', 'departments')
      : (existing?.departments ?? []),
    handler:
      has(body, 'handler') && Array.isArray(body.handler)
        ? body.handler.map(toId).filter((x): x is number => x !== undefined)
        : (existing?.handler ?? [actingUser]),
    company_id: companyId,
    customer_id: has(body, 'customer_id') ? (toId(body.customer_id) ?? 0) : (existing?.customer_id ?? 0),
    custom: { ...existing?.custom },
    lines: Array.isArray(body.product_list)
      ? mergeLines(t, body.product_list, existing?.lines, customIds(t, true))
      : (existing?.lines ?? []),
    cost_list: has(body, 'cost_list')
      ? parseCostList(body.cost_list)
      : (existing?.cost_list ?? []).map((c) => ({ ...c })),
    product_total_amount: 0,
    product_total_count: 0,
    addition_cost_amount: 0,
    amount: 0,
    amount_rmb: 0,
    amount_usd: 0,
    collected: existing?.collected ?? { amount: 0, rmb: 0, usd: 0 },
    create_user: existing?.create_user ?? toId(body.create_user) ?? actingUser,
    update_user: actingUser,
    create_time: existing?.create_time ?? now,
    update_time: now,
    delete_time: 0,
    removed: false,
    source_type: toNumber(body.source_type) ?? existing?.source_type ?? 1,
  };
  for (const key of HEADER_FIELDS) if (has(body, key)) draft.header[key] = body[key];
  const headerIds = customIds(t, false);
  for (const key of Object.keys(body)) if (headerIds.has(key)) draft.custom[key] = body[key];
  computeTotals(draft);
  enforceRequired(t, draft);

  if (existing) {
    if (existing.order_no !== draft.order_no) {
      t.ordersByNo.delete(existing.order_no);
      t.ordersByNo.set(draft.order_no, existing);
    }
    Object.assign(existing, draft);
    return { order: existing, created: false };
  }
  draft.order_id = t.ids.next();
  if (!draft.order_no) {
    do draft.order_no = nextDocumentNo(t, 'SO', chinaTime(now).slice(0, 10).replaceAll('-', ''));
    while (t.ordersByNo.has(draft.order_no));
  }
  t.orders.set(draft.order_id, draft);
  t.ordersByNo.set(draft.order_no, draft);
  return { order: draft, created: true };
}
