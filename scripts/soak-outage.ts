// The full-size outage of issue 9 (npm run soak:outage; several minutes): 2,000 orders, OKKI refusing
// connections for 2 minutes and then answering 5xx to every business call for 1 minute, in the
// middle of a flagship run, with the shipped breaker settings (a run waits 60 s for the target).
// While OKKI is down, write-only runs start whenever records fall due, as `qiao start`'s sweeper
// does. After recovery one run must complete. Checks from outside: OKKI against Kingdee, the ledger.
// Sizes and phases are environment variables: SOAK_ORDERS, SOAK_REFUSED_S, SOAK_5XX_S, SOAK_DOWN_AFTER.
import { setTimeout as sleep } from 'node:timers/promises';
import { startDemoEnvironment } from '../src/app/demo.js';
import type { RunRecord } from '../src/ledger/ledger.js';
import { duplicateOrderNumbers, readKingdeeOrders } from '../test/e2e/support/e2e-data.js';

/** The fields of an OKKI order (as the simulator dumps it) this check compares. */
type OkkiOrder = {
  order_no: string;
  product_list: Array<{ product_no: string; count: number; unit_price: number; cost_amount: number }>;
};

const FLAGSHIP = 'kingdee-sales-orders-to-okki';
const ORDERS = Number(process.env.SOAK_ORDERS ?? 2_000);
const REFUSED_MS = Number(process.env.SOAK_REFUSED_S ?? 120) * 1000;
const FIVE_XX_MS = Number(process.env.SOAK_5XX_S ?? 60) * 1000;
const DOWN_AFTER_PUSHES = Number(process.env.SOAK_DOWN_AFTER ?? 500);
/** How often write-only runs are started while records are due (the scheduler's sweeper period). */
const SWEEP_MS = 15_000;

const started = Date.now();
const clock = (): string => `${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`;
const say = (text: string): void => void process.stdout.write(`[${clock()}] ${text}\n`);
const round2 = (x: number): number => Math.round(x * 100) / 100;
const describeRun = (run: RunRecord): string =>
  `${run.trigger} run ${run.status} in ${((run.durationMs ?? 0) / 1000).toFixed(1)} s: documents ${run.counts.documents}, pushed ${run.counts.pushed}, failed ${run.counts.failed}, retried ${run.counts.retried}`;

const env = await startDemoEnvironment({ orders: ORDERS, seed: 7, logLevel: 'silent' });
const runs: RunRecord[] = [];
try {
  for (const id of ['kingdee-customers-to-okki', 'kingdee-materials-to-okki']) {
    const run = await env.engine.runNow(id, 'cli');
    say(`${id}: ${describeRun(run)}`);
  }

  let pushes = 0;
  let downAt = 0;
  let outage = Promise.resolve();
  const pushCallsFromOutageOn = new Map<string, number>();
  env.engine.events.on('api.call', (event) => {
    if (event.connection !== 'okki' || event.operation !== 'orders.push') return;
    if (downAt > 0)
      pushCallsFromOutageOn.set(event.errorCode ?? 'ok', (pushCallsFromOutageOn.get(event.errorCode ?? 'ok') ?? 0) + 1);
    if (event.ok && ++pushes === DOWN_AFTER_PUSHES) {
      downAt = Date.now();
      outage = (async () => {
        await env.okki.goOffline();
        say(`OKKI refuses connections (after ${DOWN_AFTER_PUSHES} pushes) for ${REFUSED_MS / 1000} s`);
        await sleep(REFUSED_MS);
        env.okki.setFaults({ error5xxEveryNCalls: 1 });
        await env.okki.goOnline();
        say(`OKKI listens again but answers 5xx to every business call for ${FIVE_XX_MS / 1000} s`);
        await sleep(FIVE_XX_MS);
        env.okki.setFaults({});
        say('OKKI has recovered');
      })();
    }
  });

  const first = await env.engine.runNow(FLAGSHIP, 'cli');
  runs.push(first);
  say(`${FLAGSHIP}: ${describeRun(first)}${first.error ? ` — ${first.error.code}` : ''}`);

  // While OKKI is down: write-only runs whenever records fall due (the retry times follow the breaker's probes).
  let recovered = false;
  void outage.then(() => {
    recovered = true;
  });
  while (!recovered) {
    const due = await env.engine.ledger.nextDueAt(FLAGSHIP);
    if (due !== null && Date.parse(due) <= Date.now()) {
      const run = await env.engine.runNow(FLAGSHIP, 'retry');
      runs.push(run);
      say(`${FLAGSHIP}: ${describeRun(run)}`);
    } else await Promise.race([sleep(SWEEP_MS), outage]);
  }

  const after = await env.engine.runNow(FLAGSHIP, 'cli');
  runs.push(after);
  say(`${FLAGSHIP} after recovery: ${describeRun(after)}`);

  const [counts] = await env.engine.ledger.countByStatus(FLAGSHIP);
  const { records } = await env.engine.ledger.listRecords({ schemeId: FLAGSHIP, limit: 10_000 });
  const maxAttempts = Math.max(0, ...records.map((r) => r.attempts));
  const kingdee = await readKingdeeOrders(env);
  const okkiOrders = env.okki.dumpOrders() as OkkiOrder[];
  const approved = [...kingdee.values()].filter((o) => o.status === 'C');
  const okkiByNo = new Map(okkiOrders.map((o) => [String(o.order_no), o]));
  const missing = approved.filter((o) => !okkiByNo.has(o.billNo)).length;
  const extra = okkiOrders.filter((o) => !kingdee.get(o.order_no) || kingdee.get(o.order_no)!.status !== 'C').length;
  const line = (product: unknown, count: unknown, price: unknown, amount: number): string =>
    JSON.stringify([product, count, price, round2(amount)]);
  let lineMismatches = 0;
  for (const order of approved) {
    const okki = okkiByNo.get(order.billNo);
    if (!okki) continue;
    const want = order.lines.map((l) => line(l.material, l.qty, l.taxPrice, l.allAmount)).sort();
    const have = okki.product_list.map((l) => line(l.product_no, l.count, l.unit_price, l.cost_amount)).sort();
    if (JSON.stringify(want) !== JSON.stringify(have)) lineMismatches++;
  }

  const summary = {
    orders: ORDERS,
    approvedOrders: approved.length,
    outage: { refusedSeconds: REFUSED_MS / 1000, fiveXxSeconds: FIVE_XX_MS / 1000, afterPushes: DOWN_AFTER_PUSHES },
    runs: runs.map((r) => ({ trigger: r.trigger, status: r.status, seconds: (r.durationMs ?? 0) / 1000, ...r.counts })),
    pushCallsFromOutageOn: Object.fromEntries(pushCallsFromOutageOn),
    ledger: counts?.counts,
    maxAttemptsOfARecord: maxAttempts,
    okki: {
      orders: okkiOrders.length,
      duplicates: duplicateOrderNumbers(okkiOrders).length,
      missing,
      extra,
      lineMismatches,
    },
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  const ok =
    first.status === 'target_unavailable' &&
    after.status === 'succeeded' &&
    counts?.counts.dead === 0 &&
    missing + extra + lineMismatches + summary.okki.duplicates === 0;
  say(ok ? 'PASS' : 'FAIL');
  process.exitCode = ok ? 0 : 1;
} finally {
  await env.close();
}
