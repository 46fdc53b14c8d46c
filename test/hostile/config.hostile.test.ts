/**
 * Hostile and broken qiao.yaml files (issue 11). Each case goes through the loader `run` and
 * `start` use (loadConfig) and through `qiao validate --config`; both must refuse it with the same
 * clear error, file:line:col and path. Before, `validate --config` accepted all 14 broken files of
 * the review, and `run --once` accepted a literal secret the README says must come from ${ENV}.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config/load-config.js';
import { validateFiles } from '../../src/cli/validate-files.js';
import { IntegrationError } from '../../src/core/errors.js';
import type { SchemeIssue } from '../../src/scheme/load-scheme.js';
import { type Finding, type HostileCase, hostileCorpus, type Verdict } from './corpus.js';
import { CONFIG, CONFIG_ENV, change } from './scheme-inputs.js';

/** qiao.yaml text or bytes, and the environment it is loaded with (default CONFIG_ENV). */
type ConfigInput = string | { bytes: Uint8Array } | { text: string; env: Record<string, string | undefined> };

const config = (from: string, to: string): string => change(CONFIG, from, to);
const KINGDEE_SECRET = 'appSecret: "${KINGDEE_APP_SECRET}"';
const OKKI_SECRET = 'clientSecret: "${OKKI_CLIENT_SECRET}"';

const findings = (issues: readonly SchemeIssue[]): Finding[] =>
  issues.map((i) => ({ message: i.message, path: i.path, line: i.line, column: i.column }));

async function attempt(input: ConfigInput): Promise<Verdict[]> {
  const dir = mkdtempSync(join(tmpdir(), 'qiao-hostile-config-'));
  const file = join(dir, 'qiao.yaml');
  const env = typeof input === 'object' && 'env' in input ? input.env : CONFIG_ENV;
  writeFileSync(file, typeof input === 'string' ? input : 'bytes' in input ? input.bytes : input.text);

  const verdicts: Verdict[] = [];
  const warnings: SchemeIssue[] = [];
  try {
    await loadConfig({ file, env, onWarning: (w) => warnings.push(w) });
    verdicts.push({ via: 'run (loadConfig)', accepted: true, errors: [], warnings: findings(warnings) });
  } catch (error) {
    expect(error).toBeInstanceOf(IntegrationError);
    const e = error as IntegrationError;
    expect(e.code).toBe('config.invalid');
    verdicts.push({
      via: 'run (loadConfig)',
      accepted: false,
      errors: findings((e.details.issues as SchemeIssue[]) ?? []).map((f) => ({ ...f, code: e.code })),
    });
  }
  const report = await validateFiles([], { config: file, env });
  verdicts.push({
    via: 'qiao validate --config',
    accepted: report.config?.ok === true,
    errors: findings(report.config?.issues ?? []),
    warnings: findings(report.config?.warnings ?? []),
  });
  return verdicts;
}

function aliasBomb(): string {
  let text = 'x0: &x0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]\n';
  for (let i = 1; i < 10; i++)
    text += `x${i}: &x${i} [${Array(10)
      .fill(`*x${i - 1}`)
      .join(', ')}]\n`;
  return text;
}

const CASES: Array<HostileCase<ConfigInput>> = [
  // YAML.
  {
    name: 'a syntax error',
    input: config('api: { host: 127.0.0.1, port: 8080 }', 'api: { host: 127.0.0.1, port: 8080'),
    expect: 'YAML:',
  },
  { name: 'a tab as indentation', input: config('    type: okki', '\ttype: okki'), expect: 'Tabs are not allowed' },
  { name: 'an empty file', input: '', expect: 'The qiao.yaml file is empty' },
  { name: 'a file of comments only', input: '# qiao settings\n', expect: 'The qiao.yaml file is empty' },
  { name: 'a list at the top level', input: '- connections\n', expect: 'must be a mapping' },
  { name: 'two YAML documents', input: `${CONFIG}---\nlogLevel: debug\n`, expect: 'holds one YAML document' },
  { name: 'the same key twice', input: `${CONFIG}logLevel: debug\n`, expect: 'a key appears twice' },
  {
    name: 'a UTF-8 byte order mark (accepted, with a warning)',
    input: `\uFEFF${CONFIG}`,
    expect: 'byte order mark',
    warning: true,
  },
  {
    name: 'a UTF-16 file',
    input: { bytes: new Uint8Array([0xff, 0xfe, ...Buffer.from(CONFIG, 'utf16le')]) },
    expect: 'UTF-16',
  },
  {
    name: 'invalid UTF-8',
    input: { bytes: new Uint8Array([...Buffer.from('schemesDir: '), 0xc0, 0xaf, 0x0a]) },
    expect: 'not valid UTF-8',
  },
  { name: 'an alias bomb', input: `${aliasBomb()}${CONFIG}`, expect: 'alias bomb' },
  {
    name: 'nesting 50,000 levels deep',
    input: `schemesDir: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`,
    expect: 'Nested deeper than',
  },
  {
    name: 'a !!binary secret',
    input: config(KINGDEE_SECRET, 'appSecret: !!binary c2VjcmV0'),
    expect: 'YAML tag !!binary',
  },
  { name: 'a control character', input: config('clientId: client-1', 'clientId: "client\\b1"'), expect: 'U+0008' },
  // Prototype keys.
  {
    name: '__proto__ at the top',
    input: `${CONFIG}__proto__: { store: "sqlite:.qiao/elsewhere.db" }\n`,
    expect: 'The key "__proto__" is not allowed',
    path: '__proto__',
  },
  {
    name: '__proto__ as a connection name',
    input: config('  okki:\n', '  __proto__:\n'),
    expect: 'The key "__proto__" is not allowed',
    path: 'connections.__proto__',
  },
  {
    name: 'constructor inside a connection',
    input: config('    clientId: client-1', '    clientId: client-1\n    constructor: x'),
    expect: 'The key "constructor" is not allowed',
  },
  // Literal secrets: refused, with the line to write instead.
  {
    name: 'a literal Kingdee app secret',
    input: config(KINGDEE_SECRET, 'appSecret: "s3cr3t-value"'),
    expect: 'use ${KINGDEE_APP_SECRET} instead',
    path: 'connections.kingdee.auth.appSecret',
  },
  {
    name: 'a literal OKKI client secret',
    input: config(OKKI_SECRET, 'clientSecret: s3cr3t'),
    expect: 'use ${OKKI_CLIENT_SECRET} instead',
  },
  {
    name: 'a literal Kingdee password',
    input: config(
      `{ method: appSecret, username: qiao, appId: "300000_x", ${KINGDEE_SECRET} }`,
      '{ method: password, username: qiao, password: hunter2 }',
    ),
    expect: 'use ${KINGDEE_PASSWORD} instead',
  },
  {
    name: 'a literal API token',
    input: config(
      'api: { host: 127.0.0.1, port: 8080 }',
      'api: { host: 127.0.0.1, port: 8080, token: abcdefghijklmnopqrstuvwxyz }',
    ),
    expect: 'use ${QIAO_API_TOKEN} instead',
  },
  {
    name: 'a secret hidden in a default',
    input: config(OKKI_SECRET, 'clientSecret: "${OKKI_CLIENT_SECRET:-s3cr3t}"'),
    expect: 'puts a default secret into qiao.yaml',
  },
  {
    name: 'a password in the store URL',
    input: config('store: sqlite:.qiao/qiao.db', 'store: postgres://qiao:hunter2@db:5432/qiao'),
    expect: 'use store: "postgres://qiao:${PG_PASSWORD}@db:5432/qiao"',
  },
  {
    name: 'a literal robot secret in an alert',
    input: `${CONFIG}alerts:\n  - { type: run_failed, channels: [{ type: dingtalk, url: "https://oapi.dingtalk.com/robot/send?access_token=x", secret: SEC123 }] }\n`,
    expect: 'A secret written into qiao.yaml',
  },
  // Environment.
  {
    name: 'a missing environment variable',
    input: { text: CONFIG, env: { KINGDEE_APP_SECRET: 'x' } },
    expect: 'Environment variable OKKI_CLIENT_SECRET is not set',
    path: 'connections.okki.clientSecret',
  },
  // Store.
  {
    name: 'an unsupported store',
    input: config('store: sqlite:.qiao/qiao.db', 'store: mysql://db/qiao'),
    expect: 'Use sqlite:<path> or postgres://',
  },
  {
    name: 'a PostgreSQL port out of range',
    input: config('store: sqlite:.qiao/qiao.db', 'store: postgres://qiao@db:99999/qiao'),
    expect: 'Not a valid PostgreSQL URL',
  },
  {
    name: 'a PostgreSQL URL without a host',
    input: config('store: sqlite:.qiao/qiao.db', 'store: "postgres://:5432/qiao"'),
    expect: /PostgreSQL URL/,
  },
  {
    name: 'a bad PostgreSQL schema',
    input: config('store: sqlite:.qiao/qiao.db', 'store: "postgres://qiao@db/qiao?schema=a;drop"'),
    expect: 'is not a plain PostgreSQL schema name',
  },
  {
    name: 'an SQLite URL naming no file',
    input: config('store: sqlite:.qiao/qiao.db', 'store: "sqlite:"'),
    expect: /Use sqlite:<path>|Name the SQLite file/,
  },
  // API, log level, schemes.
  { name: 'a port above 65535', input: config('port: 8080', 'port: 99999'), expect: '<=65535', path: 'api.port' },
  { name: 'a negative port', input: config('port: 8080', 'port: -1'), expect: '>=0' },
  { name: 'a port that is not a number', input: config('port: 8080', 'port: http'), expect: 'expected number' },
  {
    name: 'a port from a variable that is not a number',
    input: {
      text: config('api: { host: 127.0.0.1, port: 8080 }', 'api:\n  port: ${QIAO_PORT}'),
      env: { ...CONFIG_ENV, QIAO_PORT: 'eighty' },
    },
    expect: 'expected number',
    path: 'api.port',
  },
  {
    name: 'an unknown log level',
    input: config('logLevel: info', 'logLevel: loud'),
    expect: 'expected one of "trace"',
    path: 'logLevel',
  },
  { name: 'an empty schemes directory', input: config('schemesDir: schemes', 'schemesDir: ""'), expect: '>=1' },
  { name: 'an unknown top-level key', input: `${CONFIG}colour: red\n`, expect: 'Unrecognized key "colour"' },
  // Connections.
  {
    name: 'an unknown Kingdee auth method',
    input: config('method: appSecret', 'method: oauth'),
    expect: "Expected 'password' | 'appSecret' | 'sign' | 'signature'",
    path: 'connections.kingdee.auth.method',
  },
  {
    name: 'an unknown connection type',
    input: config('    type: okki', '    type: salesforce'),
    expect: "Expected 'kingdee' | 'okki'",
  },
  { name: 'a connection without a type', input: config('    type: okki\n', ''), expect: "Expected 'kingdee' | 'okki'" },
  {
    name: 'a base URL that is not a URL',
    input: config('baseUrl: http://127.0.0.1:2', 'baseUrl: not a url'),
    expect: 'Invalid URL',
  },
  {
    name: 'a connection name with spaces',
    input: config('  okki:\n', '  "okki prod":\n'),
    expect: 'Invalid key "okki prod": Use letters, digits',
  },
  {
    name: 'an unknown connection setting',
    input: config('    clientId: client-1', '    clientId: client-1\n    colour: red'),
    expect: 'Unrecognized key "colour"',
  },
  { name: 'connections as a list', input: 'connections: [kingdee, okki]\n', expect: 'expected record' },
  { name: 'a file over 1 MiB', input: `${CONFIG}# ${'x'.repeat(1_100_000)}\n`, expect: 'a qiao.yaml file is at most' },
];

describe('the config corpus base', () => {
  it('is accepted by run and by validate --config', async () => {
    for (const v of await attempt(CONFIG))
      expect({ via: v.via, accepted: v.accepted, errors: v.errors }).toEqual({
        via: v.via,
        accepted: true,
        errors: [],
      });
  });
});

hostileCorpus<ConfigInput>('hostile qiao.yaml', CASES, attempt, { located: true });
