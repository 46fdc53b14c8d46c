import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger } from './open-ledger.js';
import { PostgresLedger } from './postgres/postgres-ledger.js';
import { SqliteLedger } from './sqlite/sqlite-ledger.js';
import type { Ledger } from './ledger.js';

const dirs: string[] = [];
const stores: Ledger[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'qiao-open-'));
  dirs.push(dir);
  return dir;
};
const open = async (url: string) => {
  const store = await openLedger(url);
  stores.push(store);
  return store;
};

describe('openLedger', () => {
  it('opens sqlite:<file>, creating parent directories, and migrates', async () => {
    const file = join(tempDir(), 'nested', 'deeper', 'qiao.db');
    const store = await open(`sqlite:${file}`);
    expect(store).toBeInstanceOf(SqliteLedger);
    expect(existsSync(file)).toBe(true);
    await store.ingest('s', null, [{ key: 'A', source: 1, sourceVersion: null, payload: 1, payloadHash: 'h1' }], 'c');
    await store.close();
    stores.pop();
    const again = await open(file); // a plain path works too; migrate again is a no-op
    expect((await again.getCursor('s'))?.value).toBe('c');
    expect((await again.getRecord('s', 'A'))?.payloadHash).toBe('h1');
  });

  it('opens :memory: and sqlite::memory:', async () => {
    for (const url of [':memory:', 'sqlite::memory:']) {
      const store = await open(url);
      expect(await store.countByStatus()).toEqual([]);
    }
  });

  it('rejects unsupported and empty URLs with a config error', async () => {
    await expect(openLedger('mysql://user:hunter22@db/x')).rejects.toMatchObject({
      code: 'store.invalid_url',
      kind: 'config',
    });
    await expect(openLedger('mysql://user:hunter22@db/x')).rejects.not.toThrow(/hunter22/);
    await expect(openLedger('  ')).rejects.toMatchObject({ code: 'store.invalid_url' });
    await expect(openLedger('sqlite:')).rejects.toMatchObject({ code: 'store.invalid_url' });
  });

  it('reports an unreachable PostgreSQL as a config error without the password', async () => {
    const error = await openLedger('postgres://qiao:s3cr3t-pw@127.0.0.1:1/none').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'store.open_failed', kind: 'config' });
    expect(String((error as Error).message)).not.toContain('s3cr3t-pw');
    expect(String((error as Error).message)).toContain('127.0.0.1:1');
  });

  it('opens postgres://…?schema=… when PostgreSQL is reachable', async (testCtx) => {
    const url = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    const reachable = await probe.connect().then(
      () => true,
      () => false,
    );
    await probe.end().catch(() => undefined);
    if (!reachable) {
      if (process.env.CI) throw new Error(`PostgreSQL is not reachable at ${url}`);
      console.warn(`!!! skipping the openLedger PostgreSQL case: ${url} is not reachable`);
      testCtx.skip();
      return;
    }
    const schema = `qiao_open_${Date.now().toString(36)}`;
    const store = await open(`${url}${url.includes('?') ? '&' : '?'}schema=${schema}`);
    try {
      expect(store).toBeInstanceOf(PostgresLedger);
      await store.setCursor('s', 'v');
      expect((await store.getCursor('s'))?.value).toBe('v');
    } finally {
      await (store as PostgresLedger).dropSchema();
    }
  });
});
