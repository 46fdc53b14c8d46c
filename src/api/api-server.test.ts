import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QiaoEngine } from '../runtime/engine.js';
import { isLoopbackHost, tokenMatches } from './api-auth.js';
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

describe('startApiServer', () => {
  it('serves over real HTTP on loopback without a token, and closes', async () => {
    await engine.saveScheme(schemeYaml('http-1'));
    const server = await startApiServer({ engine, token: 'x'.repeat(20), host: '127.0.0.1', port: 0, webRoot: dir });
    try {
      expect(server.requireToken).toBe(false);
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${server.url}/api/schemes`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as Array<{ id: string }>).map((s) => s.id)).toEqual(['http-1']);
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('requires the token when bound beyond loopback', async () => {
    const token = 'a-long-enough-token-123';
    const server = await startApiServer({ engine, token, host: '0.0.0.0', port: 0, webRoot: dir });
    try {
      expect(server.requireToken).toBe(true);
      const port = new URL(server.url).port;
      expect((await fetch(`http://127.0.0.1:${port}/api/schemes`)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect(
        (await fetch(`http://127.0.0.1:${port}/api/schemes`, { headers: { Authorization: `Bearer ${token}` } })).status,
      ).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('refuses to start with a short token when one is required', async () => {
    await expect(
      startApiServer({ engine, token: 'short', host: '127.0.0.1', port: 0, requireToken: true }),
    ).rejects.toThrow(/16 characters/);
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

  it('compares tokens exactly and knows loopback hosts', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('abc ', 'abc')).toBe(false);
    expect(tokenMatches('', '')).toBe(false);
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.5', 'qiao.example.com']) expect(isLoopbackHost(h)).toBe(false);
  });
});
