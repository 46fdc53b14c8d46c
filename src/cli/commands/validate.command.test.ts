import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
// The flagship: its preconditions and lookups name its companions, which sit in the same directory.
const example = join(root, 'schemes/kingdee-sales-orders-to-okki.yaml');

async function qiao(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/qiao.js', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const broken = `version: 1
id: broken
name: Broken
source:
  connection: kingdee
  api: ExecuteBillQuery
  key: FNumber
target:
  connection: okki
  api: products.push
  key: code
mapping:
  documnet:
    code: FNumber
`;

describe('qiao validate', () => {
  it('accepts a valid scheme (exit 0)', async () => {
    const result = await qiao('validate', example);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(': ok');
  });

  it('prints file:line:col path: message and exits 1 for an invalid scheme', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qiao-validate-'));
    const file = join(dir, 'x.yaml');
    writeFileSync(file, broken);
    const result = await qiao('validate', file, example);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${file}:13:3 mapping: Unrecognized key "documnet" (did you mean "document"?)`);
    // The misspelt key is reported once, not again as a missing "document".
    expect(result.stdout.split('\n').filter((l) => l.startsWith(file))).toHaveLength(1);
  });

  it('prints JSON with --json, expands directories, validates --config as run would and checks connections from it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qiao-validate-'));
    writeFileSync(join(dir, 'ok.yaml'), broken.replace('documnet', 'document'));
    writeFileSync(join(dir, 'qiao.yaml'), 'connections:\n  kingdee: { type: kingdee, baseUrl: "${KD_URL}" }\n');
    const result = await qiao('validate', dir, '--config', join(dir, 'qiao.yaml'), '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      config: { ok: boolean; issues: Array<{ path: string; line: number; message: string }> };
      files: Array<{ file: string; ok: boolean; issues: Array<{ path: string; line: number; message: string }> }>;
    };
    // qiao.yaml next to the schemes is validated as the config, not as a scheme.
    expect(report.files.map((f) => f.file)).toEqual([join(dir, 'ok.yaml')]);
    expect(report.config).toMatchObject({
      ok: false,
      issues: [{ path: 'connections.kingdee.baseUrl', line: 2, message: expect.stringContaining('KD_URL is not set') }],
    });
    expect(report.files[0]).toMatchObject({
      ok: false,
      issues: [{ path: 'target.connection', line: 9, message: expect.stringContaining('Unknown connection "okki"') }],
    });
  });

  it('with only --config validates qiao.yaml and every scheme in its schemesDir, together', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qiao-validate-'));
    mkdirSync(join(dir, 'flows'));
    const good = broken.replace('documnet', 'document');
    writeFileSync(join(dir, 'flows', 'a.yaml'), good);
    writeFileSync(join(dir, 'flows', 'b.yaml'), `\uFEFF${good.replace('id: broken', 'id: with-bom')}`);
    writeFileSync(join(dir, 'flows', 'c.yaml'), good);
    writeFileSync(
      join(dir, 'qiao.yaml'),
      'schemesDir: flows\nconnections:\n  okki: { type: okki, clientId: c, clientSecret: "${OKKI_SECRET}" }\n  kingdee: { type: kingdee, baseUrl: "http://k/", acctId: a, auth: { method: password, username: u, password: hunter2 } }\n',
    );
    const result = await qiao('validate', '--config', join(dir, 'qiao.yaml'));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${join(dir, 'qiao.yaml')}:3:50 connections.okki.clientSecret: Environment variable OKKI_SECRET is not set`,
    );
    expect(result.stdout).toContain(
      'connections.kingdee.auth.password: A secret written into qiao.yaml; use ${KINGDEE_PASSWORD} instead',
    );
    // Both files named, each in the other's message; the byte order mark is only a warning.
    expect(result.stdout).toContain(
      `${join(dir, 'flows', 'a.yaml')}:2:5 id: Scheme id "broken" is also used by ${join(dir, 'flows', 'c.yaml')}`,
    );
    expect(result.stdout).toContain(
      `${join(dir, 'flows', 'c.yaml')}:2:5 id: Scheme id "broken" is also used by ${join(dir, 'flows', 'a.yaml')}`,
    );
    expect(result.stdout).toContain(`${join(dir, 'flows', 'b.yaml')}: ok`);
    expect(result.stdout).toContain(
      `${join(dir, 'flows', 'b.yaml')}:1:1 warning: The file starts with a UTF-8 byte order mark`,
    );
  });

  it('asks for files or --config instead of validating nothing', async () => {
    const result = await qiao('validate');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Name scheme files or directories to validate, or --config FILE');
  });
});
