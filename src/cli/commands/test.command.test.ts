import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = join(root, 'src/scheme/fixtures');

async function qiao(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run('node', ['bin/qiao.js', ...args], { cwd: root });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

describe('qiao test', () => {
  it('runs the golden tests and exits 0 when they pass', async () => {
    const result = await qiao('test', join(fixtures, 'sales-orders.scheme.yaml'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('PASS approved order with two lines');
    expect(result.stdout).toContain('2 test(s), 0 failed');
  });

  it('prints a field-level diff and exits 1 on a mismatch; --json gives the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qiao-test-'));
    for (const f of ['sales-orders.scheme.yaml', 'xsdd000001.rows.json']) copyFileSync(join(fixtures, f), join(dir, f));
    const payload = JSON.parse(readFileSync(join(fixtures, 'xsdd000001.payload.json'), 'utf8')) as Array<
      Record<string, unknown>
    >;
    payload[0].amount = '60.18';
    writeFileSync(join(dir, 'xsdd000001.payload.json'), JSON.stringify(payload));
    const file = join(dir, 'sales-orders.scheme.yaml');

    const human = await qiao('test', file);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('FAIL approved order with two lines');
    expect(human.stdout).toContain('payload 1 (document XSDD000001):\n    amount: expected "60.18", got "60.17"');

    const json = await qiao('test', file, '--json');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { ok: boolean; tests: Array<{ ok: boolean; diffs: unknown[] }> };
    expect(report.ok).toBe(false);
    expect(report.tests.map((t) => t.ok)).toEqual([false, true]);
  });

  it('prints validation issues for an invalid scheme and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qiao-test-'));
    writeFileSync(join(dir, 's.yaml'), 'version: 1\nid: x\n');
    const result = await qiao('test', join(dir, 's.yaml'));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/s\.yaml:1:1 name: /);
  });
});
