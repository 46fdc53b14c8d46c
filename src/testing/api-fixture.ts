import { sinkLogger } from '../core/logger.js';
import path from 'node:path';
import type { Hono } from 'hono';
import type { Ledger } from '../ledger/ledger.js';
import { ApiAccess } from '../api/access/api-access.js';
import { createApiApp, type ApiAppOptions } from '../api/api-app.js';
import type { ApiEnv } from '../api/api-env.js';
import { allowedHostNames } from '../api/guards/host-allow-list.js';
import type { QiaoMetrics } from '../app/metrics.js';
import type { Qiao } from '../app/qiao.js';
import type { QiaoEngine } from '../runtime/engine.js';
import { MEMORY_READ_OPERATION, MEMORY_WRITE_OPERATION, type MemoryConnector } from './memory-connector.js';
import { MEMORY_CONNECTION, openMemoryQiao } from './memory-qiao.js';

/** The fixture's primary (admin) token; `call` sends it unless told otherwise. */
export const TEST_TOKEN = 'test-token-0123456789abcdef';
/** Tokens of the fixture's other roles (qiao.yaml `api.tokens`: viewer "grafana", operator "ops"). */
export const VIEWER_TOKEN = 'viewer-token-0123456789abcdef';
export const OPERATOR_TOKEN = 'operator-token-0123456789abcdef';

/**
 * YAML of a valid scheme on the memory connection: rows of table `<id>` (one row = one document,
 * keyed by FBillNo) become `{ order_no, amount }`. One try per document, so a transient rejection
 * makes a record dead at once instead of keeping the run waiting for a retry.
 */
export function schemeYaml(id: string, name = `Scheme ${id}`): string {
  return [
    'version: 1',
    `id: ${id}`,
    `name: ${name}`,
    'settings:',
    '  schedule:',
    '    cron: "*/5 * * * *"',
    '  retry:',
    '    attempts: 1',
    'source:',
    `  connection: ${MEMORY_CONNECTION}`,
    `  api: ${MEMORY_READ_OPERATION}`,
    '  key: FBillNo',
    '  params:',
    `    table: ${id}`,
    'target:',
    `  connection: ${MEMORY_CONNECTION}`,
    `  api: ${MEMORY_WRITE_OPERATION}`,
    '  key: order_no',
    'mapping:',
    '  document:',
    '    order_no: FBillNo',
    '    amount: FAmount',
    '',
  ].join('\n');
}

export interface ApiFixture {
  app: Hono<ApiEnv>;
  access: ApiAccess;
  /** The real engine (schemes in a temporary directory, runs through the ledger). */
  engine: QiaoEngine;
  qiao: Qiao;
  /** The memory connection: `rows` is the source (table = scheme id), `sink`/`written` the target. */
  memory: MemoryConnector;
  store: Ledger;
  metrics: QiaoMetrics;
  logs: Array<{ level: string; obj: object; msg?: string }>;
  /**
   * Sends a request as the admin token (Content-Type: application/json on anything but GET) and
   * parses a JSON reply. A header given as '' is left out (e.g. `{ Authorization: '' }`).
   */
  call(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers; text: string }>;
  close(): Promise<void>;
}

/** The real qiao on an in-memory SQLite ledger and the memory connection, and the API app over it. */
export async function createApiFixture(
  options: Partial<Pick<ApiAppOptions, 'webRoot' | 'alerts' | 'allowedHosts'>> = {},
): Promise<ApiFixture> {
  const opened = await openMemoryQiao();
  const { qiao } = opened;
  const logs: ApiFixture['logs'] = [];
  const access = new ApiAccess({
    primaryToken: TEST_TOKEN,
    tokens: [
      { name: 'grafana', token: VIEWER_TOKEN, role: 'viewer' },
      { name: 'ops', token: OPERATOR_TOKEN, role: 'operator' },
    ],
  });
  const app = createApiApp({
    engine: qiao.engine,
    access,
    allowedHosts: options.allowedHosts ?? allowedHostNames('127.0.0.1'),
    metrics: qiao.metrics,
    alerts: options.alerts ?? qiao.alerts,
    webRoot: options.webRoot ?? path.join(opened.dir, 'no-web-build'),
    logger: sinkLogger((level, obj, msg) => {
      if (level === 'warn' || level === 'error') logs.push({ level, obj, msg });
    }),
  });
  return {
    app,
    access,
    engine: qiao.engine,
    qiao,
    memory: opened.memory,
    store: opened.store,
    metrics: qiao.metrics,
    logs,
    async call(method, url, body, headers = {}) {
      const all: Record<string, string> = {
        Authorization: `Bearer ${TEST_TOKEN}`,
        ...(method !== 'GET' ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      };
      for (const [name, value] of Object.entries(all)) if (value === '') delete all[name];
      const res = await app.request(url, {
        method,
        headers: all,
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
    close: () => opened.close(),
  };
}
