import { silentLogger } from '../core/logger.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IntegrationError } from '../core/errors.js';
import { openLedger } from '../ledger/open-ledger.js';
import type { Ledger } from '../ledger/ledger.js';
import { startWebhookReceiver } from '../testing/webhook-receiver.js';
import { AlertManager } from '../app/alerts/alert-manager.js';
import { alertsConfigSchema } from '../app/alerts/alert-rules.schema.js';
import { createQiaoMetrics } from '../app/metrics.js';
import { serveApi } from './serve-api.js';
import { schemeYaml } from '../testing/api-fixture.js';
import { LedgerTestEngine } from '../testing/ledger-test-engine.js';

let dir: string;
let store: Ledger;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'qiao-serve-'));
  store = await openLedger('sqlite::memory:');
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
    const alerts = new AlertManager({ engine, rules: alertsConfigSchema.parse([{ type: 'run_failed', channels: [{ type: 'webhook', url: `${rx.url}/alert` }] }]), logger: silentLogger });
    alerts.start();
    const metrics = createQiaoMetrics(engine);
    const running = await serveApi({
      qiao: { engine: engine as never, alerts, metrics },
      api: { port: 0, requireToken: true },
      dataDir: path.join(dir, '.qiao'),
      webRoot: dir,
      logger: silentLogger,
    });
    try {
      expect(running.tokenSource).toBe('generated');
      const auth = { Authorization: `Bearer ${running.token}` };
      expect((await fetch(`${running.url}/api/schemes`)).status).toBe(401);
      engine.failNextRun = new IntegrationError('boom', { code: 'kingdee.down', kind: 'transient' });
      const run = await fetch(`${running.url}/api/schemes/wired/run`, { method: 'POST', headers: auth });
      expect(((await run.json()) as { run: { status: string } }).run.status).toBe('failed');
      await alerts.idle();
      expect(rx.requests.map((r) => r.body.state)).toEqual(['firing']);
      const metrics = await (await fetch(`${running.url}/metrics`, { headers: auth })).text();
      expect(metrics).toContain('qiao_runs_total{scheme="wired",status="failed"} 1');
      expect(metrics).toContain('qiao_process_cpu_seconds_total');
    } finally {
      await running.close();
      await alerts.stop();
      metrics.dispose();
      await rx.close();
    }
  });

});
