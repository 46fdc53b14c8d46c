import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyShippedSchemes } from '../../app/demo.js';
import { openLedger } from '../../ledger/open-ledger.js';

/**
 * `qiao records` shows how long and how often an order has waited on a missing lookup, and for
 * what. The real CLI on a ledger holding one parked order (listing records contacts no vendor).
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const FLAGSHIP = 'kingdee-sales-orders-to-okki';
let dir: string;

function qiao(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/qiao.js', ...args, '--config', join(dir, 'qiao.yaml')],
      { cwd: root, env: { ...process.env, KINGDEE_SECRET: 'not-used', OKKI_SECRET: 'not-used' } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qiao-records-'));
  await mkdir(join(dir, '.qiao'), { recursive: true });
  await copyShippedSchemes(dir);
  await writeFile(
    join(dir, 'qiao.yaml'),
    `connections:
  kingdee:
    type: kingdee
    baseUrl: http://127.0.0.1:9/k3cloud/
    acctId: demo
    auth:
      method: password
      username: demo
      password: \${KINGDEE_SECRET}
  okki:
    type: okki
    baseUrl: http://127.0.0.1:9
    clientId: demo
    clientSecret: \${OKKI_SECRET}
store: sqlite:.qiao/qiao.db
schemesDir: schemes
logLevel: error
`,
  );
  const ledger = await openLedger(`sqlite:${join(dir, '.qiao', 'qiao.db')}`);
  const parked = (source: unknown) => ({
    key: 'XSDD000042',
    source,
    sourceVersion: null,
    payload: null,
    payloadHash: null,
    error: {
      name: 'IntegrationError',
      code: 'mapping.lookup_missing',
      kind: 'lookup_missing' as const,
      message: '$lookup: scheme "kingdee-customers-to-okki" has not synced "CUST0009" yet',
      details: { lookupScheme: 'kingdee-customers-to-okki', lookupKey: 'CUST0009' },
    },
  });
  // Read twice (the order changed in between, its customer still missing): two parks in one wait.
  await ledger.ingest(FLAGSHIP, null, [parked({ FBillNo: 'XSDD000042', v: 1 })]);
  await ledger.ingest(FLAGSHIP, null, [parked({ FBillNo: 'XSDD000042', v: 2 })]);
  await ledger.close();
}, 30_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('qiao records', () => {
  it('lists a parked order with its parks and age, and --key tells since when it waits for what', async () => {
    const [table, one, asJson] = await Promise.all([
      qiao(['records', FLAGSHIP, '--status', 'parked']),
      qiao(['records', FLAGSHIP, '--key', 'XSDD000042']),
      qiao(['records', FLAGSHIP, '--json']),
    ]);
    expect(table.stderr).toBe('');
    const [header, row] = table.stdout.split('\n');
    expect(header).toMatch(/^KEY\s+STATUS\s+ATTEMPTS\s+PARKED\s+NEXT ATTEMPT/);
    expect(row).toMatch(/^XSDD000042\s+parked\s+0\s+2× for \d+ (ms|s)\s/);

    expect(one.stdout).toMatch(
      /\n {2}parked {9}since \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \(\d+ (ms|s), 2 park\(s\)\), waiting for kingdee-customers-to-okki to sync "CUST0009"\n/,
    );
    const listed = JSON.parse(asJson.stdout) as { records: Array<{ key: string; park: unknown }> };
    expect(listed.records[0]).toMatchObject({
      key: 'XSDD000042',
      park: {
        count: 2,
        since: expect.any(String),
        waitingFor: { scheme: 'kingdee-customers-to-okki', key: 'CUST0009' },
      },
    });
  }, 30_000);
});
