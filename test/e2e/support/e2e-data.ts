import { KingdeeClient } from '../../../src/connectors/kingdee/index.js';
import { OkkiClient } from '../../../src/connectors/okki/index.js';
import type { DemoEnvironment } from '../../../src/app/demo.js';

export interface KingdeeOrder {
  billNo: string;
  status: string;
  customer: string;
  saler: string;
  closed: boolean;
  cancelled: boolean;
  changed: boolean;
  lines: Array<{ entryId: string; material: string; qty: number; taxPrice: number; allAmount: number }>;
}

/** Every sales order as Kingdee holds it, read with the vendor client (not through qiao's runtime). */
export async function readKingdeeOrders(env: DemoEnvironment): Promise<Map<string, KingdeeOrder>> {
  const c = env.kingdee.credentials;
  const client = new KingdeeClient({
    type: 'kingdee',
    baseUrl: env.kingdeeUrl,
    acctId: c.acctId,
    lcid: c.lcid,
    auth: { method: 'password', username: c.user, password: c.password },
  });
  const orders = new Map<string, KingdeeOrder>();
  const fieldKeys = [
    'FBillNo',
    'FDocumentStatus',
    'FCustId.FNumber',
    'FSalerId.FNumber',
    'FCloseStatus',
    'FCancelStatus',
    'FChangeDate',
    'FSaleOrderEntry_FEntryID',
    'FMaterialId.FNumber',
    'FQty',
    'FTaxPrice',
    'FAllAmount',
  ];
  for await (const row of client.streamBillQuery({ formId: 'SAL_SaleOrder', fieldKeys, orderString: 'FBillNo ASC' })) {
    const billNo = String(row.FBillNo);
    let order = orders.get(billNo);
    if (!order) {
      order = {
        billNo,
        status: String(row.FDocumentStatus),
        customer: String(row['FCustId.FNumber']),
        saler: String(row['FSalerId.FNumber']),
        closed: row.FCloseStatus === 'B',
        cancelled: row.FCancelStatus === 'B',
        changed: Boolean(row.FChangeDate),
        lines: [],
      };
      orders.set(billNo, order);
    }
    order.lines.push({
      entryId: String(row.FSaleOrderEntry_FEntryID),
      material: String(row['FMaterialId.FNumber']),
      qty: Number(row.FQty),
      taxPrice: Number(row.FTaxPrice),
      allAmount: Number(row.FAllAmount),
    });
  }
  return orders;
}

export function okkiClientFor(env: DemoEnvironment): OkkiClient {
  return new OkkiClient({
    type: 'okki',
    baseUrl: env.okkiUrl,
    clientId: env.okki.credentials.clientId,
    clientSecret: env.okki.credentials.clientSecret,
    rateLimit: { concurrency: 8 },
  });
}

type OkkiOrder = Record<string, unknown> & { order_no: string; product_list: Array<Record<string, unknown>> };

/**
 * OKKI's orders in a form that does not depend on ids the simulator hands out in arrival order:
 * companies by serial_id, products by product_no, owners by nickname; custom fields by value.
 * Two runs that wrote the same business data normalise to the same value.
 */
export function normaliseOkkiOrders(dump: unknown[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const raw of dump as OkkiOrder[]) {
    const customHeader = Object.entries(raw)
      .filter(([k]) => /^\d+$/.test(k))
      .sort();
    const lines = raw.product_list
      .map((line) => {
        const custom = Object.entries(line)
          .filter(([k]) => /^\d+$/.test(k))
          .sort();
        return JSON.stringify([line.product_no, line.count, line.unit_price, line.cost_amount, custom]);
      })
      .sort();
    out.set(raw.order_no, {
      company: (raw.company as { serial_id?: string } | undefined)?.serial_id,
      currency: raw.currency,
      exchange_rate: raw.exchange_rate,
      amount: raw.amount,
      product_total_amount: raw.product_total_amount,
      addition_cost_amount: raw.addition_cost_amount,
      users: (raw.users_info as Array<{ nickname: string; rate: number }>).map((u) => `${u.nickname}:${u.rate}`),
      departments: (raw.departments_info as Array<{ name: string }>).map((d) => d.name),
      cost_list: raw.cost_list,
      customHeader,
      lines,
    });
  }
  return out;
}

/** Order numbers that appear more than once in OKKI (must be none). */
export function duplicateOrderNumbers(dump: unknown[]): string[] {
  const seen = new Set<string>();
  const dup: string[] = [];
  for (const o of dump as OkkiOrder[]) (seen.has(o.order_no) ? dup : (seen.add(o.order_no), [])).push(o.order_no);
  return dup;
}
