// Soak test (npm run soak:kill; not part of npm test): qiao is killed with SIGKILL 20 times at random
// moments of its runs (0.2 s after the start up to the length of the longest run so far), companions
// and flagship alike. Every round first changes 250 Kingdee sales orders (lines removed, added,
// quantities and prices changed), then runs customers, materials and orders as separate processes,
// one of them with a kill timer. Afterwards OKKI must equal Kingdee: no order twice, none missing,
// every line, quantity and amount the same, nothing stuck in the ledger. Prints the counts and
// exits 1 on any difference.
// Environment: SOAK_SEED (random choices), SOAK_KILLS (default 20), SOAK_ORDERS (default 1000).
import { DEMO_SCHEME_ORDER, startDemoEnvironment, type DemoEnvironment } from '../src/app/demo.js';
import { mulberry32 } from '../src/core/seeded-random.js';
import { readKingdeeOrders } from '../test/e2e/support/e2e-data.js';
import { compareOrders } from '../test/e2e/support/order-exactness.js';
import { spawnQiao } from '../test/e2e/support/qiao-process.js';

const KILLS = Number(process.env.SOAK_KILLS ?? 20);
const ORDERS = Number(process.env.SOAK_ORDERS ?? 1000);
/** Sales orders changed before every round (so between two kills there are at least this many). */
const CHANGES_PER_KILL = 250;
const SEED = Number(process.env.SOAK_SEED ?? Date.now() % 1_000_000);
/** The schemes killed: the two companions and the flagship, in the order they must run. */
const SCHEMES = DEMO_SCHEME_ORDER.slice(0, 3);
const FLAGSHIP = 'kingdee-sales-orders-to-okki';

const random = mulberry32(SEED);
const started = Date.now();
const log = (line: string): void => {
  process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
};
const sleep = (ms: number) => new Promise<'timer'>((resolve) => setTimeout(() => resolve('timer'), ms));

/** Runs `qiao run <scheme> --once`; with `killAfterMs`, kills it then unless it finished. True when the kill landed. */
async function run(
  env: DemoEnvironment,
  scheme: string,
  killAfterMs?: number,
): Promise<{ killed: boolean; ms: number }> {
  const begun = Date.now();
  const child = spawnQiao(env, ['run', scheme, '--once', '--json']);
  const first = await Promise.race([child.exited, killAfterMs === undefined ? child.exited : sleep(killAfterMs)]);
  if (first === 'timer') {
    child.child.kill('SIGKILL');
    if ((await child.exited) === null) return { killed: true, ms: Date.now() - begun };
  }
  const code = await child.exited;
  if (code !== 0) log(`  ${scheme} exited ${code}: ${child.output().trim().split('\n').slice(-3).join(' | ')}`);
  return { killed: false, ms: Date.now() - begun };
}

async function stuckRecords(env: DemoEnvironment): Promise<Record<string, number>> {
  const stuck: Record<string, number> = {};
  for (const { schemeId, counts } of await env.engine.ledger.countByStatus()) {
    if (!SCHEMES.includes(schemeId as (typeof SCHEMES)[number])) continue;
    const open = counts.writing + counts.pending + counts.failed + counts.parked + counts.dead;
    if (open > 0) stuck[schemeId] = open;
  }
  return stuck;
}

async function main(): Promise<number> {
  log(`soak: ${KILLS} kills, ${CHANGES_PER_KILL} changes before every round, ${ORDERS} orders, seed ${SEED}`);
  // OKKI answers a little slowly so that kills land among writes in flight, not only between them.
  const env = await startDemoEnvironment({ orders: ORDERS, seed: 7, logLevel: 'error', okkiFaults: { slowMs: 40 } });
  try {
    // The longest whole run of each scheme so far: kills fall between 0.2 s and that.
    const longest = new Map<string, number>(SCHEMES.map((s) => [s, 5_000]));
    let kills = 0;
    let killsMidWrite = 0;
    let rounds = 0;
    let changes = 0;
    while (kills < KILLS && rounds < KILLS * 4) {
      rounds++;
      changes += env.kingdee.changeOrdersAfterAudit({
        count: CHANGES_PER_KILL,
        kinds: ['removeLine', 'addLine', 'qty', 'price'],
      }).length;
      // One scheme of the round is the target, the flagship more often (it writes the most).
      const victim = random() < 0.6 ? FLAGSHIP : SCHEMES[Math.floor(random() * 2)]!;
      for (const scheme of SCHEMES) {
        const killAfterMs =
          scheme === victim ? Math.round(200 + random() * Math.max(0, longest.get(scheme)! - 200)) : undefined;
        const result = await run(env, scheme, killAfterMs);
        if (!result.killed) {
          longest.set(scheme, Math.max(longest.get(scheme)!, result.ms));
          continue;
        }
        kills++;
        const writing = (await env.engine.ledger.countByStatus(scheme))[0]?.counts.writing ?? 0;
        if (writing > 0) killsMidWrite++;
        log(`kill ${kills}/${KILLS}: ${scheme} after ${killAfterMs} ms, ${writing} documents mid-write`);
        break; // the next round starts again with the companions, as a restarted qiao would
      }
    }
    log(`${kills} kills (${killsMidWrite} mid-write) in ${rounds} rounds, ${changes} changes; settling`);
    for (let pass = 0; pass < 2; pass++) for (const scheme of SCHEMES) await run(env, scheme);

    const report = compareOrders(await readKingdeeOrders(env), env.okki.dumpOrders());
    const stuck = await stuckRecords(env);
    const summary = {
      seed: SEED,
      kills,
      killsMidWrite,
      rounds,
      changes,
      approvedOrders: report.approved,
      okkiOrders: report.inOkki,
      duplicateOrders: report.duplicates.length,
      missingOrders: report.missing.length,
      extraOrders: report.extra.length,
      lineMismatches: report.lineMismatches.length,
      amountMismatches: report.amountMismatches.length,
      stuckRecords: Object.values(stuck).reduce((a, b) => a + b, 0),
      durationSeconds: Math.round((Date.now() - started) / 1000),
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    const bad =
      kills < KILLS ||
      summary.duplicateOrders + summary.missingOrders + summary.extraOrders > 0 ||
      summary.lineMismatches + summary.amountMismatches + summary.stuckRecords > 0;
    if (bad) {
      const sample = {
        duplicates: report.duplicates.slice(0, 5),
        missing: report.missing.slice(0, 5),
        extra: report.extra.slice(0, 5),
        lineMismatches: report.lineMismatches.slice(0, 3),
        amountMismatches: report.amountMismatches.slice(0, 3),
        stuck,
      };
      process.stderr.write(`SOAK FAILED (seed ${SEED}): ${JSON.stringify(sample, null, 2)}\n`);
      return 1;
    }
    log('soak passed: OKKI equals Kingdee');
    return 0;
  } finally {
    await env.close();
  }
}

process.exitCode = await main();
