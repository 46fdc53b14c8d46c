import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const example = join(root, 'src/scheme/fixtures/sales-orders.scheme.yaml');

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

  it('prints JSON with --json, expands directories and checks connections from --config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qiao-validate-'));
    writeFileSync(join(dir, 'ok.yaml'), broken.replace('documnet', 'document'));
    writeFileSync(join(dir, 'qiao.yaml'), 'connections:\n  kingdee: { type: kingdee, baseUrl: "${KD_URL}" }\n');
    const result = await qiao('validate', dir, '--config', join(dir, 'qiao.yaml'), '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      files: Array<{ file: string; ok: boolean; issues: Array<{ path: string; line: number; message: string }> }>;
    };
    expect(report.files.map((f) => f.file)).toEqual([join(dir, 'ok.yaml'), join(dir, 'qiao.yaml')]);
    expect(report.files[0]).toMatchObject({
      ok: false,
      issues: [{ path: 'target.connection', line: 9, message: expect.stringContaining('Unknown connection "okki"') }],
    });
  });
});
