import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApi, type RunningApi } from '../../src/api/serve-api.js';
import { REPO_ROOT, startDemoEnvironment, type DemoEnvironment } from '../../src/app/demo.js';

/** Secrets never appear in logs, errors, ledger snapshots or the API — even while things fail. */
describe('secrets stay secret', () => {
  let env: DemoEnvironment;
  let api: RunningApi;
  let secrets: string[];

  beforeAll(async () => {
    env = await startDemoEnvironment({
      // Faults here are per call; the breaker must not turn them into a held-open outage.
      okkiBreaker: { failureStreak: 1_000 },
      orders: 40,
      seed: 2,
      logLevel: 'error',
      timeoutMs: 1_000,
      retryInitialDelayMs: 10,
      drainWindowMs: 1_000,
      kingdeeFaults: { sessionExpiryEveryNCalls: 2, truncateEveryNCalls: 5 },
      okkiFaults: {
        error5xxEveryNCalls: 3,
        revokeTokenAfterNCalls: 10,
        commitThenTimeoutEveryNPushes: 7,
        hangMs: 2_000,
      },
    });
    api = await serveApi({
      qiao: env.qiao,
      api: { host: '127.0.0.1', port: 0 },
      dataDir: join(env.dir, '.qiao'),
      webRoot: join(env.dir, 'no-web-build'),
    });
    secrets = [env.kingdee.credentials.appSecret, env.okki.credentials.clientSecret, api.token];
    await env.runAll().catch(() => undefined);
  });
  afterAll(async () => {
    await api?.close();
    await env?.close();
  });

  const leaks = (text: string) => secrets.filter((s) => text.includes(s));

  it('not in the ledger (records, replies, errors, runs)', () => {
    for (const file of ['qiao.db', 'qiao.db-wal']) {
      const path = join(env.dir, '.qiao', file);
      if (existsSync(path))
        expect(leaks(readFileSync(path).toString('latin1') + readFileSync(path).toString('utf8')), file).toEqual([]);
    }
  });

  it('not in any API answer', async () => {
    const get = async (path: string) =>
      (await fetch(`${api.url}${path}`, { headers: { Authorization: `Bearer ${api.token}` } })).text();
    const schemes = JSON.parse(await get('/api/schemes')) as Array<{ id: string }>;
    expect(schemes.length).toBe(4);
    const bodies = [
      await get('/api/runs'),
      await get('/api/records?limit=500'),
      await get('/api/catalog'),
      await get('/api/alerts'),
      await get('/metrics'),
      await get('/api/openapi.json'),
    ];
    for (const s of schemes) bodies.push(await get(`/api/schemes/${s.id}`));
    const { records } = JSON.parse(bodies[1]!) as { records: Array<{ schemeId: string; key: string }> };
    for (const r of records.slice(0, 40))
      bodies.push(await get(`/api/records/${r.schemeId}/${encodeURIComponent(r.key)}`));
    // The token itself is what authorises these calls, it must not be echoed back either.
    expect(bodies.flatMap(leaks)).toEqual([]);
  });

  it('not in the logs of a failing CLI run at debug level', async () => {
    const run = promisify(execFile)(
      process.execPath,
      [
        join(REPO_ROOT, 'bin', 'qiao.js'),
        'run',
        'kingdee-customers-to-okki',
        '--once',
        '--config',
        join(env.dir, 'qiao.yaml'),
      ],
      {
        env: {
          ...process.env,
          QIAO_LOG_LEVEL: 'debug',
          KINGDEE_APP_SECRET: env.kingdee.credentials.appSecret,
          OKKI_CLIENT_SECRET: env.okki.credentials.clientSecret,
        },
      },
    );
    const result = await run.then(
      (r) => r,
      (error: { stdout: string; stderr: string }) => error,
    );
    expect(`${result.stdout}${result.stderr}`.length).toBeGreaterThan(0);
    expect(leaks(`${result.stdout}${result.stderr}`)).toEqual([]);
  });
});
