import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config/load-config.js';
import {
  startKingdeeSimulator,
  type KingdeeFaults,
  type KingdeeSimulator,
} from '../connectors/kingdee/simulator/kingdee-simulator.js';
import {
  startOkkiSimulator,
  type OkkiFaults,
  type OkkiSimulator,
} from '../connectors/okki/simulator/okki-simulator.js';
import type { BreakerSettings } from '../core/breaker-settings.js';
import type { RunRecord } from '../ledger/ledger.js';
import type { QiaoEngine } from '../runtime/engine.js';
import { openQiao, type Qiao } from './qiao.js';

/** The repository's own directory (for the shipped schemes and the built dashboard). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Order in which the shipped schemes run: companions first, so lookups resolve. */
export const DEMO_SCHEME_ORDER = [
  'kingdee-customers-to-okki',
  'kingdee-materials-to-okki',
  'kingdee-sales-orders-to-okki',
  'kingdee-receipts-to-okki',
] as const;

export interface DemoEnvironmentOptions {
  orders?: number;
  seed?: number;
  /** Working directory for qiao.yaml, schemes and the SQLite ledger (default: a new temp dir). */
  dir?: string;
  /** The console port written into qiao.yaml (the demo command serves it; 0 = any free port). */
  apiPort?: number;
  kingdeePort?: number;
  okkiPort?: number;
  kingdeeFaults?: KingdeeFaults;
  okkiFaults?: OkkiFaults;
  /** Store URL (default sqlite in `dir`). */
  store?: string;
  /** Client call timeout for both connections (milliseconds). */
  timeoutMs?: number;
  /** How long runs wait for retries falling due soon (milliseconds). */
  drainWindowMs?: number;
  /** Retry delay override for every scheme (milliseconds), to keep fault tests short. */
  retryInitialDelayMs?: number;
  /** qiao.yaml logLevel (default warn; tests with faults use error to keep output readable). */
  logLevel?: string;
  /** Circuit breaker settings of the okki connection (outage tests shorten its timings). */
  okkiBreaker?: Partial<BreakerSettings>;
  /** The engine's clock (default the system's): tests move it to reach time limits without waiting. */
  now?: () => Date;
}

export interface DemoEnvironment {
  dir: string;
  kingdee: KingdeeSimulator;
  okki: OkkiSimulator;
  /** The engine with its alerts and metrics, as `qiao start` opens it. */
  qiao: Qiao;
  engine: QiaoEngine;
  kingdeeUrl: string;
  okkiUrl: string;
  /** Runs every shipped scheme once, in dependency order. */
  runAll(trigger?: RunRecord['trigger']): Promise<RunRecord[]>;
  close(): Promise<void>;
}

/** Copies the shipped schemes into `<dir>/schemes`, with the fixtures their golden tests refer to. */
export async function copyShippedSchemes(dir: string): Promise<void> {
  await cp(join(REPO_ROOT, 'schemes'), join(dir, 'schemes'), { recursive: true });
}

/** qiao.yaml for the simulators; secrets stay in environment variables, as in production. */
export function demoConfigYaml(
  kingdee: KingdeeSimulator,
  okki: OkkiSimulator,
  options: {
    store: string;
    apiPort: number;
    timeoutMs?: number;
    logLevel?: string;
    okkiBreaker?: Partial<BreakerSettings>;
  },
): string {
  const timeout = options.timeoutMs ? `\n    timeoutMs: ${options.timeoutMs}` : '';
  const breaker = options.okkiBreaker ? `\n    breaker: ${JSON.stringify(options.okkiBreaker)}` : '';
  return `# Written by the qiao demo: connections to the local simulators.
connections:
  kingdee:
    type: kingdee
    baseUrl: ${kingdee.url}
    acctId: ${kingdee.credentials.acctId}
    lcid: ${kingdee.credentials.lcid}
    auth:
      method: appSecret
      username: ${kingdee.credentials.user}
      appId: ${kingdee.credentials.appId}
      appSecret: \${KINGDEE_APP_SECRET}${timeout}
  okki:
    type: okki
    baseUrl: ${okki.url}
    clientId: ${okki.credentials.clientId}
    clientSecret: \${OKKI_CLIENT_SECRET}
    rateLimit: { concurrency: 16 }${timeout}${breaker}
store: ${options.store}
schemesDir: schemes
api:
  host: 127.0.0.1
  port: ${options.apiPort}
logLevel: ${options.logLevel ?? 'warn'}
`;
}

/** Starts both simulators, a working directory with qiao.yaml and the shipped schemes, and qiao on them (the console is served by the caller). */
export async function startDemoEnvironment(options: DemoEnvironmentOptions = {}): Promise<DemoEnvironment> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'qiao-demo-')));
  await mkdir(join(dir, 'schemes'), { recursive: true });
  const kingdee = await startKingdeeSimulator({
    port: options.kingdeePort ?? 0,
    seed: options.seed ?? 1,
    orders: options.orders ?? 200,
    faults: options.kingdeeFaults,
  });
  const okki = await startOkkiSimulator({
    port: options.okkiPort ?? 0,
    seed: options.seed ?? 1,
    faults: options.okkiFaults,
  });
  try {
    await copyShippedSchemes(dir);
    const store = options.store ?? 'sqlite:.qiao/qiao.db';
    await writeFile(
      join(dir, 'qiao.yaml'),
      demoConfigYaml(kingdee, okki, {
        store,
        apiPort: options.apiPort ?? 0,
        timeoutMs: options.timeoutMs,
        logLevel: options.logLevel,
        okkiBreaker: options.okkiBreaker,
      }),
    );
    const env = {
      ...process.env,
      KINGDEE_APP_SECRET: kingdee.credentials.appSecret,
      OKKI_CLIENT_SECRET: okki.credentials.clientSecret,
    };
    const config = await loadConfig({ file: join(dir, 'qiao.yaml'), env });
    if (options.retryInitialDelayMs !== undefined) await shortenRetries(dir, options.retryInitialDelayMs);
    const qiao = await openQiao(config, {
      drainWindowMs: options.drainWindowMs,
      defaultMetrics: false,
      now: options.now,
    });
    const { engine } = qiao;
    const runAll = async (trigger: RunRecord['trigger'] = 'cli') => {
      const runs: RunRecord[] = [];
      for (const id of DEMO_SCHEME_ORDER) runs.push(await engine.runNow(id, trigger));
      return runs;
    };
    return {
      dir,
      kingdee,
      okki,
      qiao,
      engine,
      kingdeeUrl: kingdee.url,
      okkiUrl: okki.url,
      runAll,
      async close() {
        await qiao.close();
        await Promise.allSettled([kingdee.close(), okki.close()]);
      },
    };
  } catch (error) {
    await Promise.allSettled([kingdee.close(), okki.close()]);
    throw error;
  }
}

/** Rewrites the copied schemes' retry delays (tests with faults should not wait seconds per retry). */
async function shortenRetries(dir: string, initialDelayMs: number): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const { parseDocument } = await import('yaml');
  for (const id of DEMO_SCHEME_ORDER) {
    const file = join(dir, 'schemes', `${id}.yaml`);
    const doc = parseDocument(await readFile(file, 'utf8'));
    doc.setIn(['settings', 'retry', 'initialDelayMs'], initialDelayMs);
    doc.setIn(['settings', 'retry', 'maxDelayMs'], Math.max(initialDelayMs * 8, 1));
    await writeFile(file, doc.toString());
  }
}
