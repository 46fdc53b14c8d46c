import { silentLogger } from '../core/logger.js';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IntegrationError } from '../core/errors.js';
import { startWebhookReceiver } from '../testing/webhook-receiver.js';
import { serveApi } from './serve-api.js';
import { schemeYaml } from '../testing/api-fixture.js';
import { openMemoryQiao } from '../testing/memory-qiao.js';

describe('serveApi', () => {
  it('wires token, metrics, alerts and the server together', async () => {
    const rx = await startWebhookReceiver();
    // The real composition (openQiao): alerts from qiao.yaml rules, metrics with process metrics.
    const opened = await openMemoryQiao({
      alerts: [{ type: 'run_failed', channels: [{ type: 'webhook', url: `${rx.url}/alert` }] }],
      defaultMetrics: true,
    });
    const { qiao, memory } = opened;
    await qiao.engine.saveScheme(schemeYaml('wired'));
    const running = await serveApi({
      qiao,
      api: { port: 0, requireToken: true },
      dataDir: path.join(opened.dir, '.qiao'),
      webRoot: opened.dir,
      logger: silentLogger,
    });
    try {
      expect(running.tokenSource).toBe('generated');
      const auth = { Authorization: `Bearer ${running.token}` };
      expect((await fetch(`${running.url}/api/schemes`)).status).toBe(401);
      memory.failNextRead(new IntegrationError('boom', { code: 'kingdee.down', kind: 'transient' }));
      const run = await fetch(`${running.url}/api/schemes/wired/run`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
      });
      expect(((await run.json()) as { run: { status: string; error: { code: string } } }).run).toMatchObject({
        status: 'failed',
        error: { code: 'kingdee.down' },
      });
      await qiao.alerts.idle();
      expect(rx.requests.map((r) => r.body.state)).toEqual(['firing']);
      const metrics = await (await fetch(`${running.url}/metrics`, { headers: auth })).text();
      expect(metrics).toContain('qiao_runs_total{scheme="wired",status="failed"} 1');
      expect(metrics).toContain('qiao_process_cpu_seconds_total');
    } finally {
      await running.close();
      await opened.close();
      await rx.close();
    }
  });

  it('honours every api setting: named tokens with roles, allowed hosts, and a login link without the token', async () => {
    const opened = await openMemoryQiao();
    await opened.qiao.engine.saveScheme(schemeYaml('honoured'));
    const running = await serveApi({
      qiao: opened.qiao,
      api: {
        host: '127.0.0.1',
        port: 0,
        token: 'primary-token-0123456789',
        tokens: [{ name: 'grafana', token: 'viewer-token-0123456789', role: 'viewer' }],
        allowedHosts: ['qiao.internal'],
        requireToken: true,
      },
      dataDir: path.join(opened.dir, '.qiao'),
      webRoot: opened.dir,
      logger: silentLogger,
    });
    try {
      expect(running.tokenSource).toBe('config');
      expect(running.allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]', 'qiao.internal']);
      const viewer = { Authorization: 'Bearer viewer-token-0123456789', 'Content-Type': 'application/json' };
      expect((await fetch(`${running.url}/api/schemes`, { headers: viewer })).status).toBe(200);
      expect(
        (await fetch(`${running.url}/api/schemes/honoured/disable`, { method: 'POST', headers: viewer })).status,
      ).toBe(403);
      const link = running.loginUrl();
      expect(link).toMatch(new RegExp(`^${running.url}/login#`));
      expect(link).not.toContain('primary-token');
    } finally {
      await running.close();
      await opened.close();
    }
  });
});
