/** Checks, table and JSON line of `bench/sync.bench.ts`. */
import { isDeepStrictEqual } from 'node:util';
import type { ProfileSummary } from './sync-bench.profile.js';
import type { QiaoSideResult } from './sync-bench.qiao-side.js';
import type { SideResult } from './sync-bench.shared.js';

/** Target of issue #4: qiao's flagship wall time at most 1.5× the bare script's. */
export const RATIO_TARGET = 1.5;
/** Target of issue #4 for `--lines 1000000`: qiao's peak RSS in MB. */
export const RSS_TARGET_MB = 300;

/** One side run by the parent, with what its OKKI simulator held afterwards. */
export interface SideRun {
  result: SideResult;
  simStartMs: number;
  okkiOrders: number;
  samples: Record<string, unknown>;
}

export interface BenchSummary {
  orders: number;
  seed: number;
  concurrency: number;
  rounds: number;
  linesMode: boolean;
  runs: SideRun[];
  profile: (ProfileSummary & { file?: string }) | null;
  /** The `--breakdown` pass (OKKI pushes answered in-process), or null. */
  breakdown: QiaoSideResult | null;
  totalMs: number;
  cpus: number;
  /** 1-minute load average before and after the bench. */
  loadAverage: [number, number];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);
const seconds = (ms: number) => (ms / 1000).toFixed(1);

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

function correctnessChecks(summary: BenchSummary, q: QiaoSideResult): Check[] {
  const runs = summary.runs;
  const reference = runs[0]!;
  const sampleKeys = Object.keys(reference.samples);
  const found = sampleKeys.filter((k) => !(reference.samples[k] as { missing?: number }).missing).length;
  const differ = runs.filter((r) => !isDeepStrictEqual(r.samples, reference.samples)).length;
  const checks: Check[] = [
    {
      name: 'no failed orders',
      ok: runs.every((r) => r.result.errors === 0),
      detail: runs
        .map((r) => `${r.result.side} ${r.result.errors}${r.result.firstError ? ` (${r.result.firstError})` : ''}`)
        .join(', '),
    },
    {
      name: 'one OKKI push per order',
      ok: runs.every((r) => r.result.okkiPushes === r.result.orders && r.result.pushed === r.result.orders),
      detail: runs.map((r) => `${r.result.side} ${r.result.okkiPushes}/${r.result.orders}`).join(', '),
    },
    {
      name: 'same orders in every run',
      ok: runs.every(
        (r) =>
          r.result.orders === reference.result.orders &&
          r.result.rows === reference.result.rows &&
          r.okkiOrders === r.result.orders,
      ),
      detail: runs
        .map(
          (r) => `${r.result.side} ${r.result.orders} orders / ${r.result.rows} lines read / ${r.okkiOrders} in OKKI`,
        )
        .join(', '),
    },
    {
      name: 'same stored orders (samples)',
      ok: found >= sampleKeys.length / 2 && differ === 0,
      detail: `${found}/${sampleKeys.length} sampled order numbers exist; ${differ} run(s) differ from the first`,
    },
    {
      name: 'incremental re-run pushes 0',
      ok: q.rerunIncremental.okkiPushes === 0 && q.rerunIncremental.status === 'succeeded',
      detail: `${q.rerunIncremental.okkiPushes} pushes, ${q.rerunIncremental.counts.read} lines read, ${q.rerunIncremental.status}`,
    },
  ];
  const full = q.rerunFullRead;
  if (full)
    checks.push({
      name: 'full re-read pushes 0',
      ok: full.okkiPushes === 0 && full.status === 'succeeded',
      detail: `${full.okkiPushes} pushes, ${full.counts.read} lines read, ${full.counts.skipped} unchanged, ${full.status}`,
    });
  return checks;
}

/** Prints the table (unless `json`) and the JSON line; returns false when a check or target failed. */
export function printReport(summary: BenchSummary, options: { json: boolean }): boolean {
  const qiaoRuns = summary.runs.filter((r) => r.result.side === 'qiao');
  const bareRuns = summary.runs.filter((r) => r.result.side === 'bare');
  const q = qiaoRuns[0]!.result as QiaoSideResult;
  const b = bareRuns[0]?.result ?? null;
  const qiaoMs = median(qiaoRuns.map((r) => r.result.ms));
  const bareMs = b ? median(bareRuns.map((r) => r.result.ms)) : null;
  const ratio = bareMs ? qiaoMs / bareMs : null;
  const cpuRatio = b ? q.cpuMs / b.cpuMs : null;
  const qiaoRss = Math.max(...qiaoRuns.map((r) => r.result.peakRssMb));
  const bareRss = b ? Math.max(...bareRuns.map((r) => r.result.peakRssMb)) : null;

  const checks = correctnessChecks(summary, q);
  if (ratio !== null)
    checks.push({ name: `ratio ≤ ${RATIO_TARGET}`, ok: ratio <= RATIO_TARGET, detail: ratio.toFixed(2) });
  if (summary.linesMode)
    checks.push({ name: `qiao peak RSS ≤ ${RSS_TARGET_MB} MB`, ok: qiaoRss <= RSS_TARGET_MB, detail: `${qiaoRss} MB` });

  const side = (r: SideResult, ms: number, rss: number) => ({
    ms,
    ordersPerSecond: perSecond(r.orders, ms),
    linesPerSecond: perSecond(r.rows, ms),
    peakRssMb: rss,
    cpuMs: r.cpuMs,
    cpuMsPerOrder: Number((r.cpuMs / r.orders).toFixed(3)),
    simCpuMs: r.simCpuMs,
  });
  const full = q.rerunFullRead;
  const result = {
    bench: 'sync',
    orders: summary.orders,
    creates: q.pushed,
    lines: q.rows,
    seed: summary.seed,
    concurrency: summary.concurrency,
    rounds: summary.rounds,
    qiao: {
      ...side(q, qiaoMs, qiaoRss),
      companionsMs: q.setupMs,
      companions: q.companions,
      ledger: q.ledger,
      storeCalls: q.storeCalls,
      gcMs: q.gcMs,
      memoryAtPeak: q.memoryAtPeak,
      peakRssAfterRerunsMb: q.peakRssAfterRerunsMb,
      mappingCost: q.mappingCost,
    },
    bare:
      b && bareMs !== null && bareRss !== null
        ? { ...side(b, bareMs, bareRss), setupMs: b.setupMs, setupCalls: b.setupCalls }
        : null,
    ratio: ratio === null ? null : Number(ratio.toFixed(3)),
    ratioTarget: RATIO_TARGET,
    cpuRatio: cpuRatio === null ? null : Number(cpuRatio.toFixed(3)),
    rerun: {
      incremental: { ms: q.rerunIncremental.ms, okkiPushes: q.rerunIncremental.okkiPushes },
      fullRead: full
        ? { ms: full.ms, cpuMs: full.cpuMs, okkiPushes: full.okkiPushes, linesRead: full.counts.read }
        : null,
    },
    checks: Object.fromEntries(checks.map((c) => [c.name, c.ok])),
    ok: checks.every((c) => c.ok),
    cpuBreakdown: breakdownOf(q, summary.breakdown),
    profileTop: summary.profile?.functions.slice(0, 10) ?? null,
    cpus: summary.cpus,
    loadAverage: summary.loadAverage.map((x) => Number(x.toFixed(2))),
    totalMs: summary.totalMs,
  };

  if (!options.json) {
    const na = 'n/a';
    const rows: Array<[string, string, string]> = [
      ['orders synced (OKKI creates)', q.pushed.toLocaleString('en'), b ? b.pushed.toLocaleString('en') : na],
      ['Kingdee order lines read', q.rows.toLocaleString('en'), b ? b.rows.toLocaleString('en') : na],
      ['flagship wall time (s)', seconds(qiaoMs), bareMs !== null ? seconds(bareMs) : na],
      [
        'orders/s',
        result.qiao.ordersPerSecond.toLocaleString('en'),
        result.bare ? result.bare.ordersPerSecond.toLocaleString('en') : na,
      ],
      [
        'order lines/s',
        result.qiao.linesPerSecond.toLocaleString('en'),
        result.bare ? result.bare.linesPerSecond.toLocaleString('en') : na,
      ],
      ['CPU of the side process (s)', seconds(q.cpuMs), b ? seconds(b.cpuMs) : na],
      [
        'CPU ms per order',
        result.qiao.cpuMsPerOrder.toFixed(3),
        result.bare ? result.bare.cpuMsPerOrder.toFixed(3) : na,
      ],
      [
        'CPU of both simulators meanwhile (s)',
        q.simCpuMs === null ? na : seconds(q.simCpuMs),
        b?.simCpuMs == null ? na : seconds(b.simCpuMs),
      ],
      ['peak RSS of the side process (MB)', String(qiaoRss), bareRss === null ? na : String(bareRss)],
      ['setup, untimed (s)', `${seconds(q.setupMs)} companions`, b ? `${seconds(b.setupMs)} login + id maps` : na],
    ];
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(4, ...rows.map((r) => r[1].length));
    console.log('');
    console.log(`${''.padEnd(w0)}  ${'qiao'.padStart(w1)}  bare`);
    for (const [label, qv, bv] of rows) console.log(`${label.padEnd(w0)}  ${qv.padStart(w1)}  ${bv}`);
    console.log('');
    console.log(
      `companions: ${q.companions.map((c) => `${c.id} ${seconds(c.ms)} s (${c.pushed} pushed, ${c.status})`).join('; ')}`,
    );
    if (ratio !== null)
      console.log(
        `ratio qiao/bare wall time: ${ratio.toFixed(2)} (target ≤ ${RATIO_TARGET}); CPU time ratio ${cpuRatio!.toFixed(2)}`,
      );
    console.log(
      `re-run, nothing changed (incremental): ${seconds(q.rerunIncremental.ms)} s, ${q.rerunIncremental.okkiPushes} OKKI pushes, ${q.rerunIncremental.counts.read} lines read`,
    );
    if (full)
      console.log(
        `re-run, nothing changed (full re-read, cursor cleared): ${seconds(full.ms)} s (CPU ${seconds(full.cpuMs)} s), ${full.okkiPushes} OKKI pushes, ${full.counts.read.toLocaleString('en')} lines read, ${full.counts.skipped.toLocaleString('en')} orders unchanged`,
      );
    const m = q.memoryAtPeak;
    console.log(
      `qiao GC time during the flagship run: ${seconds(q.gcMs)} s; ledger calls: ${Object.entries(q.storeCalls)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    if (m)
      console.log(
        `qiao memory at its highest sampled RSS (${m.rss} MB): V8 heap ${m.heapUsed} MB used of ${m.heapTotal} MB, external ${m.external} MB (array buffers ${m.arrayBuffers} MB), the rest code, tsx and native (SQLite, sockets)`,
      );
    console.log(`qiao peak RSS after the re-runs: ${q.peakRssAfterRerunsMb} MB; ledger: ${JSON.stringify(q.ledger)}`);
    const cost = q.mappingCost;
    if (cost)
      console.log(
        `mapping one document at a time (${cost.documents} flagship documents): ${cost.inlineUsPerDoc} µs in-process, ${cost.workerUsPerDoc} µs in the mapping worker pool (hard limits, what runs use): ${cost.workerUsPerDoc - cost.inlineUsPerDoc} µs/document for isolation${cost.samePayloads ? '' : '; PAYLOADS DIFFER'}`,
      );
    console.log(
      `machine: ${summary.cpus} CPUs, load average ${summary.loadAverage[0].toFixed(2)} before, ${summary.loadAverage[1].toFixed(2)} after (other load slows wall times)`,
    );
    console.log('');
    for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
    if (result.cpuBreakdown) {
      const bd = result.cpuBreakdown;
      console.log('');
      console.log('qiao CPU ms per order by stage (--breakdown; differences of whole runs, so ±noise):');
      console.log(`  ${bd.ingestMsPerOrder.toFixed(3)}  read + group + map + hash + ledger compare (full re-read)`);
      console.log(
        `  ${bd.ledgerWriteMsPerOrder.toFixed(3)}  ledger write path: claim, markSucceeded, attempt, events (fake-push flagship − full re-read)`,
      );
      console.log(
        `  ${bd.pushMsPerOrder.toFixed(3)}  OKKI push through the connector (real flagship − fake-push flagship)`,
      );
      console.log(
        `  ${result.qiao.cpuMsPerOrder.toFixed(3)}  total (real flagship)${result.bare ? `; bare script total ${result.bare.cpuMsPerOrder.toFixed(3)}` : ''}`,
      );
      console.log(
        `  GC during the flagship run: ${seconds(q.gcMs)} s with real pushes, ${seconds(summary.breakdown!.gcMs)} s with fake pushes`,
      );
      console.log(
        `  claimDue calls: ${q.storeCalls.claimDue} with real pushes, ${summary.breakdown!.storeCalls.claimDue} with fake pushes (the push bucket also holds what real latency changes in the run loop)`,
      );
    }
    if (summary.profile) {
      console.log('');
      console.log(
        `qiao flagship CPU profile (${seconds(summary.profile.totalMs)} s sampled${summary.profile.file ? `, ${summary.profile.file}` : ''}) — top self time:`,
      );
      for (const f of summary.profile.functions)
        console.log(`  ${String(f.selfMs).padStart(6)} ms ${f.percent.toFixed(1).padStart(5)}%  ${f.name}`);
      console.log('  by area:');
      for (const a of summary.profile.areas)
        console.log(`  ${String(a.selfMs).padStart(6)} ms ${a.percent.toFixed(1).padStart(5)}%  ${a.name}`);
    }
    console.log(`\ntotal bench time ${seconds(summary.totalMs)} s`);
  }
  console.log(JSON.stringify(result));
  return result.ok;
}

/** CPU per order by stage from the real qiao run and the `--breakdown` pass; null without that pass. */
function breakdownOf(
  real: QiaoSideResult,
  fake: QiaoSideResult | null,
): { ingestMsPerOrder: number; ledgerWriteMsPerOrder: number; pushMsPerOrder: number } | null {
  if (!fake?.rerunFullRead) return null;
  const per = (ms: number) => Number((ms / real.orders).toFixed(3));
  const ingest = fake.rerunFullRead.cpuMs;
  return {
    ingestMsPerOrder: per(ingest),
    ledgerWriteMsPerOrder: per(fake.cpuMs - ingest),
    pushMsPerOrder: per(real.cpuMs - fake.cpuMs),
  };
}
