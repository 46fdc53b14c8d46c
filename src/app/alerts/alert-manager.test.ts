import { sinkLogger } from '../../core/logger.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiAccess } from '../../api/access/api-access.js';
import { createApiApp } from '../../api/api-app.js';
import { schemeYaml } from '../../testing/api-fixture.js';
import { openMemoryQiao, type MemoryQiao } from '../../testing/memory-qiao.js';
import type { MemoryConnector } from '../../testing/memory-connector.js';
import { ConfigError } from '../../core/errors.js';
import type { Ledger } from '../../ledger/ledger.js';
import type { QiaoEngine } from '../../runtime/engine.js';
import { AlertManager } from './alert-manager.js';
import { alertsConfigSchema } from './alert-rules.schema.js';
import { startWebhookReceiver } from '../../testing/webhook-receiver.js';

let opened: MemoryQiao;
let store: Ledger;
let engine: QiaoEngine;
let memory: MemoryConnector;
let rx: Awaited<ReturnType<typeof startWebhookReceiver>>;
let clock: number;
let manager: AlertManager | undefined;
const warnings: Array<{ obj: object; msg?: string }> = [];

beforeEach(async () => {
  // The real engine on the memory connection; the manager under test is built here (own clock and logger).
  opened = await openMemoryQiao();
  ({ store, memory } = opened);
  engine = opened.qiao.engine;
  await engine.saveScheme(schemeYaml('orders'));
  await engine.saveScheme(schemeYaml('customers'));
  rx = await startWebhookReceiver();
  clock = Date.now();
  warnings.length = 0;
});
afterEach(async () => {
  await manager?.stop();
  manager = undefined;
  await rx.close();
  await opened.close();
});

function start(rules: unknown[]): AlertManager {
  manager = new AlertManager({
    engine,
    rules: alertsConfigSchema.parse(rules),
    now: () => new Date(clock),
    logger: sinkLogger((level, obj, msg) => {
      if (level === 'warn') warnings.push({ obj, msg });
    }),
  });
  manager.start();
  return manager;
}

const hook = (p = '/hook') => ({ type: 'webhook', url: `${rx.url}${p}` });
const states = () => rx.requests.map((r) => `${r.body.state}:${r.body.schemeId}`);

async function run(id: string, fail = false) {
  if (fail) memory.failNextRead(new ConfigError('Kingdee login refused', { code: 'kingdee.auth_failed' }));
  await engine.runNow(id, 'schedule');
  await manager!.idle();
}

describe('AlertManager', () => {
  it('run_failed: one message per incident, then one "resolved", then a new incident', async () => {
    start([{ id: 'runs', type: 'run_failed', channels: [hook()] }]);
    await run('orders', true);
    await run('orders', true);
    expect(states()).toEqual(['firing:orders']);
    expect(rx.requests[0]!.body.text).toContain('kingdee.auth_failed');
    await run('orders');
    expect(states()).toEqual(['firing:orders', 'resolved:orders']);
    await run('orders');
    await run('orders', true);
    expect(states()).toEqual(['firing:orders', 'resolved:orders', 'firing:orders']);
    expect(manager!.recent().map((r) => r.state)).toEqual(['firing', 'resolved', 'firing']);
    expect(manager!.recent()[0]).toMatchObject({ rule: 'runs', schemeId: 'orders', delivered: true });
  });

  it('re-notifies an open incident only after renotifyMinutes', async () => {
    start([{ type: 'run_failed', renotifyMinutes: 30, channels: [hook()] }]);
    await run('orders', true);
    clock += 29 * 60_000;
    await manager!.evaluate();
    expect(states()).toEqual(['firing:orders']);
    clock += 2 * 60_000;
    await manager!.evaluate();
    await manager!.evaluate();
    expect(states()).toEqual(['firing:orders', 'reminder:orders']);
  });

  it('scopes a rule to its schemes', async () => {
    start([{ type: 'run_failed', scheme: 'customers', channels: [hook()] }]);
    await run('orders', true);
    expect(rx.requests).toHaveLength(0);
    await run('customers', true);
    expect(states()).toEqual(['firing:customers']);
  });

  it('documents_dead fires at the threshold', async () => {
    start([{ type: 'documents_dead', threshold: 2, channels: [hook()] }]);
    // The test scheme allows one try, so a transient rejection makes the document dead.
    memory.rows.set('orders', [{ FBillNo: 'A' }]);
    memory.rejections.set('A', 'transient');
    await run('orders');
    expect(rx.requests).toHaveLength(0);
    memory.rows.set('orders', [{ FBillNo: 'B' }]);
    memory.rejections.set('B', 'transient');
    await run('orders');
    expect(states()).toEqual(['firing:orders']);
    expect(rx.requests[0]!.body.text).toContain('**2**');
    // Operators replay them: the incident resolves at the next evaluation.
    memory.rejections.clear();
    await store.requeue('orders', { statuses: ['dead'] });
    await run('orders');
    expect(memory.written.map((w) => w.key).sort()).toEqual(['A', 'B']);
    expect(states()).toEqual(['firing:orders', 'resolved:orders']);
  });

  it("success_rate_below compares the window's record outcomes with the threshold", async () => {
    start([{ type: 'success_rate_below', threshold: 0.9, windowMinutes: 60, minDocuments: 3, channels: [hook()] }]);
    memory.rows.set('orders', [{ FBillNo: 'A' }, { FBillNo: 'B' }]);
    memory.rejections.set('B', 'record');
    await run('orders');
    expect(rx.requests).toHaveLength(0); // only 2 records ended: below minDocuments
    memory.rows.set('orders', [{ FBillNo: 'C' }]);
    await run('orders');
    expect(states()).toEqual(['firing:orders']);
    expect(rx.requests[0]!.body.text).toContain('66.7%');
  });

  it('no_success_for fires for enabled schemes after the interval and resolves on success', async () => {
    start([{ type: 'no_success_for', minutes: 60, scheme: ['orders', 'customers'], channels: [hook()] }]);
    await engine.setEnabled('customers', false);
    await manager!.evaluate();
    expect(rx.requests).toHaveLength(0);
    clock += 61 * 60_000;
    await manager!.evaluate();
    expect(states()).toEqual(['firing:orders']);
    clock = Date.now();
    await run('orders');
    expect(states()).toEqual(['firing:orders', 'resolved:orders']);
  });

  it('retries a failed delivery at the next evaluation, to the channels that missed it, without logging URLs', async () => {
    let failures = 1;
    rx.setReply((req) =>
      req.url.startsWith('/flaky') && failures-- > 0 ? { status: 500, body: {} } : { status: 200, body: {} },
    );
    start([{ type: 'run_failed', channels: [hook('/steady'), hook('/flaky/secret-hook-token')] }]);
    await run('orders', true);
    expect(rx.requests.map((r) => r.url)).toEqual(['/steady', '/flaky/secret-hook-token']);
    expect(manager!.recent()[0]).toMatchObject({ delivered: false });
    await manager!.evaluate();
    expect(rx.requests.map((r) => r.url)).toEqual(['/steady', '/flaky/secret-hook-token', '/flaky/secret-hook-token']);
    expect(rx.requests[2]!.body.state).toBe('firing');
    expect(manager!.recent()[0]).toMatchObject({ delivered: true });
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings)).not.toContain('secret-hook-token');
  });

  it('is listed by GET /api/alerts with channel secrets and tokens masked', async () => {
    start([
      {
        id: 'ding',
        type: 'run_failed',
        channels: [{ type: 'dingtalk', url: `${rx.url}/robot/send?access_token=tok-abc`, secret: 'SECsupersecret' }],
      },
    ]);
    await run('orders', true);
    const token = 'x'.repeat(20);
    const app = createApiApp({
      engine,
      access: new ApiAccess({ primaryToken: token }),
      allowedHosts: ['localhost'],
      alerts: manager,
      webRoot: opened.dir,
    });
    const res = await app.request('/api/alerts', { headers: { Authorization: `Bearer ${token}` } });
    const text = await res.text();
    expect(text).not.toContain('tok-abc');
    expect(text).not.toContain('SECsupersecret');
    const body = JSON.parse(text);
    expect(body.rules[0]).toMatchObject({
      id: 'ding',
      type: 'run_failed',
      channels: [{ type: 'dingtalk', target: `${rx.url}/***`, signed: true }],
    });
    expect(body.recent[0]).toMatchObject({ rule: 'ding', schemeId: 'orders', state: 'firing', delivered: true });
  });
});

describe('alertsConfigSchema', () => {
  it('points at the bad field', () => {
    const bad = alertsConfigSchema.safeParse([
      { type: 'run_failed', channels: [{ type: 'dingtalk', url: 'not a url' }] },
    ]);
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual([0, 'channels', 0, 'url']);
    const rate = alertsConfigSchema.safeParse([
      {
        type: 'success_rate_below',
        threshold: 95,
        channels: [{ type: 'wecom', url: 'https://qyapi.weixin.qq.com/x' }],
      },
    ]);
    expect(rate.error!.issues[0]!.path).toEqual([0, 'threshold']);
    const dup = alertsConfigSchema.safeParse([
      { id: 'a', type: 'run_failed', channels: [{ type: 'webhook', url: 'https://example.com/h' }] },
      { id: 'a', type: 'no_success_for', minutes: 5, channels: [{ type: 'webhook', url: 'https://example.com/h' }] },
    ]);
    expect(dup.error!.issues[0]!.path).toEqual([1, 'id']);
    expect(alertsConfigSchema.parse(undefined)).toEqual([]);
  });
});
