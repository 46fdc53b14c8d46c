import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config/load-config.js';
import { QiaoEngine } from '../../src/runtime/engine.js';
import { startDemoEnvironment, type DemoEnvironment } from '../../src/app/demo.js';
import { duplicateOrderNumbers } from './support/e2e-data.js';

const FLAGSHIP = 'kingdee-sales-orders-to-okki';
const BASE_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = await reachable(BASE_URL);
if (unreachable && !process.env.CI)
  console.warn(
    `\n!!! SKIPPING the PostgreSQL scale-out e2e test: ${unreachable}. Set POSTGRES_URL to a database where the user may create schemas.\n`,
  );

describe.skipIf(unreachable !== null && !process.env.CI)('scale-out: two workers share one PostgreSQL ledger', () => {
  const schema = `qiao_e2e_${randomBytes(4).toString('hex')}`;
  let env: DemoEnvironment | undefined;
  let second: QiaoEngine | undefined;

  afterAll(async () => {
    await second?.close();
    await env?.close();
    const client = new pg.Client({ connectionString: BASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('two engines running the flagship at the same time push every order once between them', async () => {
    expect(unreachable, 'PostgreSQL must be reachable in CI').toBeNull();
    env = await startDemoEnvironment({
      orders: 300,
      seed: 9,
      logLevel: 'error',
      store: `${BASE_URL}?schema=${schema}`,
    });
    const config = await loadConfig({
      file: join(env.dir, 'qiao.yaml'),
      env: {
        KINGDEE_APP_SECRET: env.kingdee.credentials.appSecret,
        OKKI_CLIENT_SECRET: env.okki.credentials.clientSecret,
      },
    });
    second = await QiaoEngine.create({ config });
    for (const id of ['kingdee-customers-to-okki', 'kingdee-materials-to-okki'])
      expect((await env.engine.runNow(id, 'cli')).status).toBe('succeeded');

    // Each push takes 150 ms, so one worker alone would need ~4 s for the 209 orders: the other worker
    // joins long before that even on a loaded machine, and both must get a share.
    env.okki.setFaults({ slowMs: 150 });
    const [a, b] = await Promise.all([env.engine.runNow(FLAGSHIP, 'cli'), second.runNow(FLAGSHIP, 'cli')]);
    expect(a.status).toBe('succeeded');
    expect(b.status).toBe('succeeded');
    const dump = env.okki.dumpOrders();
    expect(duplicateOrderNumbers(dump)).toEqual([]);
    expect({ pushedByWorkers: a.counts.pushed + b.counts.pushed, okkiPushes: env.okki.stats().pushes }).toEqual({
      pushedByWorkers: dump.length,
      okkiPushes: dump.length,
    });
    expect(a.counts.pushed).toBeGreaterThan(0);
    expect(b.counts.pushed).toBeGreaterThan(0);
    expect(env.okki.stats().pushes).toBe(dump.length);
  }, 120_000);
});
