import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QiaoEngine } from '../runtime/engine.js';
import http from 'node:http';
import { ApiAccess } from './access/api-access.js';
import { isLoopbackHost } from './guards/host-allow-list.js';
import { startApiServer } from './api-server.js';
import { resolveApiToken } from './api-token.js';
import { schemeYaml } from '../testing/api-fixture.js';
import { openMemoryQiao, type MemoryQiao } from '../testing/memory-qiao.js';

let opened: MemoryQiao;
let dir: string;
let engine: QiaoEngine;
beforeEach(async () => {
  opened = await openMemoryQiao();
  ({ dir } = opened);
  engine = opened.qiao.engine;
});
afterEach(async () => {
  await opened.close();
});

const token = 'a-long-enough-token-123';
const auth = { Authorization: `Bearer ${token}` };

/** A raw HTTP GET with a Host header of our choosing (fetch always sends the real one). */
function getWithHost(url: string, path: string, host: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path, headers: { host, ...auth } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startApiServer', () => {
  it('serves over real HTTP on loopback, needs the token there too, and closes', async () => {
    await engine.saveScheme(schemeYaml('http-1'));
    const access = new ApiAccess({ primaryToken: token });
    const server = await startApiServer({ engine, access, host: '127.0.0.1', port: 0, webRoot: dir });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${server.url}/api/schemes`)).status).toBe(401);
      const res = await fetch(`${server.url}/api/schemes`, { headers: auth });
      expect(res.status).toBe(200);
      expect(((await res.json()) as Array<{ id: string }>).map((s) => s.id)).toEqual(['http-1']);
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('answers only to allowed host names (DNS rebinding), /healthz to any', async () => {
    const access = new ApiAccess({ primaryToken: token });
    const server = await startApiServer({
      engine,
      access,
      host: '0.0.0.0',
      port: 0,
      webRoot: dir,
      allowedHosts: ['qiao.internal'],
    });
    try {
      expect(server.allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]', 'qiao.internal']);
      const port = new URL(server.url).port;
      const base = `http://127.0.0.1:${port}`;
      expect((await getWithHost(base, '/api/schemes', `127.0.0.1:${port}`)).status).toBe(200);
      expect((await getWithHost(base, '/api/schemes', 'QIAO.internal')).status).toBe(200);
      const rebound = await getWithHost(base, '/api/schemes', `attacker.example:${port}`);
      expect(rebound.status).toBe(403);
      expect(JSON.parse(rebound.body).error).toMatchObject({ code: 'api.host_not_allowed' });
      expect(JSON.parse(rebound.body).error.message).toContain('api.allowedHosts');
      expect((await getWithHost(base, '/', 'attacker.example')).status).toBe(403);
      expect((await getWithHost(base, '/healthz', 'attacker.example')).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('api token', () => {
  it('prefers QIAO_API_TOKEN, else generates one once and stores it with mode 0600', async () => {
    expect(
      await resolveApiToken({
        configured: 'from-config-0123456789',
        env: { QIAO_API_TOKEN: 'from-env' },
        dataDir: dir,
      }),
    ).toMatchObject({ token: 'from-config-0123456789', source: 'config' });
    expect(await resolveApiToken({ env: { QIAO_API_TOKEN: ' from-env ' }, dataDir: dir })).toMatchObject({
      token: 'from-env',
      source: 'env',
    });
    const first = await resolveApiToken({ env: {}, dataDir: path.join(dir, '.qiao') });
    expect(first.source).toBe('generated');
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await readFile(first.file, 'utf8')).trim()).toBe(first.token);
    expect((await stat(first.file)).mode & 0o777).toBe(0o600);
    const second = await resolveApiToken({ env: {}, dataDir: path.join(dir, '.qiao') });
    expect(second).toMatchObject({ token: first.token, source: 'file' });
  });

  it('knows loopback hosts', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.5', 'qiao.example.com']) expect(isLoopbackHost(h)).toBe(false);
  });
});
