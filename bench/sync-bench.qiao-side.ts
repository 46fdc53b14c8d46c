/**
 * The qiao side of `bench/sync.bench.ts`: the demo environment's qiao.yaml and shipped schemes in a
 * temp dir, pointed at simulators running in other processes, a real QiaoEngine with its SQLite
 * ledger. Companions first (untimed for the ratio), then the timed flagship run, then two re-runs
 * with nothing changed: the normal incremental one (cursor) and a full re-read (cursor cleared).
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/core/config/load-config.js';
import { demoConfigYaml, REPO_ROOT } from '../src/runtime/demo-environment.js';
import { QiaoEngine } from '../src/runtime/engine.js';
import type { KingdeeSimulator } from '../src/simulators/kingdee/kingdee-simulator.js';
import type { OkkiSimulator } from '../src/simulators/okki/okki-simulator.js';
import type { RunRecord } from '../src/store/state-store.js';
import { processCpuMs, type SimInfo } from './sync-bench.processes.js';
import { okkiPushCount, type SideResult } from './sync-bench.shared.js';

export const FLAGSHIP = 'kingdee-sales-orders-to-okki';
export const COMPANIONS = ['kingdee-customers-to-okki', 'kingdee-materials-to-okki'] as const;

/** A re-run with nothing changed in the source. */
export interface RerunResult {
  ms: number;
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
  /** maxRSS after the re-runs (MB): the full re-read maps every order again. */
  peakRssAfterRerunsMb: number;
  /** Where the CPU profile of the flagship run was written, when asked for. */
  profileFile: string | null;
}

async function timedRun(engine: QiaoEngine, id: string, okkiUrl: string): Promise<{ run: RunRecord; ms: number; okkiPushes: number }> {
  const before = await okkiPushCount(okkiUrl);
  const started = performance.now();
  const run = await engine.runNow(id, 'manual');
  const ms = performance.now() - started;
  return { run, ms: Math.round(ms), okkiPushes: (await okkiPushCount(okkiUrl)) - before };
}

/** Runs the companions, the flagship (timed; CPU-profiled when `profileDir` is set) and the re-runs (the full re-read only with `fullReread`). */
export async function runQiaoSide(kingdee: SimInfo, okki: SimInfo, options: { profileDir: string | null; fullReread: boolean }): Promise<QiaoSideResult> {
  const dir = await mkdtemp(join(tmpdir(), 'qiao-sync-bench-'));
  await mkdir(join(dir, 'schemes'));
  for (const id of [...COMPANIONS, FLAGSHIP]) await copyFile(join(REPO_ROOT, 'schemes', `${id}.yaml`), join(dir, 'schemes', `${id}.yaml`));
  // demoConfigYaml only reads url and credentials; the simulators live in other processes here.
  const yaml = demoConfigYaml(kingdee as unknown as KingdeeSimulator, okki as unknown as OkkiSimulator, { store: 'sqlite:.qiao/qiao.db', apiPort: 0 });
  await writeFile(join(dir, 'qiao.yaml'), yaml);
  const env = { ...process.env, KINGDEE_APP_SECRET: String(kingdee.credentials.appSecret), OKKI_CLIENT_SECRET: String(okki.credentials.clientSecret) };
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
    const flagship = await timedRun(engine, FLAGSHIP, okki.url);
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
    const ledger: Record<string, number> = { ...(await engine.store.countByStatus(FLAGSHIP)).find((c) => c.schemeId === FLAGSHIP)?.counts };

    const incremental = await timedRun(engine, FLAGSHIP, okki.url);
    let fullRead: typeof incremental | null = null;
    if (options.fullReread) {
      await engine.store.setCursor(FLAGSHIP, null);
      fullRead = await timedRun(engine, FLAGSHIP, okki.url);
    }
    const rerun = (r: typeof incremental): RerunResult => ({ ms: r.ms, okkiPushes: r.okkiPushes, status: r.run.status, counts: r.run.counts });

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
      peakRssAfterRerunsMb: Math.round(process.resourceUsage().maxRSS / 1024),
      profileFile,
    };
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}
