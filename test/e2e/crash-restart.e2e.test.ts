import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startDemoEnvironment, type DemoEnvironment } from '../../src/app/demo.js';
import { duplicateOrderNumbers, normaliseOkkiOrders } from './support/e2e-data.js';

const FLAGSHIP = 'kingdee-sales-orders-to-okki';
const ORDERS = 400;
const SEED = 5;

/** `qiao run <flagship> --once` as its own process, against the environment's qiao.yaml and ledger. */
function runFlagshipProcess(env: DemoEnvironment): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'bin', 'qiao.js'), 'run', FLAGSHIP, '--once', '--json', '--config', join(env.dir, 'qiao.yaml')],
    {
      cwd: env.dir,
      env: {
        ...process.env,
        KINGDEE_APP_SECRET: env.kingdee.credentials.appSecret,
        OKKI_CLIENT_SECRET: env.okki.credentials.clientSecret,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  exited.then((code) => code !== 0 && code !== null && console.error(`qiao run exited ${code}:\n${output}`));
  return { child, exited };
}

describe('killing the runner with SIGKILL mid-run and restarting gives the same final state', () => {
  let crashed: DemoEnvironment;
  let clean: DemoEnvironment;

  beforeAll(async () => {
    crashed = await startDemoEnvironment({ orders: ORDERS, seed: SEED, logLevel: 'error' });
    clean = await startDemoEnvironment({ orders: ORDERS, seed: SEED, logLevel: 'error' });
  });
  afterAll(async () => {
    await crashed?.close();
    await clean?.close();
  });

  it('loses nothing and duplicates nothing', async () => {
    await clean.runAll();
    for (const id of ['kingdee-customers-to-okki', 'kingdee-materials-to-okki'])
      expect((await crashed.engine.runNow(id, 'cli')).status).toBe('succeeded');

    // Slow OKKI down so the kill lands while pushes are in flight.
    crashed.okki.setFaults({ slowMs: 25 });
    const first = runFlagshipProcess(crashed);
    const deadline = Date.now() + 60_000;
    while (crashed.okki.stats().pushes < 60 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const pushedAtKill = crashed.okki.stats().pushes;
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull(); // killed, not finished
    expect(pushedAtKill).toBeGreaterThanOrEqual(60);
    expect(crashed.okki.dumpOrders().length).toBeLessThan(clean.okki.dumpOrders().length);

    crashed.okki.setFaults({});
    const second = runFlagshipProcess(crashed);
    expect(await second.exited).toBe(0);

    const dump = crashed.okki.dumpOrders();
    expect(duplicateOrderNumbers(dump)).toEqual([]);
    expect(normaliseOkkiOrders(dump)).toEqual(normaliseOkkiOrders(clean.okki.dumpOrders()));
    const counts = (await crashed.engine.ledger.countByStatus(FLAGSHIP))[0]!.counts;
    expect(counts.succeeded).toBe(dump.length);
    expect(counts.writing + counts.pending + counts.failed + counts.dead).toBe(0);
  }, 120_000);
});
