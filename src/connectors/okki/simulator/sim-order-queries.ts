/**
 * Read side of the order module: how an order looks in `info`/`list`, the list filters, `remove` with
 * its refusal rules, `fields` and `orderEnums`.
 */
import { CURRENCY_RATES } from './sim-currencies.js';
import type { OrderLine, SimOrder } from './sim-records.js';
import type { Tenant } from './sim-tenant.js';
import { HEADER_FIELDS } from './sim-orders.js';
import {
  chinaTime,
  invalid,
  money,
  notFound,
  pageOf,
  paging,
  parseChinaTime,
  str,
  timeWindow,
  toId,
  toNumber,
} from './sim-util.js';

export const PAY_TYPES = [
  'L/C',
  'T/T',
  'D/P',
  'D/A',
  'Western Union',
  'PayPal',
  'M/T',
  'D/D',
  'Other',
  'Credit Card',
  'e-Checking',
  'Boleto',
  'T/T in advance',
  'Alipay',
  'Wechat',
  'O/A',
];

const HEADER_DEFAULTS: Record<string, unknown> = {
  opportunity_id: 0,
  capital_account_id: 0,
  tax_refund_type: 0,
  file_list: [],
};

function renderLine(t: Tenant, l: OrderLine, lineCustomIds: string[]): Record<string, unknown> {
  const product = t.products.get(l.product_id);
  const sku = product?.skus.find((s) => s.sku_id === l.sku_id);
  const row: Record<string, unknown> = {
    unique_id: l.unique_id,
    // The vendor returns product_id as a string and sku_id as a number in the same row; mirrored on purpose.
    product_id: String(l.product_id),
    sku_id: l.sku_id,
    sku_code: sku?.sku_code ?? '',
    product_no: product?.product_no ?? '',
    product_name: l.product_name,
    product_cn_name: product?.cn_name ?? '',
    product_model: l.product_model,
    product_image: '',
    product_type: product?.product_type ?? 1,
    unit: l.unit,
    count: l.count,
    unit_price: l.unit_price,
    other_cost: l.other_cost,
    cost_amount: l.cost_amount,
    description: l.description,
    gross_margin: 0,
    vat_rate: 0,
    tax_refund_rate: 0,
    hs_code: product?.hs_code ?? '',
  };
  for (const id of lineCustomIds) row[id] = id in l.custom ? l.custom[id] : '';
  return row;
}

function customIds(t: Tenant, lineLevel: boolean): string[] {
  return t.orderFields.filter((f) => f.base === 0 && (f.is_list === 1) === lineLevel).map((f) => f.id);
}

/** The order as `info` returns it (list rows omit `product_list`). */
export function renderOrder(t: Tenant, o: SimOrder, withLines = true): Record<string, unknown> {
  const company = o.company_id ? t.companies.get(o.company_id) : undefined;
  const nick = (id: number): string => t.users.get(id)?.nickname ?? '';
  const users = o.users.map((u) => ({ user_id: u.user_id, rate: u.rate }));
  const departments = o.departments.map((d) => ({
    department_id: d.department_id,
    rate: d.rate,
    name: t.departments.get(d.department_id)?.name ?? '',
  }));
  const handler = o.handler.map((id) => ({ user_id: id, nickname: nick(id) }));
  const status = t.orderStatuses.find((s) => s.code === o.status);
  const out: Record<string, unknown> = { order_id: o.order_id, order_no: o.order_no };
  for (const key of HEADER_FIELDS) out[key] = o.header[key] ?? HEADER_DEFAULTS[key] ?? '';
  const accountDate = str(o.header.account_date);
  Object.assign(out, {
    account_date: /^\d{4}-\d{2}-\d{2}$/.test(accountDate) ? `${accountDate} 00:00:00` : accountDate,
    company_name: str(o.header.company_name) || company?.name || '',
    currency: o.currency,
    exchange_rate: o.exchange_rate,
    exchange_rate_usd: o.exchange_rate_usd,
    amount: o.amount,
    amount_rmb: o.amount_rmb,
    amount_usd: o.amount_usd,
    addition_cost_amount: o.addition_cost_amount,
    product_total_amount: o.product_total_amount,
    product_total_count: o.product_total_count,
    status: o.status,
    status_name: status?.name ?? '',
    company_id: o.company_id,
    company: company
      ? { company_id: company.company_id, name: company.name, serial_id: company.serial_id, is_archive: 1 }
      : null,
    customer_id: o.customer_id,
    users,
    users_info: users.map((u) => ({ ...u, nickname: nick(u.user_id) })),
    user_id: users.map((u) => u.user_id),
    departments,
    departments_info: departments,
    handler,
    handler_info: handler,
    collect_amount_rmb: o.collected.rmb,
    collect_amount_usd: o.collected.usd,
    not_collect_amount_rmb: money(o.amount_rmb - o.collected.rmb),
    not_collect_amount_usd: money(o.amount_usd - o.collected.usd),
    percentage_rmb: o.amount_rmb ? money((o.collected.rmb / o.amount_rmb) * 100) : 0,
    percentage_usd: o.amount_usd ? money((o.collected.usd / o.amount_usd) * 100) : 0,
    cost_list: o.cost_list.map((c) => ({ ...c })),
    create_user: o.create_user,
    create_time: chinaTime(o.create_time),
    update_user: o.update_user,
    update_time: chinaTime(o.update_time),
    archive_type: 4,
    source_type: o.source_type,
    approval_status: 0,
    link_status: [],
  });
  if (o.removed) out.delete_time = chinaTime(o.delete_time);
  for (const id of customIds(t, false)) out[id] = id in o.custom ? o.custom[id] : '';
  if (withLines) {
    const lineIds = customIds(t, true);
    out.product_list = o.lines.map((l) => renderLine(t, l, lineIds));
  }
  return out;
}

/** The rows of `o` as the push response lists them. */
export function renderPushLines(t: Tenant, o: SimOrder): Array<Record<string, unknown>> {
  const lineIds = customIds(t, true);
  return o.lines.map((l) => renderLine(t, l, lineIds));
}

function findOrder(t: Tenant, params: URLSearchParams | Record<string, unknown>): SimOrder {
  const get = (k: string): unknown => (params instanceof URLSearchParams ? params.get(k) : params[k]);
  const id = toId(get('order_id'));
  const no = str(get('order_no')).trim();
  if (id === undefined && !no) throw invalid('order_id 或 order_no 必填其一');
  const order = id !== undefined ? t.orders.get(id) : t.ordersByNo.get(no);
  if (!order || order.removed) throw notFound('（未知异常）');
  return order;
}

export function orderInfo(t: Tenant, query: URLSearchParams): Record<string, unknown> {
  return renderOrder(t, findOrder(t, query));
}

const TIME_COLUMN: Record<number, (o: SimOrder) => number> = {
  1: (o) => o.update_time,
  2: (o) => o.create_time,
  3: (o) => parseChinaTime(str(o.header.account_date)) ?? 0,
  4: (o) => o.delete_time,
};

/** `GET /v1/invoices/order/list`: newest first by the `time_type` column, then by id (stable paging). */
export function listOrders(t: Tenant, query: URLSearchParams): { count: number; list: unknown[] } {
  const column = TIME_COLUMN[toNumber(query.get('time_type')) ?? 1] ?? TIME_COLUMN[1]!;
  const removed = toNumber(query.get('removed')) === 1;
  const status = query.get('status') ?? '';
  const { from, to } = timeWindow(query);
  const hits: Array<[number, SimOrder]> = [];
  for (const o of t.orders.values()) {
    if (o.removed !== removed || (status && o.status !== status)) continue;
    const time = column(o);
    if (time >= from && time <= to) hits.push([time, o]);
  }
  hits.sort((a, b) => b[0] - a[0] || b[1].order_id - a[1].order_id);
  return { count: hits.length, list: pageOf(hits, paging(query, 10)).map(([, o]) => renderOrder(t, o, false)) };
}

/** `POST /v1/invoices/order/remove`: refuses confirmed/completed orders, orders in approval and orders with receipts. */
export function removeOrder(t: Tenant, query: URLSearchParams, body: Record<string, unknown>): string {
  const order = findOrder(t, query.has('order_id') || query.has('order_no') ? query : body);
  const status = t.orderStatuses.find((s) => s.code === order.status);
  if (status && !status.deletable) throw invalid(`${status.refusal ?? '当前状态不能删除'}（${status.name}）`);
  for (const r of t.receipts.values()) {
    if (r.order_id === order.order_id && !r.removed)
      throw invalid(`订单存在关联回款单 ${r.cash_collection_no}，不能删除`);
  }
  order.removed = true;
  order.delete_time = t.clock();
  t.ordersByNo.delete(order.order_no);
  return 'success';
}

export function orderEnums(t: Tenant): Record<string, unknown> {
  return {
    currency_list: [...CURRENCY_RATES.values()].map((c) => ({ code: c.code, name: c.name })),
    pay_list: PAY_TYPES.map((p) => ({ code: p, name: p })),
    country_area_list: [
      ['CN', '中国'],
      ['US', '美国'],
      ['DE', '德国'],
      ['JP', '日本'],
      ['FR', '法国'],
      ['SE', '瑞典'],
      ['AR', '阿根廷'],
    ].map(([code, name]) => ({ code, name })),
    source_type_list: [
      ['1', 'CRM订单'],
      ['2', '信保订单'],
      ['3', 'e收汇订单'],
      ['4', 'ERP订单'],
    ].map(([code, name]) => ({ code, name })),
    order_status_list: t.orderStatuses.map((s) => ({ code: s.code, name: s.name })),
    archive_type_list: [
      '手动创建',
      'AI创建',
      '智能导入',
      'open api同步',
      '阿里巴巴同步',
      '金蝶同步',
      '粘贴录入',
      '批量导入',
      '畅捷通同步',
      '金蝶云星空同步',
      '商机关联创建',
    ].map((name, i) => ({ code: String(i + 1), name })),
  };
}
