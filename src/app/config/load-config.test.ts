import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeConfigForDisplay } from './config-secrets.js';
import { interpolateEnv } from './env-interpolation.js';
import { loadConfig, parseConfigText, readConfigConnections } from './load-config.js';

const text = `connections:
  kingdee:
    type: kingdee
    baseUrl: \${KD_URL:-http://127.0.0.1:8081/k3cloud/}
    acctId: \${KD_ACCT}
    auth:
      method: appSecret
      username: qiao
      appId: 123_abc
      appSecret: \${KD_APP_SECRET}
  okki:
    type: okki
    clientId: client-1
    clientSecret: \${OKKI_SECRET}
store: postgres://qiao:\${PG_PASSWORD}@db.internal:5432/qiao
api:
  port: \${QIAO_PORT:-8080}
  token: \${QIAO_API_TOKEN}
`;

const env = {
  KD_ACCT: '6123abcd',
  KD_APP_SECRET: 'kd-app-secret-value',
  OKKI_SECRET: 'okki-secret-value',
  PG_PASSWORD: 'pg-pass-1',
  QIAO_API_TOKEN: 'api-token-0123456789',
};

describe('interpolateEnv', () => {
  it('substitutes variables and defaults, and keeps $${ literal', () => {
    expect(interpolateEnv('a ${X} b ${Y:-dflt} $${Z}', { X: '1' })).toEqual({
      value: 'a 1 b dflt ${Z}',
      missing: [],
      used: ['X', 'Y'],
      defaulted: ['Y'],
      whole: false,
    });
    expect(interpolateEnv('${Y:-dflt}', { Y: '' }).value).toBe('dflt');
    expect(interpolateEnv('${Y}', { Y: '' })).toMatchObject({ value: '', missing: [] });
    expect(interpolateEnv('${MISSING}', {})).toMatchObject({ missing: ['MISSING'], whole: true });
  });
});

describe('parseConfigText', () => {
  it('resolves secrets from the environment and records them for redaction', () => {
    const result = parseConfigText(text, '/etc/qiao/qiao.yaml', env);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { config } = result;
    expect(config.connections.kingdee).toMatchObject({
      type: 'kingdee',
      acctId: '6123abcd',
      baseUrl: 'http://127.0.0.1:8081/k3cloud/',
      lcid: 2052,
    });
    expect(config.api.port).toBe(8080);
    expect(config.schemesDir).toBe('schemes');
    expect(config.baseDir).toBe('/etc/qiao');
    expect([...config.secrets].sort()).toEqual([
      'api-token-0123456789',
      'kd-app-secret-value',
      'okki-secret-value',
      'pg-pass-1',
    ]);
  });

  it('gives the YAML type to an unquoted whole-value variable, but never to secrets', () => {
    const result = parseConfigText('api:\n  port: ${P}\n  token: ${T}\n', 'q.yaml', {
      P: '9090',
      T: '1234567890123456',
    });
    expect(result.ok && result.config.api).toMatchObject({ host: '127.0.0.1', port: 9090, token: '1234567890123456' });
  });

  it('names a missing variable with file and line', () => {
    const result = parseConfigText(text, 'qiao.yaml', { ...env, OKKI_SECRET: undefined });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      expect.objectContaining({
        file: 'qiao.yaml',
        line: 14,
        path: 'connections.okki.clientSecret',
        message: expect.stringContaining('OKKI_SECRET is not set'),
      }),
    ]);
  });

  it('validates connections with the connector schemas, with positions', () => {
    const result = parseConfigText(
      'connections:\n  kd:\n    type: kingdee\n    baseUrl: not a url\n    acctId: x\n    auth: { method: password, username: u, password: "${KD_PW}" }\n    colour: red\n',
      'q.yaml',
      { KD_PW: 'pw' },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => `${i.line}:${i.column} ${i.path}`)).toEqual(
      expect.arrayContaining(['4:14 connections.kd.baseUrl', '7:5 connections.kd']),
    );
  });

  it('rejects an unknown connection type and a bad store', () => {
    const result = parseConfigText('connections:\n  x: { type: sap }\nstore: mysql://x\n', 'q.yaml', {});
    expect(result.ok === false && result.issues.map((i) => i.path)).toEqual(['connections.x.type', 'store']);
  });
});

describe('describeConfigForDisplay', () => {
  it('masks every secret and keeps ordinary settings readable', () => {
    const result = parseConfigText(text, 'qiao.yaml', env);
    if (!result.ok) throw new Error('config should parse');
    const shown = describeConfigForDisplay(result.config);
    const json = JSON.stringify(shown);
    for (const secret of result.config.secrets) expect(json).not.toContain(secret);
    expect(shown).not.toHaveProperty('secrets');
    expect(shown.store).toBe('postgres://qiao:***@db.internal:5432/qiao');
    expect((shown.connections as { okki: Record<string, unknown> }).okki).toMatchObject({
      clientSecret: '***',
      clientId: 'client-1',
      tokenRefreshMarginSeconds: 300,
      tokenRequestEncoding: 'json',
    });
    expect((shown.api as Record<string, unknown>).token).toBe('***');
  });
});

describe('loadConfig', () => {
  it('falls back to defaults without qiao.yaml, and reads ./qiao.yaml when present', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qiao-config-'));
    const defaults = await loadConfig({ cwd: dir, env: {} });
    expect(defaults).toMatchObject({ file: null, store: 'sqlite:.qiao/qiao.db', connections: {}, baseDir: dir });
    writeFileSync(join(dir, 'qiao.yaml'), 'schemesDir: flows\nlogLevel: debug\n');
    expect(await loadConfig({ cwd: dir, env: {} })).toMatchObject({
      file: join(dir, 'qiao.yaml'),
      schemesDir: 'flows',
      logLevel: 'debug',
    });
  });

  it('throws a config error listing file:line issues; a missing explicit file is an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qiao-config-'));
    writeFileSync(join(dir, 'qiao.yaml'), 'api:\n  token: ${NOPE}\n');
    await expect(loadConfig({ cwd: dir, env: {} })).rejects.toMatchObject({
      kind: 'config',
      message: expect.stringContaining('qiao.yaml:2:10 api.token: Environment variable NOPE is not set'),
    });
    await expect(loadConfig({ cwd: dir, file: 'other.yaml', env: {} })).rejects.toMatchObject({
      code: 'config.file_unreadable',
    });
  });

  it('reads connection names without needing the environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qiao-config-'));
    writeFileSync(join(dir, 'qiao.yaml'), text);
    expect(await readConfigConnections(join(dir, 'qiao.yaml'))).toEqual({
      kingdee: { type: 'kingdee', read: ['ExecuteBillQuery', 'BillQuery'], write: ['Save', 'BatchSave'] },
      okki: {
        type: 'okki',
        read: expect.arrayContaining(['orders.list']),
        write: expect.arrayContaining(['orders.push']),
      },
    });
  });
});
