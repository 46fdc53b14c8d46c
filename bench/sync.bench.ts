/**
 * End-to-end sync bench (issue #4): the flagship scheme (Kingdee sales orders → OKKI orders) run by
 * qiao, against the same work done by a bare hand-written script.
 *
 *   npm run bench:sync -- [--orders 20000 | --lines 1000000 [--with-bare] [--full-reread]] [--seed 1]
 *                         [--concurrency N] [--rounds 1] [--samples 40] [--qiao-only] [--no-full-reread]
 *                         [--breakdown] [--profile] [--json]
 *
 * Method
 * - Sizes: `--orders` Kingdee sales orders (default 20,000; the simulator seeds 1–9 lines each, ~5 on
 *   average, so ≈100,000 order lines). `--lines L` sets orders = L / 5 (e.g. 1,000,000 lines ≈ 200,000
 *   orders, to check qiao's peak RSS stays ≤ 300 MB; takes many minutes). That mode runs only the qiao
 *   side and its incremental re-run unless `--with-bare` / `--full-reread` ask for more.
 * - Only approved orders (FDocumentStatus 'C') match the scheme's filter: about 70% of the seeded
 *   orders and their lines are read and created (20,000 orders → ≈14,100 creates, ≈70,000 lines).
 * - Processes: the parent only orchestrates and prints. For each measured side it starts a FRESH Kingdee
 *   simulator (seed, orders) and a FRESH OKKI simulator (seed, every customer/material preloaded), each in
 *   its own child process, so both sides find identical data and do identical work (one create per
 *   order), and simulator CPU is not counted against either side. Each side runs in its own child
 *   process too, so each has its own heap, JIT warm-up and peak RSS (`process.resourceUsage().maxRSS`).
 *   On a 2-core machine the simulators still compete for the cores with the measured side — equally
 *   for both sides.
 * - qiao side: the demo environment's qiao.yaml (`demoConfigYaml`) and the shipped schemes in a temp dir,
 *   a real `QiaoEngine` with its SQLite ledger. Companions (customers, materials) run first; their time is
 *   reported separately and not part of the ratio. Timed: `engine.runNow(flagship)` — Kingdee pages,
 *   grouping, JSONata mapping, ledger ingest, claims and one OKKI push per order at the scheme's
 *   `settings.concurrency`. Then two re-runs with nothing changed: the normal incremental one (cursor
 *   window) and a full re-read (cursor cleared: every line read, mapped and hashed again). Each re-run's
 *   OKKI push calls come from the simulator's `/__admin/stats` before/after and must be 0.
 * - bare side: one Kingdee login, one OKKI token, id maps built once by listing OKKI companies, products
 *   (+ product info for the SKU), users, departments and order fields (setup, reported apart). Timed:
 *   ExecuteBillQuery pages with the scheme's own FieldKeys/FilterString/OrderString/Limit (same
 *   window.from as qiao's first run), rows grouped by FBillNo, a hand-written mapping giving the same
 *   payload (`sync-bench.bare-mapping.ts`), one push per order from the same number of workers,
 *   reading overlapping pushing through a bounded queue. No ledger, no retries.
 * - Ratio = qiao flagship wall time / bare timed wall time (target ≤ 1.5). With `--rounds 2+` sides
 *   alternate (qiao, bare, bare, qiao …) and the medians are compared. The CPU time of each side's
 *   process, and of both simulators meanwhile (from /proc), is printed too: wall time on a shared
 *   machine moves with other load (the load average is printed), CPU per order much less.
 * - Same result check: after each side, `--samples` orders spread over the range are read back from
 *   that side's OKKI simulator (ids and times left out) and must be identical between the sides; the
 *   simulator's order count must equal the number of orders the side read.
 * - qiao diagnostics printed with every run: GC time during the flagship run (`gc` performance entries),
 *   ledger calls by method (the store object's methods wrapped with a counter: a few awaits per order,
 *   negligible next to the run), and memory at the highest sampled RSS (V8 heap vs the rest).
 * - `--breakdown`: one extra qiao pass whose OKKI order pushes are answered instantly in-process (the
 *   connector's write replaced, nothing else), to split qiao's CPU per order into: read + group + map +
 *   hash + ledger compare (its full re-read), the ledger write path (its flagship run minus that), and
 *   the OKKI push through the connector (the real flagship run minus its flagship run).
 * - `--profile`: one extra qiao pass with the V8 sampling profiler on during the flagship run only
 *   (inspector session in the qiao child); prints top self-time functions and areas. Its time is not
 *   used in the ratio.
 * - Default size, 2 cores: about 2.5–4 minutes (most of it qiao's flagship run and its full re-read);
 *   `--breakdown` and `--profile` add about 1.5 minutes each.
 * Exit code 1 when a correctness check fails or a target (ratio ≤ 1.5, re-run pushes = 0, RSS ≤ 300 MB
 * in --lines mode) is missed.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { REPO_ROOT } from '../src/app/demo.js';
import { runBareSide } from './sync-bench.bare-side.js';
import {
  report,
  runSimulatorRole,
  SIMS_ENV,
  spawnRole,
  startSimulators,
  type SimInfo,
} from './sync-bench.processes.js';
import { summariseProfile, type ProfileSummary } from './sync-bench.profile.js';
import { FLAGSHIP, runQiaoSide, type QiaoSideResult } from './sync-bench.qiao-side.js';
import { okkiOrderCount, sampleOrders, type SideResult } from './sync-bench.shared.js';
import { printReport, type BenchSummary, type SideRun } from './sync-bench.report.js';

const SELF = fileURLToPath(import.meta.url);
const SCHEME_FILE = join(REPO_ROOT, 'schemes', `${FLAGSHIP}.yaml`);
const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
};
const flag = (name: string): boolean => args.includes(`--${name}`);

/** Starts fresh simulators, runs one side in its own process, checks what OKKI holds afterwards. */
async function runSide(
  side: 'qiao' | 'bare',
  options: {
    orders: number;
    seed: number;
    concurrency: number;
    samples: number;
    fullReread: boolean;
    profileDir?: string;
    fakeWrite?: boolean;
  },
): Promise<SideRun> {
  const sims = await startSimulators(SELF, { orders: options.orders, seed: options.seed });
  try {
    const extra = ['--concurrency', String(options.concurrency)];
    if (options.profileDir) extra.push('--profile-dir', options.profileDir);
    if (!options.fullReread) extra.push('--no-full-reread');
    if (options.fakeWrite) extra.push('--fake-write');
    const result = await spawnRole<SideResult>(SELF, side, extra, {
      [SIMS_ENV]: JSON.stringify({ kingdee: sims.kingdee, okki: sims.okki }),
    }).result;
    const step = Math.max(1, Math.floor(options.orders / options.samples));
    const orderNos = Array.from(
      { length: Math.min(options.samples, options.orders) },
      (_, i) => `XSDD${String(1 + i * step).padStart(6, '0')}`,
    );
    return {
      result,
      simStartMs: sims.startMs,
      okkiOrders: await okkiOrderCount(sims.okki.url),
      samples: await sampleOrders(sims.okki, orderNos),
    };
  } finally {
    await sims.close();
  }
}

async function main(): Promise<void> {
  const role = opt('role', 'main');
  const seed = Number(opt('seed', '1'));
  if (role === 'sim-kingdee' || role === 'sim-okki')
    return runSimulatorRole(role === 'sim-kingdee' ? 'kingdee' : 'okki', { orders: Number(opt('orders', '0')), seed });
  if (role === 'qiao' || role === 'bare') {
    const { kingdee, okki } = JSON.parse(process.env[SIMS_ENV] ?? '{}') as { kingdee: SimInfo; okki: SimInfo };
    const profileDir = opt('profile-dir', '') || null;
    const result =
      role === 'qiao'
        ? await runQiaoSide(kingdee, okki, {
            profileDir,
            fullReread: !flag('no-full-reread'),
            fakeWrite: flag('fake-write'),
          })
        : await runBareSide(kingdee, okki, { schemeFile: SCHEME_FILE, concurrency: Number(opt('concurrency', '8')) });
    report(result);
    return;
  }

  const scheme = parse(readFileSync(SCHEME_FILE, 'utf8')) as { settings: { concurrency: number } };
  const concurrency = Number(opt('concurrency', String(scheme.settings.concurrency)));
  const linesMode = args.includes('--lines');
  const orders = linesMode ? Math.round(Number(opt('lines', '1000000')) / 5) : Number(opt('orders', '20000'));
  const rounds = Math.max(1, Number(opt('rounds', '1')));
  const samples = Number(opt('samples', '40'));
  // The --lines mode is about qiao's memory: the bare side and the full re-read only when asked for.
  const withBare = linesMode ? flag('with-bare') : !flag('qiao-only');
  const fullReread = linesMode ? flag('full-reread') : !flag('no-full-reread');
  const json = flag('json');
  const log = (line: string) => {
    if (!json) console.log(line);
  };
  const loadBefore = loadavg()[0]!;
  log(
    `sync bench: ${orders.toLocaleString('en')} Kingdee orders (seed ${seed}), concurrency ${concurrency}, ${rounds} round(s); fresh simulators per side, every process separate; ${cpus().length} CPUs, load average ${loadBefore.toFixed(2)}`,
  );

  const started = performance.now();
  const runs: SideRun[] = [];
  for (let round = 0; round < rounds; round++) {
    const order: Array<'qiao' | 'bare'> = (round % 2 === 0 ? ['qiao', 'bare'] : ['bare', 'qiao']).filter(
      (s) => withBare || s === 'qiao',
    ) as Array<'qiao' | 'bare'>;
    for (const side of order) {
      const run = await runSide(side, { orders, seed, concurrency, samples, fullReread });
      log(
        `  ${side.padEnd(4)} round ${round + 1}: ${run.result.orders.toLocaleString('en')} orders in ${(run.result.ms / 1000).toFixed(1)} s (simulators up in ${(run.simStartMs / 1000).toFixed(1)} s)`,
      );
      runs.push(run);
    }
  }
  let profile: ProfileSummary | null = null;
  if (flag('profile')) {
    const dir = mkdtempSync(join(tmpdir(), 'qiao-sync-profile-'));
    const run = await runSide('qiao', { orders, seed, concurrency, samples: 0, fullReread: false, profileDir: dir });
    const file = (run.result as QiaoSideResult).profileFile;
    if (file) profile = { ...summariseProfile(file), file } as ProfileSummary & { file: string };
    log(
      `  qiao profiled pass: ${(run.result.ms / 1000).toFixed(1)} s (profiler on; not used in the ratio), profile ${file}`,
    );
  }
  let breakdown: QiaoSideResult | null = null;
  if (flag('breakdown')) {
    const run = await runSide('qiao', { orders, seed, concurrency, samples: 0, fullReread: true, fakeWrite: true });
    breakdown = run.result as QiaoSideResult;
    log(`  qiao pass with instant fake OKKI pushes: ${(breakdown.ms / 1000).toFixed(1)} s (not used in the ratio)`);
  }
  const summary: BenchSummary = {
    orders,
    seed,
    concurrency,
    rounds,
    linesMode,
    runs,
    profile,
    breakdown,
    totalMs: Math.round(performance.now() - started),
    cpus: cpus().length,
    loadAverage: [loadBefore, loadavg()[0]!],
  };
  const ok = printReport(summary, { json });
  if (!ok) process.exitCode = 1;
}

await main();
