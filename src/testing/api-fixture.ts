import { sinkLogger } from '../core/logger.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { openLedger } from '../ledger/open-ledger.js';
import type { Ledger } from '../ledger/ledger.js';
import { createApiApp, type ApiAppOptions } from '../api/api-app.js';
import { createQiaoMetrics, type QiaoMetrics } from '../app/metrics.js';
import { LedgerTestEngine } from './ledger-test-engine.js';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

/** YAML of a valid test scheme. */
export function schemeYaml(id: string, name = `Scheme ${id}`): string {
  return [
    `id: ${id}`,
    `name: ${name}`,
    'settings:',
    '  schedule:',
    '    cron: "*/5 * * * *"',
    'source:',
    '  connection: kingdee',
    '  api: ExecuteBillQuery',
    'target:',
    '  connection: okki',
    '  api: invoices.order.push',
    'mapping:',
    '  fields:',
    '    order_no: FBillNo',
    '    amount: FAmount',
    '',
  ].join('\n');
}

export interface ApiFixture {
  app: Hono;
  engine: LedgerTestEngine;
  store: Ledger;
  metrics: QiaoMetrics;
  logs: Array<{ level: string; obj: object; msg?: string }>;
  /** Sends a request (JSON body when given) and parses a JSON reply. */
  call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  close(): Promise<void>;
}

/** A real SQLite store, the test engine over it, and the API app. */
export async function createApiFixture(options: Partial<Pick<ApiAppOptions, 'requireToken' | 'webRoot' | 'alerts'>> = {}): Promise<ApiFixture> {
  const store = await openLedger('sqlite::memory:');
  const dir = await mkdtemp(path.join(tmpdir(), 'qiao-api-'));
  const engine = new LedgerTestEngine(store, dir);
  const metrics = createQiaoMetrics(engine, { defaultMetrics: false });
  const logs: ApiFixture['logs'] = [];
  const app = createApiApp({
    engine,
    token: TEST_TOKEN,
    requireToken: options.requireToken ?? false,
    metrics,
    alerts: options.alerts,
    webRoot: options.webRoot ?? path.join(dir, 'no-web-build'),
    logger: sinkLogger((level, obj, msg) => {
      if (level === 'warn' || level === 'error') logs.push({ level, obj, msg });
    }),
  });
  return {
    app,
    engine,
    store,
    metrics,
    logs,
    async call(method, url, body, headers = {}) {
      const res = await app.request(url, {
        method,
        headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON (metrics, HTML)
      }
      return { status: res.status, body: parsed, headers: res.headers, text };
    },
    async close() {
      metrics.dispose();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
