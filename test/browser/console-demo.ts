import { sinkLogger } from '../../src/core/logger.js';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { serveApi, type RunningApi } from '../../src/api/serve-api.js';
import { DEMO_SCHEME_ORDER, startDemoEnvironment, type DemoEnvironment } from '../../src/app/demo.js';

/** The running system the browser test drives. */
export interface ConsoleDemo {
  /** Console + API origin: the API serves the built console, as `qiao start` does. */
  url: string;
  /** The primary (admin) API token. */
  token: string;
  /** A fresh one-time login link, as `qiao start` prints it. */
  loginUrl(): string;
  env: DemoEnvironment;
  /** Id of the flagship scheme (Kingdee sales orders → OKKI orders). */
  flagshipId: string;
  /** Bill numbers (e.g. XSDD000123) that failed to reach OKKI during the outage. */
  failedKeys: string[];
  /** OKKI is back: its simulator stops failing, so a retry can succeed. */
  endOutage(): void;
  close(): Promise<void>;
}

/**
 * The demo environment after a realistic day: a full sync of every shipped scheme, then a few
 * orders changed in Kingdee after approval while OKKI answers 5xx, so their re-push fails until the
 * retries run out. The API (every route needs a token) serves the console built in `webRoot`.
 */
export async function startConsoleDemo(dir: string, webRoot: string): Promise<ConsoleDemo> {
  // The simulated outage is a per-record failure story (orders fail until their retries run out), so
  // the connection breaker must not take it for a target outage and hold the run open.
  const env = await startDemoEnvironment({
    orders: 40,
    seed: 7,
    dir,
    retryInitialDelayMs: 20,
    drainWindowMs: 1_000,
    okkiBreaker: { failureStreak: 1_000 },
  });
  let api: RunningApi | null = null;
  try {
    const flagshipId = DEMO_SCHEME_ORDER[2];
    await env.runAll('cli');
    const changed = env.kingdee.changeOrdersAfterAudit({ count: 3, kinds: ['qty'] });
    env.okki.setFaults({ error5xxEveryNCalls: 1 });
    await env.engine.runNow(flagshipId, 'schedule');
    const { records } = await env.engine.ledger.listRecords({
      schemeId: flagshipId,
      status: ['failed', 'dead'],
      limit: 100,
    });
    const failedKeys = records.map((r) => r.key).filter((key) => changed.includes(key));
    if (failedKeys.length === 0)
      throw new Error(`No order failed during the simulated OKKI outage (changed: ${changed.join(', ')})`);

    const token = randomBytes(24).toString('hex');
    api = await serveApi({
      qiao: env.qiao,
      api: { host: '127.0.0.1', port: 0, token },
      dataDir: path.join(dir, '.qiao'),
      webRoot,
      logger: sinkLogger((level, obj, msg) => level === 'error' && console.error(msg, obj)),
    });
    const running = api;
    return {
      url: running.url,
      token,
      loginUrl: () => running.loginUrl(),
      env,
      flagshipId,
      failedKeys,
      endOutage: () => env.okki.setFaults({}),
      async close() {
        await running.close();
        await env.close();
      },
    };
  } catch (error) {
    await api?.close();
    await env.close();
    throw error;
  }
}
