/**
 * 回款单 (cash collections): push/list/info/types/fields. A receipt linked to an order by `order_id`
 * adds to that order's collected amounts, but only while it is effective (`collect_status: 1`; the
 * vendor's default is 0 = not effective). Editing by `cash_collection_id`, or by an existing
 * `cash_collection_no`, moves the contribution accordingly. List/info amounts come back as
 * 2-decimal strings and rates as 5-decimal strings, as in the vendor's examples.
 */
import { CURRENCY_RATES } from './sim-currencies.js';
import { PAY_TYPES } from './sim-order-queries.js';
import { nextDocumentNo, type Tenant } from './sim-tenant.js';
import {
  chinaDate,
  chinaTime,
  has,
  invalid,
  isNumericKey,
  money,
  notFound,
  pageOf,
  paging,
  str,
  timeWindow,
  toId,
  toNumber,
} from './sim-util.js';
import type { SimReceipt } from './sim-records.js';

export type { SimReceipt } from './sim-records.js';

/** What one receipt adds to its order's collected amounts (zero unless effective). */
function contribution(t: Tenant, r: SimReceipt): { amount: number; rmb: number; usd: number } {
  const order = t.orders.get(r.order_id);
  if (!order || r.collect_status !== 1) return { amount: 0, rmb: 0, usd: 0 };
  const rmb = (r.amount * r.exchange_rate) / 100;
  const inOrderCurrency =
    r.currency === order.currency ? r.amount : order.exchange_rate ? (rmb * 100) / order.exchange_rate : 0;
  return { amount: inOrderCurrency, rmb, usd: (r.amount * r.exchange_rate_usd) / 100 };
}

function applyContribution(t: Tenant, r: SimReceipt, sign: 1 | -1): void {
  const order = t.orders.get(r.order_id);
  if (!order) return;
  const c = contribution(t, r);
  order.collected = {
    amount: money(order.collected.amount + sign * c.amount),
    rmb: money(order.collected.rmb + sign * c.rmb),
    usd: money(order.collected.usd + sign * c.usd),
  };
}

/** `POST /v1/invoices/receipt/push`: create, or edit by `cash_collection_id` / existing `cash_collection_no`. */
export function pushReceipt(
  t: Tenant,
  body: Record<string, unknown>,
): { cash_collection_id: number; cash_collection_no: string } {
  const id = toId(body.cash_collection_id);
  const no = str(body.cash_collection_no).trim();
  let existing: SimReceipt | undefined;
  if (id !== undefined) {
    existing = t.receipts.get(id);
    if (!existing || existing.removed) throw notFound('（回款单不存在）');
  } else if (no) existing = t.receiptsByNo.get(no);

  const amount = has(body, 'amount') ? toNumber(body.amount) : existing?.amount;
  if (amount === undefined) throw invalid('amount 为必填字段（回款金额）');
  const currency = str(body.currency).toUpperCase() || existing?.currency;
  if (!currency) throw invalid('currency 为必填字段');
  const rates = CURRENCY_RATES.get(currency);
  if (!rates) throw invalid(`currency ${currency} 不在 orderEnums.currency_list 中`);
  const type = has(body, 'type') ? str(body.type) : (existing?.type ?? '');
  if (type && !PAY_TYPES.includes(type)) throw invalid(`type ${type} 不在 /v1/invoices/receipt/types 中`);
  const orderId = has(body, 'order_id') ? (toId(body.order_id) ?? 0) : (existing?.order_id ?? 0);
  const order = orderId ? t.orders.get(orderId) : undefined;
  if (orderId && (!order || order.removed)) throw notFound('（订单不存在）');

  const rateGiven = has(body, 'exchange_rate') || has(body, 'exchange_rate_usd');
  // System rates fill in on create (or a currency change); an edit without rates keeps the stored ones.
  const keepRates = existing !== undefined && existing.currency === currency;
  const now = t.clock();
  const next: SimReceipt = {
    cash_collection_id: existing?.cash_collection_id ?? 0,
    cash_collection_no: no || existing?.cash_collection_no || '',
    order_id: orderId,
    opportunity_id: toId(body.opportunity_id) ?? existing?.opportunity_id ?? 0,
    company_id: order?.company_id ?? toId(body.company_id) ?? existing?.company_id ?? 0,
    collection_date: str(body.collection_date) || existing?.collection_date || chinaDate(now),
    amount,
    currency,
    exchange_rate: rateGiven
      ? (toNumber(body.exchange_rate) ?? rates.exchange_rate)
      : keepRates
        ? existing!.exchange_rate
        : rates.exchange_rate,
    exchange_rate_usd: rateGiven
      ? (toNumber(body.exchange_rate_usd) ?? rates.exchange_rate_usd)
      : keepRates
        ? existing!.exchange_rate_usd
        : rates.exchange_rate_usd,
    bank_charge: toNumber(body.bank_charge) ?? existing?.bank_charge ?? 0,
    type,
    trade_no: has(body, 'trade_no') ? str(body.trade_no) : (existing?.trade_no ?? ''),
    payee: has(body, 'payee') ? str(body.payee) : (existing?.payee ?? ''),
    collect_status: has(body, 'collect_status')
      ? toNumber(body.collect_status) === 1
        ? 1
        : 0
      : (existing?.collect_status ?? 0),
    comment: has(body, 'comment') ? str(body.comment) : (existing?.comment ?? ''),
    custom: { ...existing?.custom },
    create_user_id: existing?.create_user_id ?? t.apiUserId,
    create_time: existing?.create_time ?? now,
    update_time: now,
    removed: false,
  };
  for (const key of Object.keys(body)) if (isNumericKey(key)) next.custom[key] = body[key];

  if (existing) {
    applyContribution(t, existing, -1);
    if (existing.cash_collection_no !== next.cash_collection_no) t.receiptsByNo.delete(existing.cash_collection_no);
    Object.assign(existing, next);
  } else {
    next.cash_collection_id = t.ids.next();
    if (!next.cash_collection_no) {
      do next.cash_collection_no = nextDocumentNo(t, 'HKD', chinaDate(now).replaceAll('-', ''));
      while (t.receiptsByNo.has(next.cash_collection_no));
    }
    t.receipts.set(next.cash_collection_id, next);
  }
  const saved = existing ?? next;
  t.receiptsByNo.set(saved.cash_collection_no, saved);
  applyContribution(t, saved, 1);
  return { cash_collection_id: saved.cash_collection_id, cash_collection_no: saved.cash_collection_no };
}

const fixed = (n: number, digits: number): string => n.toFixed(digits);

function renderReceipt(t: Tenant, r: SimReceipt, detail: boolean): Record<string, unknown> {
  const order = t.orders.get(r.order_id);
  const company = t.companies.get(r.company_id);
  const rmb = (r.amount * r.exchange_rate) / 100,
    usd = (r.amount * r.exchange_rate_usd) / 100;
  const chargeRmb = (r.bank_charge * r.exchange_rate) / 100,
    chargeUsd = (r.bank_charge * r.exchange_rate_usd) / 100;
  const out: Record<string, unknown> = {
    cash_collection_id: r.cash_collection_id,
    cash_collection_no: r.cash_collection_no,
    order_id: r.order_id,
    opportunity_id: r.opportunity_id,
    company_id: r.company_id,
    collection_date: r.collection_date,
    amount: fixed(r.amount, 2),
    amount_rmb: fixed(rmb, 2),
    amount_usd: fixed(usd, 2),
    currency: r.currency,
    exchange_rate: fixed(r.exchange_rate, 5),
    exchange_rate_usd: fixed(r.exchange_rate_usd, 5),
    real_amount: fixed(r.amount - r.bank_charge, 2),
    real_amount_rmb: fixed(rmb - chargeRmb, 2),
    real_amount_usd: fixed(usd - chargeUsd, 2),
    bank_charge: fixed(r.bank_charge, 2),
    bank_charge_rmb: fixed(chargeRmb, 2),
    bank_charge_usd: fixed(chargeUsd, 2),
    type: r.type,
    trade_no: r.trade_no,
    payee: r.payee,
    collect_status: r.collect_status,
    comment: r.comment,
    file_list: [],
    department_id: [],
    user_id: order ? order.users.map((u) => u.user_id) : [],
    create_user_id: r.create_user_id,
    create_time: chinaTime(r.create_time),
    update_time: chinaTime(r.update_time),
    external_field_data_info: { ...r.custom },
    company_info: company ? { company_id: company.company_id, name: company.name, serial_id: company.serial_id } : {},
    order_info: order
      ? {
          order_id: order.order_id,
          order_no: order.order_no,
          name: str(order.header.name),
          currency: order.currency,
          exchange_rate: order.exchange_rate,
          exchange_rate_usd: order.exchange_rate_usd,
          amount: order.amount,
        }
      : {},
  };
  if (detail) Object.assign(out, { create_type: 4, ...r.custom });
  return out;
}

/** `GET /v1/invoices/receipt/list`: by update time, newest first; `data: {list, totalItem}`. */
export function listReceipts(t: Tenant, query: URLSearchParams): { list: unknown[]; totalItem: number } {
  const removed = toNumber(query.get('removed')) === 1;
  const { from, to } = timeWindow(query);
  const hits = [...t.receipts.values()]
    .filter((r) => r.removed === removed && r.update_time >= from && r.update_time <= to)
    .sort((a, b) => b.update_time - a.update_time || b.cash_collection_id - a.cash_collection_id);
  return { list: pageOf(hits, paging(query, 20)).map((r) => renderReceipt(t, r, false)), totalItem: hits.length };
}

export function receiptInfo(t: Tenant, query: URLSearchParams): Record<string, unknown> {
  const id = toId(query.get('cash_collection_id'));
  const no = str(query.get('cash_collection_no')).trim();
  if (id === undefined && !no) throw invalid('cash_collection_id 或 cash_collection_no 必填其一');
  const r = id !== undefined ? t.receipts.get(id) : t.receiptsByNo.get(no);
  if (!r) throw notFound();
  return renderReceipt(t, r, true);
}

export const RECEIPT_FIELDS = [
  ['cash_collection_no', '回款单号', 1],
  ['amount', '回款金额', 5],
  ['currency', '币种', 3],
  ['collection_date', '回款日期', 4],
  ['type', '回款方式', 3],
  ['order_id', '销售订单', 9],
  ['comment', '备注', 2],
].map(([id, name, fieldType]) => ({
  id,
  name,
  base: 1,
  field_type: fieldType,
  ext_info: id === 'type' ? PAY_TYPES : null,
  require: id === 'amount' || id === 'currency' ? 1 : 0,
  default: '',
  disable_flag: 0,
  is_list: 0,
  group_id: 1,
}));
