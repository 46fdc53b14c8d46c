import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startDemoEnvironment, type DemoEnvironment } from '../app/demo.js';
import { serveApi, type RunningApi } from './serve-api.js';

/**
 * The API over the real engine: both vendor simulators, the shipped schemes, the SQLite ledger,
 * served by `serveApi` on a real port.
 */
let env: DemoEnvironment;
let api: RunningApi;
const ORDERS = 'kingdee-sales-orders-to-okki';

beforeAll(async () => {
  env = await startDemoEnvironment({ orders: 12 });
  api = await serveApi({
    qiao: env.qiao,
    api: { host: '127.0.0.1', port: 0 },
    dataDir: join(env.dir, '.qiao'),
    webRoot: join(env.dir, 'no-web-build'),
  });
});
afterAll(async () => {
  await api?.close();
  await env?.close();
});

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any; text: string }> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${api.token}`,
      ...(method !== 'GET' ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // metrics text
  }
  return { status: res.status, body: parsed, text };
}

describe('API over the real engine', () => {
  it('previews documents before anything has been written (writes nothing)', async () => {
    const preview = await call('POST', '/api/preview', { schemeId: 'kingdee-customers-to-okki', limit: 2 });
    expect(preview.status).toBe(200);
    expect(preview.body.items).toHaveLength(2);
    expect(preview.body.items[0].payload ?? preview.body.items[0].error).toBeTruthy();
    expect((await call('GET', '/api/records?schemeId=kingdee-customers-to-okki')).body.total).toBe(0);
  });

  it('refuses a run whose preconditions are unmet, with a config status and no stack', async () => {
    const res = await call('POST', `/api/schemes/${ORDERS}/run`);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('runtime.precondition_unmet');
    expect(res.text).not.toMatch(/\n\s+at /);
  });

  it('runs the shipped schemes through the API and shows the ledger', async () => {
    for (const id of ['kingdee-customers-to-okki', 'kingdee-materials-to-okki']) {
      const res = await call('POST', `/api/schemes/${id}/run`);
      expect(res.status, res.text).toBe(200);
      expect(['succeeded', 'partial']).toContain(res.body.run.status);
    }
    const run = await call('POST', `/api/schemes/${ORDERS}/run`);
    expect(run.body.run.status).toBe('succeeded');
    const pushed = run.body.run.counts.pushed;
    expect(pushed).toBeGreaterThan(0);

    const schemes = await call('GET', '/api/schemes');
    const orders = schemes.body.find((s: { id: string }) => s.id === ORDERS);
    expect(orders).toMatchObject({
      source: { connection: 'kingdee', api: 'ExecuteBillQuery' },
      target: { connection: 'okki' },
      successRate: 1,
      backlog: 0,
    });
    expect(orders.counts.succeeded).toBe(pushed);
    expect(orders.schedule).toMatch(/^(cron |every |manual)/);

    const records = await call('GET', `/api/records?schemeId=${ORDERS}&status=succeeded&limit=3`);
    expect(records.body.total).toBe(pushed);
    const key = records.body.records[0].key as string;
    const detail = await call('GET', `/api/records/${ORDERS}/${encodeURIComponent(key)}`);
    expect(detail.status).toBe(200);
    expect(detail.body.record.targetIds).not.toBeNull();
    expect(detail.body.attempts.length).toBeGreaterThanOrEqual(1);

    // A hand retry requeues the record and writes it at once through the engine.
    const retried = await call('POST', `/api/records/${ORDERS}/${encodeURIComponent(key)}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.record.status).toBe('succeeded');
    const after = await call('GET', `/api/records/${ORDERS}/${encodeURIComponent(key)}`);
    expect(after.body.attempts.length).toBe(detail.body.attempts.length + 1);

    const runs = (await call('GET', `/api/runs?schemeId=${ORDERS}`)).body.runs as Array<{
      trigger: string;
      counts: { pushed: number };
    }>;
    expect(runs.map((r) => r.trigger)).toEqual(['retry', 'api']);
    const metrics = await call('GET', '/metrics');
    expect(metrics.text).toContain(
      `qiao_documents_written_total{scheme="${ORDERS}"} ${runs[0]!.counts.pushed + pushed}`,
    );
    expect(metrics.text).toMatch(/qiao_api_call_duration_seconds_count\{connection="okki",operation="[^"]+"\} \d+/);
    expect(metrics.text).toContain(`qiao_queue_depth{scheme="${ORDERS}"} 0`);
  });

  it('lists the catalog, and never returns connection secrets', async () => {
    const preview = await call('POST', '/api/preview', { schemeId: ORDERS, limit: 2 });
    expect(preview.status).toBe(200);
    const catalog = await call('GET', '/api/catalog');
    expect(catalog.body.operations.some((o: { connector: string }) => o.connector === 'kingdee')).toBe(true);
    const everything = [
      (await call('GET', '/api/schemes')).text,
      (await call('GET', `/api/schemes/${ORDERS}`)).text,
      (await call('GET', '/api/runs')).text,
      (await call('GET', '/api/alerts')).text,
      preview.text,
    ].join('\n');
    for (const secret of [
      env.kingdee.credentials.appSecret,
      env.kingdee.credentials.password,
      env.okki.credentials.clientSecret,
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
