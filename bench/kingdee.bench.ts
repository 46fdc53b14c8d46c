/**
 * Kingdee read throughput: streams every sales-order line of a simulator with ~40,000 orders
 * (≈200,000 lines) through KingdeeClient.streamBillQuery, then reads the same StartRow/Limit pages
 * with a bare fetch loop (login once, JSON.parse, nothing else). Prints rows/s of both, the ratio
 * and peak RSS. Simulator and client share this process, as in `qiao demo`.
 *
 * Rounds alternate which reader goes first (GC and JIT state favour the second), medians are reported.
 * Env: BENCH_ORDERS (default 40000), BENCH_PAGE (default 2000), BENCH_ROUNDS (default 3).
 */
import { KingdeeClient, stableOrderString } from '../src/connectors/kingdee/index.js';
import { startKingdeeSimulator } from '../src/connectors/kingdee/simulator/kingdee-simulator.js';

const orders = Number(process.env.BENCH_ORDERS ?? 40_000);
const pageSize = Number(process.env.BENCH_PAGE ?? 2_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

/** What the flagship scheme reads: header, customer, line, material, quantities and prices. */
const fieldKeys = [
  'FID',
  'FBillNo',
  'FDocumentStatus',
  'FDate',
  'FModifyDate',
  'FApproveDate',
  'FCustId.FNumber',
  'FCustId.FName',
  'FSalerId.FNumber',
  'FSettleCurrId',
  'FExchangeRate',
  'FSaleOrderEntry_FEntryID',
  'FMaterialId.FNumber',
  'FMaterialName',
  'FUnitID.FNumber',
  'FQty',
  'FPrice',
  'FTaxPrice',
  'FEntryTaxRate',
  'FAllAmount',
  'FDeliveryDate',
  'FEntryNote',
  'FVersionNo',
  'FChangeFlag',
];
const query = { formId: 'SAL_SaleOrder', fieldKeys, filterString: '' };

class RssSampler {
  peak = 0;
  private timer: NodeJS.Timeout | undefined;
  start(): void {
    this.peak = process.memoryUsage().rss;
    this.timer = setInterval(() => (this.peak = Math.max(this.peak, process.memoryUsage().rss)), 50);
    this.timer.unref();
  }
  stop(): number {
    clearInterval(this.timer);
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
    return this.peak;
  }
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function viaClient(
  url: string,
  credentials: { acctId: string; user: string; password: string; lcid: number },
): Promise<number> {
  const client = new KingdeeClient({
    type: 'kingdee',
    baseUrl: url,
    acctId: credentials.acctId,
    lcid: credentials.lcid,
    pageSize,
    auth: { method: 'password', username: credentials.user, password: credentials.password },
  });
  let rows = 0;
  let checksum = 0;
  for await (const row of client.streamBillQuery(query, { pageSize })) {
    rows++;
    checksum += row.FQty as number; // touch a field so the objects are really used
  }
  if (!Number.isFinite(checksum)) throw new Error('bad data');
  return rows;
}

async function viaBareFetch(
  url: string,
  credentials: { acctId: string; user: string; password: string; lcid: number },
): Promise<number> {
  const base = url.replace(/\/+$/, '');
  const login = await fetch(`${base}/Kingdee.BOS.WebApi.ServicesStub.AuthService.ValidateUser.common.kdsvc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      acctid: credentials.acctId,
      username: credentials.user,
      password: credentials.password,
      lcid: credentials.lcid,
    }),
  });
  const sid = (JSON.parse(await login.text()) as { KDSVCSessionId: string }).KDSVCSessionId;
  const { orderString } = stableOrderString(query, fieldKeys);
  let rows = 0;
  for (let startRow = 0; ; startRow += pageSize) {
    const res = await fetch(
      `${base}/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExecuteBillQuery.common.kdsvc`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Cookie: `kdservice-sessionid=${sid}`,
          'kdservice-sessionid': sid,
        },
        body: JSON.stringify({
          data: {
            FormId: query.formId,
            FieldKeys: fieldKeys.join(','),
            FilterString: '',
            OrderString: orderString,
            TopRowCount: 0,
            StartRow: startRow,
            Limit: pageSize,
          },
        }),
      },
    );
    const page = JSON.parse(await res.text()) as unknown[][];
    rows += page.length;
    if (page.length < pageSize) return rows;
  }
}

async function measure(
  name: string,
  task: () => Promise<number>,
): Promise<{ rows: number; seconds: number; rate: number; peakRss: number }> {
  const sampler = new RssSampler();
  sampler.start();
  const started = performance.now();
  const rows = await task();
  const seconds = (performance.now() - started) / 1000;
  const peakRss = sampler.stop();
  const rate = rows / seconds;
  console.log(
    `  ${name.padEnd(12)} ${rows} rows in ${seconds.toFixed(2)} s = ${Math.round(rate).toLocaleString('en')} rows/s, peak RSS ${mb(peakRss)}`,
  );
  return { rows, seconds, rate, peakRss };
}

async function main(): Promise<void> {
  const setupStart = performance.now();
  const sim = await startKingdeeSimulator({ orders });
  console.log(
    `Kingdee simulator with ${orders} orders at ${sim.url} (set up in ${((performance.now() - setupStart) / 1000).toFixed(1)} s), RSS ${mb(process.memoryUsage().rss)}`,
  );
  console.log(`${fieldKeys.length} fields, pages of ${pageSize}, ${rounds} round(s)`);
  try {
    const client: Array<{ rate: number; seconds: number }> = [];
    const bare: Array<{ rate: number; seconds: number }> = [];
    let peak = 0;
    let lines = -1;
    for (let round = 1; round <= rounds; round++) {
      console.log(`round ${round}`);
      const runClient = () => measure('client', () => viaClient(sim.url, sim.credentials));
      const runBare = () => measure('bare fetch', () => viaBareFetch(sim.url, sim.credentials));
      const [c, b] =
        round % 2 === 1
          ? [await runClient(), await runBare()]
          : await runBare().then(async (x) => [await runClient(), x] as const);
      if (c.rows !== b.rows || (lines >= 0 && c.rows !== lines))
        throw new Error(`row counts differ: client ${c.rows}, bare ${b.rows}`);
      lines = c.rows;
      client.push(c);
      bare.push(b);
      peak = Math.max(peak, c.peakRss, b.peakRss);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const clientRate = median(client.map((x) => x.rate));
    const bareRate = median(bare.map((x) => x.rate));
    const overheadUs = ((median(client.map((x) => x.seconds)) - median(bare.map((x) => x.seconds))) / lines) * 1e6;
    console.log('');
    console.log(`lines streamed:        ${lines}`);
    console.log(`client (median):       ${Math.round(clientRate).toLocaleString('en')} rows/s`);
    console.log(`bare fetch (median):   ${Math.round(bareRate).toLocaleString('en')} rows/s`);
    console.log(
      `client / bare:         ${(clientRate / bareRate).toFixed(2)}  (median time difference ${overheadUs.toFixed(1)} µs/row; the in-process simulator dominates both, load on the machine adds noise)`,
    );
    console.log(
      `peak RSS (sampled):    ${mb(peak)}; process maxRSS ${mb(process.resourceUsage().maxRSS * 1024)} (simulator data included)`,
    );
  } finally {
    await sim.close();
  }
}

await main();
