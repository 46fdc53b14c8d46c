import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKingdeeSimulator, type KingdeeSimulator } from '../simulator/kingdee-simulator.js';
import { KingdeeClient } from './kingdee-client.js';
import type { KingdeeAuthConfig, KingdeeConnectionInput } from '../kingdee.config.js';

// ~4,000 orders × ~5 lines ≈ 20,000 order lines, read in pages against the in-process simulator.
let sim: KingdeeSimulator;

beforeAll(async () => {
  sim = await startKingdeeSimulator({ port: 0, orders: 4_000, seed: 7 });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => sim.setFaults({}));

function connection(auth?: KingdeeAuthConfig, extra: Partial<KingdeeConnectionInput> = {}): KingdeeConnectionInput {
  const c = sim.credentials;
  return {
    type: 'kingdee',
    baseUrl: sim.url,
    acctId: c.acctId,
    lcid: c.lcid,
    auth: auth ?? { method: 'password', username: c.user, password: c.password },
    ...extra,
  };
}

const lineKeys = [
  'FID',
  'FBillNo',
  'FDocumentStatus',
  'FModifyDate',
  'FCustId.FNumber',
  'FSaleOrderEntry_FEntryID',
  'FMaterialId.FNumber',
  'FQty',
];
const lineQuery = { formId: 'SAL_SaleOrder', fieldKeys: lineKeys };

async function collect(
  client: KingdeeClient,
  query: Parameters<KingdeeClient['streamBillQuery']>[0],
  pageSize = 2_000,
): Promise<Array<Record<string, unknown>>> {
  const rows: Array<Record<string, unknown>> = [];
  for await (const row of client.streamBillQuery(query, { pageSize })) rows.push(row);
  return rows;
}

let unfiltered: Array<Record<string, unknown>> | undefined;
async function allLines(): Promise<Array<Record<string, unknown>>> {
  unfiltered ??= await collect(new KingdeeClient(connection()), lineQuery);
  return unfiltered;
}

describe('KingdeeClient against the simulator: login', () => {
  it('logs in each way and reads', async () => {
    const c = sim.credentials;
    const ways: KingdeeAuthConfig[] = [
      { method: 'password', username: c.user, password: c.password },
      { method: 'appSecret', username: c.user, appId: c.appId, appSecret: c.appSecret },
      { method: 'sign', username: c.user, appId: c.appId, appSecret: c.appSecret },
      { method: 'signature', username: c.user, appId: c.appId, appSecret: c.appSecret, orgNum: '0' },
    ];
    for (const auth of ways) {
      const client = new KingdeeClient(connection(auth));
      await client.login();
      const rows = await client.executeBillQuery({
        formId: 'BD_Currency',
        fieldKeys: 'FCODE',
        filterString: "FNUMBER='PRE001'",
      });
      expect(rows, auth.method).toEqual([['CNY']]);
    }
  });

  it('a bad password is a config error', async () => {
    const client = new KingdeeClient(
      connection({ method: 'password', username: sim.credentials.user, password: 'wrong-password' }),
    );
    const error = await client.login().catch((e) => e);
    expect(error).toMatchObject({ kind: 'config', code: 'kingdee.login_failed' });
    expect(error.message).not.toContain('wrong-password');
  });

  it('a bad app secret is a config error, in every app mode', async () => {
    const c = sim.credentials;
    for (const method of ['appSecret', 'sign'] as const) {
      const client = new KingdeeClient(
        connection({ method, username: c.user, appId: c.appId, appSecret: 'not-the-secret' }),
      );
      expect(await client.login().catch((e) => e), method).toMatchObject({ kind: 'config' });
    }
    const signature = new KingdeeClient(
      connection({ method: 'signature', username: c.user, appId: c.appId, appSecret: 'not-the-secret', orgNum: '0' }),
    );
    expect(
      await signature.executeBillQuery({ formId: 'BD_Currency', fieldKeys: 'FCODE' }).catch((e) => e),
    ).toMatchObject({ name: 'KingdeeError' });
  });

  it('lists data centres without login', async () => {
    const list = await new KingdeeClient(connection()).getDataCenterList();
    expect(list.map((d) => d.Id)).toContain(sim.credentials.acctId);
  });
});

describe('KingdeeClient against the simulator: streaming', () => {
  it('streams ~20,000 order lines in pages, each once, keyed by the requested FieldKeys', async () => {
    const before = sim.stats().calls;
    const rows = await allLines();
    expect(rows.length).toBeGreaterThanOrEqual(18_000);
    const ids = new Set(rows.map((r) => r.FSaleOrderEntry_FEntryID));
    expect(ids.size).toBe(rows.length);
    expect(Object.keys(rows[0]!)).toEqual(lineKeys);
    expect(rows[0]!['FCustId.FNumber']).toMatch(/^CUST\d{4}$/);
    // Same rows as one unpaged read (Limit 0), in the same order.
    const client = new KingdeeClient(connection());
    const oneShot = await client.executeBillQuery({
      ...lineQuery,
      orderString: 'FID ASC,FSaleOrderEntry_FEntryID ASC',
      limit: 0,
    });
    expect(oneShot.map((r) => r[5])).toEqual(rows.map((r) => r.FSaleOrderEntry_FEntryID));
    const pages = sim.stats().calls as Record<string, number>;
    const queryCalls = Object.entries(pages)
      .filter(([k]) => /ExecuteBillQuery/i.test(k))
      .reduce((n, [, v]) => n + Number(v), 0);
    const queryCallsBefore = Object.entries(before)
      .filter(([k]) => /ExecuteBillQuery/i.test(k))
      .reduce((n, [, v]) => n + v, 0);
    expect(queryCalls - queryCallsBefore).toBeGreaterThanOrEqual(Math.ceil(rows.length / 2_000));
  });

  it('filters by FModifyDate and FDocumentStatus like an unfiltered read filtered here', async () => {
    const rows = await allLines();
    const dates = rows.map((r) => String(r.FModifyDate)).sort();
    const since = dates[Math.floor(dates.length / 2)]!.slice(0, 19);
    const client = new KingdeeClient(connection());
    const filtered = await collect(
      client,
      { ...lineQuery, filterString: `FModifyDate >= '${since}' AND FDocumentStatus = 'C'` },
      1_000,
    );
    const expected = rows
      .filter((r) => String(r.FModifyDate) >= since && r.FDocumentStatus === 'C')
      .map((r) => r.FSaleOrderEntry_FEntryID);
    expect(expected.length).toBeGreaterThan(1_000);
    expect(filtered.map((r) => r.FSaleOrderEntry_FEntryID)).toEqual(expected);
  });

  it('survives session expiry mid-stream without losing or repeating a row', async () => {
    const rows = await allLines();
    const client = new KingdeeClient(connection());
    await client.login();
    sim.setFaults({ sessionExpiryEveryNCalls: 3 });
    const again = await collect(client, lineQuery);
    expect(client.loginCount).toBeGreaterThanOrEqual(3);
    expect(again.map((r) => r.FSaleOrderEntry_FEntryID)).toEqual(rows.map((r) => r.FSaleOrderEntry_FEntryID));
  });

  it('retries transient page failures when asked, still exactly once per row', async () => {
    const rows = await allLines();
    const client = new KingdeeClient(connection());
    await client.login();
    sim.setFaults({ proxy502EveryNCalls: 3, truncateEveryNCalls: 4 });
    const retry = { budgetMs: 60_000, initialDelayMs: 1, multiplier: 1, maxDelayMs: 5, jitter: 0 };
    const again: unknown[] = [];
    for await (const page of client.streamBillQueryPages(lineQuery, { pageSize: 2_000, retry }))
      again.push(...page.map((r) => r.FSaleOrderEntry_FEntryID));
    expect(again).toEqual(rows.map((r) => r.FSaleOrderEntry_FEntryID));
  });
});

describe('KingdeeClient against the simulator: error classes', () => {
  const read = async (
    fault: Parameters<KingdeeSimulator['setFaults']>[0],
    query: Record<string, unknown> = {},
    extra: Partial<KingdeeConnectionInput> = {},
  ) => {
    const client = new KingdeeClient(connection(undefined, extra));
    await client.login();
    sim.setFaults(fault);
    return client.executeBillQuery({ ...lineQuery, limit: 10, ...query }).catch((e) => e);
  };

  it('MsgCode 4 unknown form → config', async () => {
    expect(await read({}, { formId: 'SAL_NoSuchForm' })).toMatchObject({
      kind: 'config',
      code: 'kingdee.unknown_form',
      msgCode: 4,
    });
  });

  it('MsgCode 9 unknown field → config', async () => {
    expect(await read({}, { fieldKeys: ['FID', 'FNoSuchField'] })).toMatchObject({
      kind: 'config',
      code: 'kingdee.unknown_field',
      msgCode: 9,
    });
  });

  it('MsgCode 14 call limit → rate_limited', async () => {
    expect(await read({ callLimitEveryNCalls: 1 })).toMatchObject({
      kind: 'rate_limited',
      code: 'kingdee.call_limit',
      msgCode: 14,
    });
  });

  it('MsgCode 13 network-control conflict → transient', async () => {
    expect(await read({ networkConflictEveryNCalls: 1 })).toMatchObject({
      kind: 'transient',
      code: 'kingdee.network_control_conflict',
      msgCode: 13,
    });
  });

  it('HTTP 502 → transient', async () => {
    expect(await read({ proxy502EveryNCalls: 1 })).toMatchObject({
      kind: 'transient',
      code: 'kingdee.http_5xx',
      httpStatus: 502,
    });
  });

  it('truncated body → transient', async () => {
    expect(await read({ truncateEveryNCalls: 1 })).toMatchObject({ kind: 'transient', code: 'kingdee.bad_body' });
  });

  it('slow reply → transient timeout', async () => {
    expect(await read({ slowMs: 400 }, {}, { timeoutMs: 100 })).toMatchObject({
      kind: 'transient',
      code: 'kingdee.timeout',
    });
  });
});
