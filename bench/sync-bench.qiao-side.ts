/**
 * The qiao side of `bench/sync.bench.ts`: the demo environment's qiao.yaml and shipped schemes in a
 * temp dir, pointed at simulators running in other processes, a real QiaoEngine with its SQLite
 * ledger. Companions first (untimed for the ratio), then the timed flagship run, then two re-runs
 * with nothing changed: the normal incremental one (cursor) and a full re-read (cursor cleared).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import type { Connector } from '../src/connectors/connector.js';
import { loadConfig } from '../src/app/config/load-config.js';
import { copyShippedSchemes, demoConfigYaml } from '../src/app/demo.js';
import { QiaoEngine } from '../src/runtime/engine.js';
import type { KingdeeSimulator } from '../src/connectors/kingdee/simulator/kingdee-simulator.js';
import type { OkkiSimulator } from '../src/connectors/okki/simulator/okki-simulator.js';
import type { RunRecord } from '../src/ledger/ledger.js';
import { type MappingCost, measureMappingCost } from './sync-bench.mapping-cost.js';
import { processCpuMs, type SimInfo } from './sync-bench.processes.js';
import { okkiPushCount, type SideResult } from './sync-bench.shared.js';

export const FLAGSHIP = 'kingdee-sales-orders-to-okki';
export const COMPANIONS = ['kingdee-customers-to-okki', 'kingdee-materials-to-okki'] as const;

/** A re-run with nothing changed in the source. */
export interface RerunResult {
  ms: number;
  /** CPU time of the qiao process during the re-run (milliseconds). */
  cpuMs: number;
  okkiPushes: number;
  status: RunRecord['status'];
  counts: RunRecord['counts'];
}

export interface QiaoSideResult extends SideResult {
  runStatus: RunRecord['status'];
  runCounts: RunRecord['counts'];
  companions: Array<{ id: string; ms: number; status: RunRecord['status']; pushed: number }>;
  /** Ledger records of the flagship by status after the timed run. */
  ledger: Record<string, number>;
  rerunIncremental: RerunResult;
  /** Null when skipped (`fullReread: false`). */
  rerunFullRead: RerunResult | null;
  /** Ledger calls during the flagship run, by method (claimDue also counts the records it returned). */
  storeCalls: Record<string, number>;
  /** Time V8 spent in garbage collection during the flagship run (milliseconds, from `gc` performance entries). */
  gcMs: number;
  /** process.memoryUsage() (MB) at the highest RSS sampled during the flagship run (every 250 ms). */
  memoryAtPeak: { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number } | null;
  /** maxRSS after the re-runs (MB): the full re-read maps every order again. */
  peakRssAfterRerunsMb: number;
  /** Where the CPU profile of the flagship run was written, when asked for. */
  profileFile: string | null;
  /** Mapping in this thread vs in the mapping worker pool (hard limits), per document. */
  mappingCost: MappingCost;
}

async function timedRun(
  engine: QiaoEngine,
  id: string,
  okkiUrl: string,
): Promise<{ run: RunRecord; ms: number; cpuMs: number; okkiPushes: number }> {
  const before = await okkiPushCount(okkiUrl);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const run = await engine.runNow(id, 'manual');
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    run,
    ms: Math.round(ms),
    cpuMs: Math.round((used.user + used.system) / 1000),
    okkiPushes: (await okkiPushCount(okkiUrl)) - before,
  };
}

/**
 * Replaces the OKKI connection's order push with an instant local answer shaped like OKKI's (order id,
 * the order echoed back, line ids), so a run measures qiao without the push's HTTP and client work.
 */
function fakeOrderPushes(engine: QiaoEngine): void {
  const okki = engine.connector('okki') as Connector;
  const real = okki.write.bind(okki);
  let next = 900_000_000_000;
  okki.write = async (operation, payload, context) => {
    if (operation !== 'orders.push') return real(operation, payload, context);
    const orderId = String(next++);
    const lines = Array.isArray(payload.product_list) ? (payload.product_list as Array<Record<string, unknown>>) : [];
    const ids = Object.fromEntries(lines.map((line, i) => [String(line._key), `${orderId}${i}`]));
    return { reply: { ...payload, order_id: orderId }, ids: { order_id: orderId, lines: ids }, warnings: [] };
  };
}

/** Runs the companions, the flagship (timed; CPU-profiled when `profileDir` is set) and the re-runs (the full re-read only with `fullReread`). */
export async function runQiaoSide(
  kingdee: SimInfo,
  okki: SimInfo,
  options: { profileDir: string | null; fullReread: boolean; fakeWrite?: boolean },
): Promise<QiaoSideResult> {
  const dir = await mkdtemp(join(tmpdir(), 'qiao-sync-bench-'));
  await copyShippedSchemes(dir);
  // demoConfigYaml only reads url and credentials; the simulators live in other processes here.
  const yaml = demoConfigYaml(kingdee as unknown as KingdeeSimulator, okki as unknown as OkkiSimulator, {
    store: 'sqlite:.qiao/qiao.db',
    apiPort: 0,
  });
  await writeFile(join(dir, 'qiao.yaml'), yaml);
  const env = {
    ...process.env,
    KINGDEE_APP_SECRET: String(kingdee.credentials.appSecret),
    OKKI_CLIENT_SECRET: String(okki.credentials.clientSecret),
  };
  const config = await loadConfig({ file: join(dir, 'qiao.yaml'), env });
  const engine = await QiaoEngine.create({ config });
  try {
    const setupStarted = performance.now();
    const companions: QiaoSideResult['companions'] = [];
    for (const id of COMPANIONS) {
      const { run, ms } = await timedRun(engine, id, okki.url);
      companions.push({ id, ms, status: run.status, pushed: run.counts.pushed });
    }
    const setupMs = performance.now() - setupStarted;
    if (options.fakeWrite) fakeOrderPushes(engine);

    let session: Session | null = null;
    if (options.profileDir) {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 500 });
      await session.post('Profiler.start');
    }
    const simCpu = processCpuMs([kingdee.pid, okki.pid]);
    const cpu = process.cpuUsage();
    const storeCalls = countStoreCalls(engine);
    const memory = new MemorySampler();
    let gcMs = 0;
    const gc = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) gcMs += entry.duration;
    });
    gc.observe({ entryTypes: ['gc'] });
    const flagship = await timedRun(engine, FLAGSHIP, okki.url);
    gc.disconnect();
    const memoryAtPeak = memory.stop();
    const storeCallsDuringFlagship = { ...storeCalls };
    const used = process.cpuUsage(cpu);
    const simCpuAfter = processCpuMs([kingdee.pid, okki.pid]);
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    let profileFile: string | null = null;
    if (session && options.profileDir) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      profileFile = join(options.profileDir, `qiao-flagship-${process.pid}.cpuprofile`);
      await writeFile(profileFile, JSON.stringify(profile));
    }
    const ledger: Record<string, number> = {
      ...(await engine.ledger.countByStatus(FLAGSHIP)).find((c) => c.schemeId === FLAGSHIP)?.counts,
    };

    const incremental = await timedRun(engine, FLAGSHIP, okki.url);
    let fullRead: typeof incremental | null = null;
    if (options.fullReread) {
      await engine.ledger.setCursor(FLAGSHIP, null);
      fullRead = await timedRun(engine, FLAGSHIP, okki.url);
    }
    const rerun = (r: typeof incremental): RerunResult => ({
      ms: r.ms,
      cpuMs: r.cpuMs,
      okkiPushes: r.okkiPushes,
      status: r.run.status,
      counts: r.run.counts,
    });

    const mappingCost = await measureMappingCost(engine, FLAGSHIP);
    const counts = flagship.run.counts;
    return {
      side: 'qiao',
      setupMs: Math.round(setupMs),
      setupCalls: companions.reduce((sum, c) => sum + c.pushed, 0),
      ms: flagship.ms,
      rows: counts.read,
      pages: 0,
      orders: counts.documents,
      pushed: counts.pushed,
      errors: counts.failed,
      firstError: flagship.run.error ? flagship.run.error.message : null,
      okkiPushes: flagship.okkiPushes,
      cpuMs: Math.round((used.user + used.system) / 1000),
      simCpuMs: simCpu === null || simCpuAfter === null ? null : simCpuAfter - simCpu,
      peakRssMb,
      runStatus: flagship.run.status,
      runCounts: counts,
      companions,
      ledger,
      rerunIncremental: rerun(incremental),
      rerunFullRead: fullRead ? rerun(fullRead) : null,
      storeCalls: storeCallsDuringFlagship,
      gcMs: Math.round(gcMs),
      memoryAtPeak,
      peakRssAfterRerunsMb: Math.round(process.resourceUsage().maxRSS / 1024),
      profileFile,
      mappingCost,
    };
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Counts the engine's ledger calls from now on (the methods of the store object are wrapped; the store itself is untouched). */
function countStoreCalls(engine: QiaoEngine): Record<string, number> {
  const counts: Record<string, number> = { claimedRecords: 0 };
  const store = engine.ledger as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of [
    'ingest',
    'claimDue',
    'markSucceeded',
    'markFailed',
    'addAttempt',
    'getTargetIds',
    'nextDueAt',
  ]) {
    const original = store[method]!.bind(engine.ledger);
    counts[method] = 0;
    store[method] = async (...args: unknown[]) => {
      counts[method]!++;
      const result = await original(...args);
      if (method === 'claimDue') counts.claimedRecords! += (result as unknown[]).length;
      return result;
    };
  }
  return counts;
}

/** Samples process.memoryUsage() every 250 ms and keeps the sample with the highest RSS, to tell heap from native memory. */
class MemorySampler {
  private peak: NodeJS.MemoryUsage | null = null;
  private readonly timer = setInterval(() => this.sample(), 250).unref();

  private sample(): void {
    const usage = process.memoryUsage();
    if (!this.peak || usage.rss > this.peak.rss) this.peak = usage;
  }

  stop(): QiaoSideResult['memoryAtPeak'] {
    clearInterval(this.timer);
    this.sample();
    const mb = (bytes: number) => Math.round(bytes / 1048576);
    const p = this.peak!;
    return {
      rss: mb(p.rss),
      heapTotal: mb(p.heapTotal),
      heapUsed: mb(p.heapUsed),
      external: mb(p.external),
      arrayBuffers: mb(p.arrayBuffers),
    };
  }
}
