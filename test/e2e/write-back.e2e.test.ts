import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KingdeeClient } from '../../src/connectors/kingdee/index.js';
import { startDemoEnvironment, type DemoEnvironment } from '../../src/app/demo.js';

const FLAGSHIP = 'kingdee-sales-orders-to-okki';

describe('write-back: the OKKI order id is saved into a Kingdee custom field', () => {
  let env: DemoEnvironment;

  beforeAll(async () => {
    env = await startDemoEnvironment({ orders: 40, seed: 8, logLevel: 'error' });
    // Turn on the optional write-back in the copied flagship (the shipped scheme leaves it off).
    const file = join(env.dir, 'schemes', `${FLAGSHIP}.yaml`);
    const doc = parseDocument(await readFile(file, 'utf8'));
    doc.setIn(['target', 'writeBack'], {
      connection: 'kingdee',
      api: 'Save',
      params: {
        FormId: 'SAL_SaleOrder',
        NeedUpDateFields: ['F_QIAO_OKKIID'],
        Model: { FID: '{{source.FID}}', F_QIAO_OKKIID: '{{ids.order_id}}' },
      },
    });
    await writeFile(file, doc.toString());
    await env.engine.reload();
    expect(env.engine.problems).toEqual([]);
  });
  afterAll(async () => env?.close());

  it('every synced order carries its OKKI order_id in Kingdee, and the write-back does not make the next run push again', async () => {
    for (const run of await env.runAll()) expect(run.status, run.schemeId).toBe('succeeded');
    const okkiIds = new Map(
      (env.okki.dumpOrders() as Array<{ order_no: string; order_id: number }>).map((o) => [
        o.order_no,
        String(o.order_id),
      ]),
    );
    expect(okkiIds.size).toBeGreaterThan(10);

    const c = env.kingdee.credentials;
    const kingdee = new KingdeeClient({
      type: 'kingdee',
      baseUrl: env.kingdeeUrl,
      acctId: c.acctId,
      auth: { method: 'password', username: c.user, password: c.password },
    });
    const rows = await kingdee.billQuery({
      formId: 'SAL_SaleOrder',
      fieldKeys: ['FBillNo', 'F_QIAO_OKKIID'],
      filterString: "FDocumentStatus = 'C'",
    });
    const writtenBack = new Map(rows.map((r) => [String(r.FBillNo), String(r.F_QIAO_OKKIID).trim()]));
    expect(writtenBack).toEqual(okkiIds);

    // The write-back moved FModifyDate, so the next run reads those orders again — and finds nothing to push.
    const pushes = env.okki.stats().pushes;
    const again = await env.engine.runNow(FLAGSHIP, 'cli');
    expect(again.counts.documents).toBe(okkiIds.size);
    expect(again.counts.pushed).toBe(0);
    expect(env.okki.stats().pushes).toBe(pushes);
  });
});
