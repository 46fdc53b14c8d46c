import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API_ROUTES } from './openapi.js';
import { createApiFixture, schemeYaml, TEST_TOKEN, type ApiFixture } from '../testing/api-fixture.js';

let f: ApiFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

describe('auth', () => {
  it('refuses every API route and /metrics without a token, on loopback too; only the header counts', async () => {
    f = await createApiFixture();
    const anonymous = { Authorization: '' };
    const missing = await f.call('GET', '/api/schemes', undefined, anonymous);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('auth.missing_token');
    expect(missing.body.error.message).toContain('qiao login');
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');

    const wrong = await f.call('GET', '/api/schemes', undefined, { Authorization: 'Bearer not-the-token-at-all' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('auth.invalid_token');
    expect(wrong.text).not.toContain(TEST_TOKEN);

    expect((await f.call('GET', '/metrics', undefined, anonymous)).status).toBe(401);
    expect((await f.call('GET', '/api/openapi.json', undefined, anonymous)).status).toBe(401);
    expect((await f.call('POST', '/api/schemes', { yaml: schemeYaml('x') }, anonymous)).status).toBe(401);
    expect((await f.call('GET', '/api/schemes')).status).toBe(200);
    expect((await f.call('GET', '/metrics')).status).toBe(200);
    // The token in the URL is refused even when it is right, and never echoed.
    const inUrl = await f.call('GET', `/api/schemes?token=${TEST_TOKEN}`, undefined, anonymous);
    expect(inUrl.status).toBe(400);
    expect(inUrl.body.error.code).toBe('auth.token_in_url');
    expect(inUrl.text).not.toContain(TEST_TOKEN);
    expect((await f.call('GET', '/healthz', undefined, anonymous)).body).toEqual({ ok: true });
    expect(await f.engine.listSchemes()).toEqual([]);
  });

  it('sets security headers on the API, the console and errors alike', async () => {
    f = await createApiFixture();
    for (const res of [
      await f.call('GET', '/api/schemes'),
      await f.call('GET', '/'),
      await f.call('GET', '/api/schemes', undefined, { Authorization: '' }),
    ]) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    }
    expect((await f.call('GET', '/api/schemes')).headers.get('cache-control')).toBe('no-store');
  });
});

describe('errors', () => {
  it('answers unknown API paths with a JSON 404', async () => {
    f = await createApiFixture();
    const res = await f.call('GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('api.not_found');
    expect((await f.call('DELETE', '/api/schemes')).status).toBe(404);
  });

  it('refuses oversized bodies with 413', async () => {
    f = await createApiFixture();
    const res = await f.call('POST', '/api/schemes/validate', { yaml: 'x'.repeat(1024 * 1024 + 10) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('api.body_too_large');
  });

  it('turns unexpected errors into a 500 without stack or internals, logging them', async () => {
    f = await createApiFixture();
    f.engine.listSchemes = async () => {
      throw new Error('SQLITE_CORRUPT: database disk image is malformed at /secret/path');
    };
    const res = await f.call('GET', '/api/schemes');
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('internal');
    expect(res.text).not.toContain('SQLITE_CORRUPT');
    expect(res.text).not.toMatch(/\bat .*\.ts:\d+/);
    expect(f.logs.some((l) => l.level === 'error' && JSON.stringify(l.obj).includes('SQLITE_CORRUPT'))).toBe(true);
  });
});

describe('openapi', () => {
  it('documents exactly the routes the app serves, with request schemas from zod', async () => {
    f = await createApiFixture();
    const res = await f.call('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    const served = f.app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
      .filter((r) => r !== 'GET /*') // the dashboard's static files
      .sort();
    expect([...new Set(served)]).toEqual(documented);
    expect(documented).toHaveLength(API_ROUTES.length);
    const retry = res.body.paths['/api/schemes/{id}/retry'].post;
    expect(retry.requestBody.content['application/json'].schema.properties.statuses.items.enum).toEqual([
      'failed',
      'dead',
      'parked',
    ]);
    const records = res.body.paths['/api/records'].get.parameters.map((p: { name: string }) => p.name);
    expect(records).toEqual(expect.arrayContaining(['schemeId', 'status', 'key', 'from', 'to', 'limit', 'offset']));
  });
});

describe('metrics', () => {
  it('exports per-scheme counters, queue depth and scheme health from the ledger and events', async () => {
    f = await createApiFixture();
    await f.engine.saveScheme(schemeYaml('m1'));
    f.memory.rows.set('m1', [{ FBillNo: 'A' }, { FBillNo: 'B' }, { FBillNo: 'C' }]);
    f.memory.rejections.set('C', 'record');
    await f.engine.runNow('m1', 'manual');
    const res = await f.call('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = res.text;
    expect(text).toContain('qiao_documents_written_total{scheme="m1"} 2');
    expect(text).toContain('qiao_documents_failed_total{scheme="m1"} 1');
    expect(text).toContain('qiao_documents_read_total{scheme="m1"} 3');
    expect(text).toContain('qiao_queue_depth{scheme="m1"} 1');
    expect(text).toContain('qiao_records{scheme="m1",status="succeeded"} 2');
    expect(text).toContain('qiao_scheme_up{scheme="m1"} 1');
    expect(text).toMatch(/qiao_scheme_last_success_timestamp_seconds\{scheme="m1"\} \d{10}/);
    expect(text).toContain('qiao_run_duration_seconds_count{scheme="m1",status="partial"} 1');
    expect(text).toContain('qiao_api_call_duration_seconds_count{connection="memory",operation="push"} 3');
    expect(text).toContain('qiao_api_call_errors_total{connection="memory",operation="push",code="memory.record"} 1');
    // A per-app registry: a second app's metrics do not see this engine's numbers.
    const other = await createApiFixture();
    try {
      expect((await other.call('GET', '/metrics')).text).not.toContain('scheme="m1"');
    } finally {
      await other.close();
    }
  });
});

describe('dashboard files', () => {
  it('tells the user to build the dashboard when it is missing, but keeps /api JSON', async () => {
    f = await createApiFixture();
    const res = await f.call('GET', '/');
    expect(res.status).toBe(503);
    expect(res.text).toContain('npm run build:web');
    expect((await f.call('GET', '/api/unknown')).body.error.code).toBe('api.not_found');
  });

  it('serves built files, falls back to index.html for app routes, and never escapes the web root', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'qiao-web-'));
    try {
      await mkdir(path.join(root, 'assets'));
      await writeFile(path.join(root, 'index.html'), '<html>qiao console</html>');
      await writeFile(path.join(root, 'assets', 'app-1234.js'), 'console.log(1)');
      await writeFile(path.join(path.dirname(root), 'outside.txt'), 'secret');
      f = await createApiFixture({ webRoot: root });
      // The console's files carry no data: no token needed (it logs in itself once loaded).
      const js = await f.call('GET', '/assets/app-1234.js', undefined, { Authorization: '' });
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toContain('javascript');
      expect(js.text).toBe('console.log(1)');
      const spa = await f.call('GET', '/schemes/sales.orders');
      expect(spa.status).toBe(200);
      expect(spa.text).toBe('<html>qiao console</html>');
      expect((await f.call('GET', '/assets/missing.js')).status).toBe(404);
      const escaping = await f.call('GET', '/%2e%2e/outside.txt');
      expect(escaping.text).not.toBe('secret');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
