/**
 * The bare script's hand-written version of the flagship scheme's mapping
 * (schemes/kingdee-sales-orders-to-okki.yaml): same OKKI order payload, plain TypeScript, ids from
 * maps built once. Money uses exact decimal arithmetic (BigInt units), like qiao's $money* builtins,
 * so both sides store identical orders and the bench can compare them.
 */

/** Column order of the flagship's FieldKeys; rows from ExecuteBillQuery are arrays in this order. */
export const ORDER_FIELD_KEYS = [
  'FID',
  'FBillNo',
  'FDocumentStatus',
  'FDate',
  'FCustId.FNumber',
  'FCustId.FName',
  'FSalerId.FNumber',
  'FSalerId.FName',
  'FSaleDeptId.FNumber',
  'FSaleDeptId.FName',
  'FSettleCurrId.FNumber',
  'FExchangeRate',
  'FNote',
  'FCloseStatus',
  'FCancelStatus',
  'FChangeDate',
  'FChangeReason',
  'FVersionNo',
  'FModifyDate',
  'FApproveDate',
  'FSaleOrderEntry_FEntryID',
  'FMaterialId.FNumber',
  'FMaterialName',
  'FQty',
  'FTaxPrice',
  'FAllAmount',
  'FEntryTaxRate',
  'FEntryNote',
  'FChangeFlag',
] as const;

const col = Object.fromEntries(ORDER_FIELD_KEYS.map((k, i) => [k, i])) as Record<
  (typeof ORDER_FIELD_KEYS)[number],
  number
>;
/** Index of FBillNo, the grouping key. */
export const BILL_NO = col.FBillNo;

export type Row = unknown[];

/** Ids the mapping needs, looked up once from OKKI. */
export interface IdMaps {
  companyBySerial: Map<string, number>;
  productByNo: Map<string, { productId: number; skuId: number }>;
  userByEmployeeNo: Map<string, number>;
  departmentByName: Map<string, number>;
  /** Custom field id by display name: 金蝶标识状态, 物流费, Q1返利 … */
  field: Map<string, string>;
}

const CURRENCY = new Map(Object.entries({ PRE001: 'CNY', PRE007: 'USD', PRE003: 'EUR' }));
const USD_CNY = 7.1;
const CUSTOMER_POLICY: Record<string, string> = {
  CUST0001: 'A',
  CUST0002: 'A',
  CUST0003: 'B',
  CUST0004: 'B',
  CUST0005: 'B',
  CUST0007: 'A',
  CUST0011: 'B',
};
interface Rates {
  logistics: number;
  quarterly: number;
  annual: number;
  afterSales: number;
  front: number;
  sample: number;
}
const REBATES: Record<string, Rates> = {
  A: { logistics: 0.02, quarterly: 0.015, annual: 0.01, afterSales: 0.005, front: 0.01, sample: 0.003 },
  B: { logistics: 0.015, quarterly: 0.01, annual: 0.008, afterSales: 0.005, front: 0.005, sample: 0.002 },
  C: { logistics: 0.01, quarterly: 0.005, annual: 0.005, afterSales: 0.003, front: 0, sample: 0 },
};

// ── exact decimals: value = units / 10^scale ────────────────────────────────
interface Dec {
  u: bigint;
  s: number;
}
function dec(value: unknown): Dec {
  if (value === undefined || value === null || value === '') return { u: 0n, s: 0 };
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(String(value).trim());
  if (!m) throw new Error(`not a number: ${String(value)}`);
  const [, sign, whole = '', fraction = '', exp] = m;
  let u = BigInt((whole || '0') + fraction);
  let s = fraction.length - (exp ? Number(exp) : 0);
  if (s < 0) {
    u *= 10n ** BigInt(-s);
    s = 0;
  }
  return { u: sign === '-' ? -u : u, s };
}
function round(a: Dec, places: number): Dec {
  if (a.s <= places) return { u: a.u * 10n ** BigInt(places - a.s), s: places };
  const d = 10n ** BigInt(a.s - places);
  const abs = a.u < 0n ? -a.u : a.u;
  const q = abs / d + ((abs % d) * 2n >= d ? 1n : 0n);
  return { u: a.u < 0n ? -q : q, s: places };
}
function text(a: Dec): string {
  const neg = a.u < 0n;
  const digits = (neg ? -a.u : a.u).toString().padStart(a.s + 1, '0');
  const body = digits.slice(0, digits.length - a.s) + (a.s > 0 ? `.${digits.slice(digits.length - a.s)}` : '');
  return (neg && /[1-9]/.test(digits) ? '-' : '') + body;
}
const mul = (a: Dec, b: Dec): Dec => ({ u: a.u * b.u, s: a.s + b.s });
const add = (a: Dec, b: Dec): Dec => {
  const s = Math.max(a.s, b.s);
  return { u: a.u * 10n ** BigInt(s - a.s) + b.u * 10n ** BigInt(s - b.s), s };
};
/** amount × rate rounded half-up to cents, as "12.34" (qiao's $moneyMul). */
const fee = (amount: unknown, rate: number): string => text(round(mul(dec(amount), dec(rate)), 2));
const money = (value: unknown, places = 2): string => text(round(dec(value), places));

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
function lookup<T>(map: Map<string, T>, key: unknown, what: string): T {
  const hit = map.get(str(key));
  if (hit === undefined) throw new Error(`no OKKI ${what} for ${str(key)}`);
  return hit;
}

/** One OKKI order push body from the rows (lines) of one Kingdee sales order. */
export function mapOrder(lines: Row[], ids: IdMaps): Record<string, unknown> {
  const h = lines[0]!;
  const billNo = str(h[col.FBillNo]);
  const customer = str(h[col['FCustId.FNumber']]);
  const rates = REBATES[CUSTOMER_POLICY[customer] ?? 'C']!;
  const date = str(h[col.FDate]);
  const quarter = Math.ceil(Number(date.slice(5, 7)) / 3);
  const f = (name: string) => lookup(ids.field, name, 'custom field');
  const rate = h[col.FExchangeRate];
  const status =
    h[col.FCancelStatus] === 'B'
      ? '已作废'
      : h[col.FCloseStatus] === 'B'
        ? '已关闭'
        : h[col.FChangeDate]
          ? '审核后变更'
          : '已审核';

  const product_list = lines.map((l) => {
    const product = lookup(ids.productByNo, l[col['FMaterialId.FNumber']], 'product');
    const amount = l[col.FAllAmount];
    const quarterly = (q: number) => (quarter === q ? fee(amount, rates.quarterly) : '0.00');
    return {
      product_id: product.productId,
      sku_id: product.skuId,
      count: Number(l[col.FQty]),
      unit_price: Number(l[col.FTaxPrice]),
      cost_amount: Number(money(amount)),
      remark: str(l[col.FEntryNote]).trim(),
      [f('物流费')]: fee(amount, rates.logistics),
      [f('Q1返利')]: quarterly(1),
      [f('Q2返利')]: quarterly(2),
      [f('Q3返利')]: quarterly(3),
      [f('Q4返利')]: quarterly(4),
      [f('售后费')]: fee(amount, rates.afterSales),
      [f('年度返利')]: fee(amount, rates.annual),
      [f('前返')]: fee(amount, rates.front),
      [f('出样补贴')]: fee(amount, rates.sample),
    };
  });

  const total = lines.reduce((sum, l) => add(sum, dec(l[col.FAllAmount])), dec(0));
  const sumFees = (r: number) =>
    text(
      round(
        lines.reduce((sum, l) => add(sum, dec(fee(l[col.FAllAmount], r))), dec(0)),
        2,
      ),
    );
  const entry = (cost_name: string, percent_type: number, percent: string, cost: string) => ({
    cost_name,
    percent_type,
    percent_amount: Number(percent),
    cost: Number(cost),
  });
  const cost_list = [
    entry('物流费', 0, sumFees(rates.logistics), sumFees(rates.logistics)),
    entry('售后费', 1, fee(rates.afterSales, 100), fee(text(total), rates.afterSales)),
    entry(`Q${quarter}返利`, 2, sumFees(rates.quarterly), sumFees(rates.quarterly)),
    entry('年度返利', 2, sumFees(rates.annual), sumFees(rates.annual)),
    entry('出样补贴', 2, sumFees(rates.sample), sumFees(rates.sample)),
    entry('前返', 3, fee(rates.front, 100), fee(text(total), rates.front)),
  ].filter((e) => e.cost !== 0);

  return {
    order_no: billNo,
    name: `${billNo} ${str(h[col['FCustId.FName']])}`,
    account_date: date.slice(0, 10),
    company_id: lookup(ids.companyBySerial, customer, 'company'),
    currency: lookup(CURRENCY, h[col['FSettleCurrId.FNumber']], 'currency'),
    exchange_rate: Number(fee(rate, 100)),
    exchange_rate_usd: Number(money((Number(rate) / USD_CNY) * 100, 4)),
    remark: str(h[col.FNote]).trim(),
    users: [{ user_id: lookup(ids.userByEmployeeNo, h[col['FSalerId.FNumber']], 'user'), rate: 100 }],
    departments: [
      { department_id: lookup(ids.departmentByName, h[col['FSaleDeptId.FName']], 'department'), rate: 100 },
    ],
    [f('金蝶标识状态')]: status,
    product_list,
    cost_list,
  };
}
