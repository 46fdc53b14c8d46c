import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, IntegrationError } from '../core/errors.js';
import { openStateStore } from '../store/open-state-store.js';
import type { StateStore } from '../store/state-store.js';
import { startWebhookReceiver } from '../alerts/test-support/webhook-receiver.js';
import { serveApi } from './serve-api.js';
import { schemeYaml } from './test-support/api-fixture.js';
import { LedgerTestEngine } from './test-support/ledger-test-engine.js';

let dir: string;
let store: StateStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'qiao-serve-'));
  store = await openStateStore('sqlite::memory:');
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('serveApi', () => {
  it('wires token, metrics, alerts and the server together', async () => {
    const rx = await startWebhookReceiver();
    const engine = new LedgerTestEngine(store, dir);
    await engine.saveScheme(schemeYaml('wired'));
    const running = await serveApi({
      engine,
      api: { port: 0, requireToken: true },
      alerts: [{ type: 'run_failed', channels: [{ type: 'webhook', url: `${rx.url}/alert` }] }],
      dataDir: path.join(dir, '.qiao'),
      webRoot: dir,
      logger: { warn: () => undefined, error: () => undefined },
    });
    try {
      expect(running.tokenSource).toBe('generated');
      const auth = { Authorization: `Bearer ${running.token}` };
      expect((await fetch(`${running.url}/api/schemes`)).status).toBe(401);
      engine.failNextRun = new IntegrationError('boom', { code: 'kingdee.down', kind: 'transient' });
      const run = await fetch(`${running.url}/api/schemes/wired/run`, { method: 'POST', headers: auth });
      expect(((await run.json()) as { run: { status: string } }).run.status).toBe('failed');
      await running.alerts.idle();
      expect(rx.requests.map((r) => r.body.state)).toEqual(['firing']);
      const metrics = await (await fetch(`${running.url}/metrics`, { headers: auth })).text();
      expect(metrics).toContain('qiao_runs_total{scheme="wired",status="failed"} 1');
      expect(metrics).toContain('qiao_process_cpu_seconds_total');
    } finally {
      await running.close();
      await rx.close();
    }
  });

  it('names the bad alerts field', async () => {
    const engine = new LedgerTestEngine(store, dir);
    const error = await serveApi({ engine, api: { port: 0 }, alerts: [{ type: 'no_success_for', channels: [] }], dataDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('alerts.0.minutes');
    expect((error as ConfigError).message).toContain('alerts.0.channels');
  });
});
