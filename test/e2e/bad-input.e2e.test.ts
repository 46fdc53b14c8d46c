import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startDemoEnvironment, type DemoEnvironment } from '../../src/app/demo.js';
import { readKingdeeOrders } from './support/e2e-data.js';

const FLAGSHIP = 'kingdee-sales-orders-to-okki';

describe('bad input', () => {
  let env: DemoEnvironment;
  beforeAll(async () => {
    env = await startDemoEnvironment({ orders: 60, seed: 4, logLevel: 'error' });
  });
  afterAll(async () => env?.close());

  it('a row with a non-numeric quantity fails that order with a readable reason while the rest succeed', async () => {
    const approved = [...(await readKingdeeOrders(env)).values()].filter((o) => o.status === 'C');
    const bad = approved[3]!.billNo;
    env.kingdee.plantDirtyValue({
      formId: 'SAL_SaleOrder',
      number: bad,
      entity: 'FSaleOrderEntry',
      line: 0,
      field: 'FQty',
      value: 'abc',
    });

    const runs = await env.runAll();
    const flagship = runs.find((r) => r.schemeId === FLAGSHIP)!;
    expect(flagship.status).toBe('partial');
    expect(flagship.counts.failed).toBe(1);

    const record = (await env.engine.ledger.getRecord(FLAGSHIP, bad))!;
    expect(record.status).toBe('failed');
    expect(record.nextAttemptAt).toBeNull(); // a data error waits for a fix, it is not retried blindly
    expect(record.lastError?.kind).toBe('record');
    expect(record.lastError?.message).toContain('"abc" is not a number');
    expect(record.lastError?.message).toContain('product_list');
    expect(record.lastError?.message).toContain(bad);

    const inOkki = (env.okki.dumpOrders() as Array<{ order_no: string }>).map((o) => o.order_no).sort();
    expect(inOkki).toEqual(
      approved
        .map((o) => o.billNo)
        .filter((b) => b !== bad)
        .sort(),
    );
  });

  it('orders of a customer that cannot reach OKKI are parked with the reason, and the run still ends', async () => {
    const fresh = await startDemoEnvironment({ orders: 60, seed: 6, logLevel: 'error' });
    try {
      const orders = [...(await readKingdeeOrders(fresh)).values()].filter((o) => o.status === 'C');
      const customer = orders[0]!.customer;
      // A blank customer name in Kingdee: OKKI refuses the company, so its orders have no company_id to refer to.
      fresh.kingdee.plantDirtyValue({ formId: 'BD_Customer', number: customer, field: 'FName', value: '' });
      for (const id of ['kingdee-customers-to-okki', 'kingdee-materials-to-okki']) await fresh.engine.runNow(id, 'cli');
      expect((await fresh.engine.ledger.getRecord('kingdee-customers-to-okki', customer))?.status).toBe('failed');

      const started = Date.now();
      const run = await fresh.engine.runNow(FLAGSHIP, 'cli'); // default 30 s drain window: parked orders must not keep it alive
      expect(Date.now() - started).toBeLessThan(20_000);
      const waiting = orders.filter((o) => o.customer === customer).map((o) => o.billNo);
      expect(run.counts.pushed).toBe(orders.length - waiting.length);
      for (const billNo of waiting) {
        const record = (await fresh.engine.ledger.getRecord(FLAGSHIP, billNo))!;
        expect(record.status).toBe('parked');
        expect(record.lastError?.kind).toBe('lookup_missing');
        expect(record.lastError?.message).toContain(customer);
      }
    } finally {
      await fresh.close();
    }
  });

  it('qiao validate names file, line, column and path for malformed YAML, unknown keys, bad JSONata and unknown connections', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qiao-bad-'));
    const good = await readFile(join(REPO_ROOT, 'schemes', 'kingdee-customers-to-okki.yaml'), 'utf8');
    await writeFile(
      join(dir, 'qiao.yaml'),
      'connections:\n  kingdee: { type: kingdee, baseUrl: "http://127.0.0.1:1/k3cloud/", acctId: a, auth: { method: password, username: u, password: "${KD_PASSWORD}" } }\n  okki: { type: okki, baseUrl: "http://127.0.0.1:2", clientId: c, clientSecret: "${OKKI_CLIENT_SECRET}" }\n',
    );
    const files = {
      'malformed.yaml': good.replace('enabled: true', 'enabled: [true'),
      'unknown-key.yaml': good.replace('mapping:\n', 'mapping:\n  documnet: {}\n'),
      'bad-jsonata.yaml': good.replace('    name: FName\n', '    name: FName & (\n'),
      'unknown-connection.yaml': good.replace('  connection: okki', '  connection: okki-prod'),
    };
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    const run = promisify(execFile)(
      process.execPath,
      [
        join(REPO_ROOT, 'bin', 'qiao.js'),
        'validate',
        '--config',
        join(dir, 'qiao.yaml'),
        ...Object.keys(files).map((f) => join(dir, f)),
      ],
      { env: { ...process.env, KD_PASSWORD: 'p', OKKI_CLIENT_SECRET: 's' } },
    );
    const failure = await run.then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    const out = `${failure!.stdout}${failure!.stderr}`;
    expect(out).toMatch(/malformed\.yaml:\d+:\d+ /);
    expect(out).toMatch(/unknown-key\.yaml:\d+:\d+ mapping: .*documnet/);
    expect(out).toMatch(/bad-jsonata\.yaml:\d+:\d+ mapping\.document\.name: /);
    expect(out).toMatch(/unknown-connection\.yaml:\d+:\d+ target\.connection: .*okki-prod/);
    expect(out).toContain(`${join(dir, 'qiao.yaml')}: ok`);
  });
});
