import type { KingdeeOrder } from './e2e-data.js';

/** How OKKI's orders differ from Kingdee's approved sales orders; all empty when they are equal. */
export interface OrderExactness {
  /** Approved orders in Kingdee (each must be in OKKI exactly once). */
  approved: number;
  /** Orders in OKKI. */
  inOkki: number;
  /** Order numbers OKKI holds more than once. */
  duplicates: string[];
  /** Approved in Kingdee, not in OKKI. */
  missing: string[];
  /** In OKKI, not an approved Kingdee order. */
  extra: string[];
  /** Orders whose lines (product, quantity, price, amount) differ, with both sides. */
  lineMismatches: Array<{ billNo: string; kingdee: string[]; okki: string[] }>;
  /** Orders whose product total differs from the sum of Kingdee's line amounts. */
  amountMismatches: Array<{ billNo: string; kingdee: number; okki: number }>;
}

type OkkiOrder = {
  order_no: string;
  product_total_amount: number;
  product_list: Array<{ product_no: string; count: number; unit_price: number; cost_amount: number }>;
};

const cents = (x: number): number => Math.round(x * 100);
const line = (product: string, qty: number, price: number, amount: number) =>
  `${product}×${qty}@${price}=${(cents(amount) / 100).toFixed(2)}`;

/**
 * Compares, order by order and line by line, Kingdee's approved sales orders (read through its
 * WebAPI) with the orders OKKI holds (its own dump): every approved order once, with exactly its
 * lines, quantities, prices and amounts.
 */
export function compareOrders(kingdee: ReadonlyMap<string, KingdeeOrder>, okkiDump: unknown[]): OrderExactness {
  const approved = [...kingdee.values()].filter((o) => o.status === 'C');
  const okki = okkiDump as OkkiOrder[];
  const byNo = new Map<string, OkkiOrder>();
  const duplicates: string[] = [];
  for (const order of okki) {
    if (byNo.has(order.order_no)) duplicates.push(order.order_no);
    byNo.set(order.order_no, order);
  }
  const report: OrderExactness = {
    approved: approved.length,
    inOkki: okki.length,
    duplicates,
    missing: [],
    extra: [...byNo.keys()].filter((no) => kingdee.get(no)?.status !== 'C').sort(),
    lineMismatches: [],
    amountMismatches: [],
  };
  for (const source of approved) {
    const target = byNo.get(source.billNo);
    if (!target) {
      report.missing.push(source.billNo);
      continue;
    }
    const want = source.lines.map((l) => line(l.material, l.qty, l.taxPrice, l.allAmount)).sort();
    const have = target.product_list.map((l) => line(l.product_no, l.count, l.unit_price, l.cost_amount)).sort();
    if (JSON.stringify(want) !== JSON.stringify(have))
      report.lineMismatches.push({ billNo: source.billNo, kingdee: want, okki: have });
    const total = source.lines.reduce((sum, l) => sum + cents(l.allAmount), 0);
    if (total !== cents(target.product_total_amount))
      report.amountMismatches.push({ billNo: source.billNo, kingdee: total / 100, okki: target.product_total_amount });
  }
  return report;
}

/** The report with only its differences (the counts dropped), for a one-line `toEqual` in tests. */
export function differences(report: OrderExactness): Omit<OrderExactness, 'approved' | 'inOkki'> {
  const { approved: _approved, inOkki: _inOkki, ...rest } = report;
  return rest;
}

/** What an exact OKKI looks like in `differences` form. */
export const NO_DIFFERENCES: Omit<OrderExactness, 'approved' | 'inOkki'> = {
  duplicates: [],
  missing: [],
  extra: [],
  lineMismatches: [],
  amountMismatches: [],
};
