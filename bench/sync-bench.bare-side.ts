/**
 * The bare side of `bench/sync.bench.ts`: the flagship sync as a hand-written script. One Kingdee
 * login and one OKKI token; id maps built once by listing OKKI companies, products (+ their SKU),
 * users, departments and order fields (setup, timed apart); then the timed part: ExecuteBillQuery
 * pages with the scheme's FieldKeys/FilterString/OrderString/Limit, rows grouped by FBillNo, one OKKI
 * order push per order from `concurrency` workers. No ledger, no retries, no hashing.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { stableOrderString } from '../src/connectors/kingdee/index.js';
import { BILL_NO, mapOrder, ORDER_FIELD_KEYS, type IdMaps, type Row } from './sync-bench.bare-mapping.js';
import { okkiPushCount, okkiToken, type SideResult } from './sync-bench.shared.js';
import { processCpuMs, type SimInfo } from './sync-bench.processes.js';

const KD_QUERY = 'Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExecuteBillQuery.common.kdsvc';
const KD_LOGIN = 'Kingdee.BOS.WebApi.ServicesStub.AuthService.ValidateUser.common.kdsvc';
/** Orders read ahead of the pushers at most (about five pages), so reading overlaps pushing without holding everything. */
const READ_AHEAD = 2_000;

interface SchemeSource {
  params: { FormId: string; FieldKeys: string[]; FilterString: string; OrderString: string; Limit: number };
  cursor: { start: string; overlapSeconds: number };
}

/** `cursor.start − overlapSeconds` in the same wall-clock text, as qiao's first run renders `{{window.from}}`. */
function windowFrom(cursor: SchemeSource['cursor']): string {
  const start = Date.parse(`${cursor.start}Z`) - cursor.overlapSeconds * 1000;
  return new Date(start).toISOString().slice(0, 19);
}

async function json<T>(response: Response, what: string): Promise<T> {
  const body = await response.text();
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new Error(`${what}: not JSON (HTTP ${response.status}): ${body.slice(0, 200)}`);
  }
}

async function buildIdMaps(okki: string, headers: Record<string, string>): Promise<{ maps: IdMaps; calls: number }> {
  let calls = 0;
  const get = async <T>(path: string): Promise<T> => {
    calls++;
    const reply = await json<{ code: number; data: T; message?: string }>(
      await fetch(`${okki}${path}`, { headers }),
      path,
    );
    if (reply.code !== 200) throw new Error(`${path}: ${reply.message}`);
    return reply.data;
  };
  const all = async <T>(path: string): Promise<T[]> => {
    const out: T[] = [];
    for (let page = 1; ; page++) {
      const { list } = await get<{ list: T[] }>(`${path}?start_index=${page}&count=1000`);
      out.push(...list);
      if (list.length < 1000) return out;
    }
  };
  const companies = await all<{ company_id: number; serial_id: string }>('/v1/company/list');
  const products = await all<{ product_id: number; product_no: string }>('/v1/product/list');
  const productByNo = new Map<string, { productId: number; skuId: number }>();
  for (const p of products) {
    const info = await get<{ sku_items: Array<{ sku_id: number | string }> }>(
      `/v1/product/info?product_id=${p.product_id}`,
    );
    productByNo.set(p.product_no, { productId: Number(p.product_id), skuId: Number(info.sku_items[0]!.sku_id) });
  }
  const users = await get<Array<{ user_id: string; employee_no: string }>>('/v1/user/list');
  const departments = await get<{ list: Array<{ id: string; name: string }> }>('/v1/user/departmentList');
  const fields = await get<Array<{ id: string; name: string }>>('/v1/invoices/order/fields');
  return {
    calls,
    maps: {
      companyBySerial: new Map(companies.map((c) => [c.serial_id, Number(c.company_id)])),
      productByNo,
      userByEmployeeNo: new Map(users.map((u) => [u.employee_no, Number(u.user_id)])),
      departmentByName: new Map(departments.list.map((d) => [d.name, Number(d.id)])),
      field: new Map(fields.map((f) => [f.name, f.id])),
    },
  };
}

/** Runs the bare script against `kingdee`/`okki` and reports the same figures the qiao side does. */
export async function runBareSide(
  kingdee: SimInfo,
  okki: SimInfo,
  options: { schemeFile: string; concurrency: number },
): Promise<SideResult> {
  const { source } = parse(await readFile(options.schemeFile, 'utf8')) as { source: SchemeSource };
  const { params } = source;
  if (params.FieldKeys.join(',') !== ORDER_FIELD_KEYS.join(','))
    throw new Error(
      "The flagship scheme's FieldKeys changed: update ORDER_FIELD_KEYS and mapOrder in sync-bench.bare-mapping.ts",
    );
  const filterString = params.FilterString.replaceAll('{{window.from}}', windowFrom(source.cursor));
  const { orderString } = stableOrderString(
    { formId: params.FormId, fieldKeys: params.FieldKeys, orderString: params.OrderString },
    params.FieldKeys,
  );

  const setupStarted = performance.now();
  const kc = kingdee.credentials;
  const login = await json<{ KDSVCSessionId: string; LoginResultType: number }>(
    await fetch(`${kingdee.url}${KD_LOGIN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ acctid: kc.acctId, username: kc.user, password: kc.password, lcid: kc.lcid }),
    }),
    'Kingdee login',
  );
  const sid = login.KDSVCSessionId;
  const kdHeaders = {
    'content-type': 'application/json',
    Cookie: `kdservice-sessionid=${sid}`,
    'kdservice-sessionid': sid,
  };
  const token = await okkiToken(okki);
  const okkiHeaders = {
    'content-type': 'application/json',
    accept: 'application/json',
    authorization: `Bearer ${token}`,
  };
  const { maps, calls: setupCalls } = await buildIdMaps(okki.url, okkiHeaders);
  const setupMs = performance.now() - setupStarted;

  const pushesBefore = await okkiPushCount(okki.url);
  const simCpu = processCpuMs([kingdee.pid, okki.pid]);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let rows = 0;
  let pages = 0;
  let pushed = 0;
  let errors = 0;
  let firstError: string | null = null;

  // Reader → bounded queue → workers. The reader pauses while READ_AHEAD orders wait.
  const queue: Row[][] = [];
  let readingDone = false;
  let readError: unknown = null;
  let wakeWorkers: Array<() => void> = [];
  let wakeReader: (() => void) | null = null;
  const notifyWorkers = () => {
    const waiting = wakeWorkers;
    wakeWorkers = [];
    for (const wake of waiting) wake();
  };

  const reader = (async () => {
    let pending: Row[] = [];
    try {
      for (let startRow = 0; ; startRow += params.Limit) {
        const body = {
          data: {
            FormId: params.FormId,
            FieldKeys: params.FieldKeys.join(','),
            FilterString: filterString,
            OrderString: orderString,
            TopRowCount: 0,
            StartRow: startRow,
            Limit: params.Limit,
          },
        };
        const page = await json<Row[]>(
          await fetch(`${kingdee.url}${KD_QUERY}`, { method: 'POST', headers: kdHeaders, body: JSON.stringify(body) }),
          'ExecuteBillQuery',
        );
        if (!Array.isArray(page) || (page.length > 0 && !Array.isArray(page[0])))
          throw new Error(`ExecuteBillQuery failed: ${JSON.stringify(page).slice(0, 300)}`);
        pages++;
        rows += page.length;
        // Rows come ordered by FBillNo: an order is complete when the bill number changes.
        for (const row of page) {
          if (pending.length > 0 && pending[0]![BILL_NO] !== row[BILL_NO]) {
            queue.push(pending);
            pending = [];
          }
          pending.push(row);
        }
        notifyWorkers();
        if (page.length < params.Limit) break;
        while (queue.length >= READ_AHEAD) await new Promise<void>((resolve) => (wakeReader = resolve));
      }
      if (pending.length > 0) queue.push(pending);
    } catch (error) {
      readError = error;
    } finally {
      readingDone = true;
      notifyWorkers();
    }
  })();

  const worker = async () => {
    for (;;) {
      const order = queue.shift();
      if (!order) {
        if (readingDone) return;
        await new Promise<void>((resolve) => wakeWorkers.push(resolve));
        continue;
      }
      if (queue.length < READ_AHEAD && wakeReader) {
        wakeReader();
        wakeReader = null;
      }
      try {
        const payload = mapOrder(order, maps);
        const reply = await json<{ code: number; message?: string }>(
          await fetch(`${okki.url}/v1/invoices/order/push`, {
            method: 'POST',
            headers: okkiHeaders,
            body: JSON.stringify(payload),
          }),
          'order push',
        );
        if (reply.code !== 200) throw new Error(`order push: ${reply.message}`);
        pushed++;
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all([reader, ...Array.from({ length: options.concurrency }, worker)]);
  if (readError) throw readError;
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const simCpuAfter = processCpuMs([kingdee.pid, okki.pid]);
  const pushesAfter = await okkiPushCount(okki.url);

  return {
    side: 'bare',
    setupMs: Math.round(setupMs),
    setupCalls,
    ms: Math.round(ms),
    rows,
    pages,
    orders: pushed + errors,
    pushed,
    errors,
    firstError,
    okkiPushes: pushesAfter - pushesBefore,
    cpuMs: Math.round((used.user + used.system) / 1000),
    simCpuMs: simCpu === null || simCpuAfter === null ? null : simCpuAfter - simCpu,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
