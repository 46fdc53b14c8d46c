import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKingdeeSimulator, type KingdeeSimulator } from './kingdee-simulator.js';
import { login, query } from './kingdee-sim.test-helpers.js';

/** The flagship read at scale: 40,000 orders (~200,000 lines) served in 2,000-row pages over HTTP. */
const KEYS = [
  'FID',
  'FBillNo',
  'FDocumentStatus',
  'FDate',
  'FModifyDate',
  'FApproveDate',
  'FCustId.FNumber',
  'FCustId.FName',
  'FSalerId.FNumber',
  'FSettleCurrId',
  'FExchangeRate',
  'FSaleOrderEntry_FEntryID',
  'FMaterialId.FNumber',
  'FMaterialName',
  'FUnitID.FNumber',
  'FQty',
  'FPrice',
  'FTaxPrice',
  'FEntryTaxRate',
  'FAllAmount',
  'FDeliveryDate',
  'FEntryNote',
  'FVersionNo',
  'FChangeFlag',
].join(',');

let sim: KingdeeSimulator;
beforeAll(async () => {
  sim = await startKingdeeSimulator({ seed: 1, orders: 40_000 });
});
afterAll(() => sim.close());

describe('throughput', () => {
  it('serves every line of 40,000 orders in 2,000-row pages at more than 50,000 rows/s', async () => {
    const session = await login(sim);
    const request = {
      FormId: 'SAL_SaleOrder',
      FieldKeys: KEYS,
      FilterString: "FModifyDate >= '2000-01-01'",
      OrderString: 'FID ASC, FSaleOrderEntry_FEntryID ASC',
      Limit: 2000,
    };
    const started = performance.now();
    let rows = 0;
    let last = 0;
    for (let start = 0; ; start += 2000) {
      const page = await query(sim, session, { ...request, StartRow: start });
      if (!Array.isArray(page[0] ?? [])) throw new Error(`not rows: ${JSON.stringify(page).slice(0, 200)}`);
      for (const row of page) {
        if (!(row[11] > last)) throw new Error(`entry ${row[11]} after ${last}: pages overlap or are out of order`);
        last = row[11];
      }
      rows += page.length;
      if (page.length < 2000) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const rate = rows / seconds;
    console.log(`kingdee simulator: ${rows} rows in ${seconds.toFixed(2)} s = ${Math.round(rate)} rows/s`);
    expect(rows).toBeGreaterThan(180_000);
    expect(rate).toBeGreaterThan(50_000);
    expect(sim.stats().rowsServed).toBe(rows);
  });
});
