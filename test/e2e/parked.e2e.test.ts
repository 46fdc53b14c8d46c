import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertManager } from '../../src/app/alerts/alert-manager.js';
import { alertsConfigSchema } from '../../src/app/alerts/alert-rules.schema.js';
import { startDemoEnvironment, type DemoEnvironment } from '../../src/app/demo.js';
import { KingdeeClient } from '../../src/connectors/kingdee/index.js';
import { startWebhookReceiver } from '../../src/testing/webhook-receiver.js';
import { readKingdeeOrders, type KingdeeOrder } from './support/e2e-data.js';

const FLAGSHIP = 'kingdee-sales-orders-to-okki';
const CUSTOMERS = 'kingdee-customers-to-okki';
const DAY_MS = 86_400_000;

type OkkiOrder = { order_no: string; company?: { serial_id?: string }; product_list: unknown[] };

/**
 * Orders parked on a customer that is disabled (禁用) in Kingdee: they wait, counted and visible;
 * re-enabling (反禁用) the customer — which moves no date the customers scheme's cursor watches —
 * brings them into OKKI in the next runs with no manual step; a customer that stays disabled makes
 * its orders dead once they have waited the flagship's parkedLimit (7 d, reached by moving qiao's
 * clock), and the documents_dead alert goes out. Everything is checked in the simulators' own state
 * and at a real webhook receiver.
 */
describe('parked orders: a re-enabled customer wakes them, a disabled one makes them dead after parkedLimit', () => {
  let env: DemoEnvironment;
  let kingdee: KingdeeClient;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let alerts: AlertManager;
  let clockOffsetMs = 0;
  /** Audited orders (what the flagship reads) by customer number. */
  const ordersOf = new Map<string, KingdeeOrder[]>();
  let reEnabled: string;
  let stillDisabled: string;

  const okkiOrders = () => new Map((env.okki.dumpOrders() as OkkiOrder[]).map((o) => [o.order_no, o]));
  const forbidState = async (number: string) =>
    (
      await kingdee.billQuery({
        formId: 'BD_Customer',
        fieldKeys: ['FForbidStatus', 'FModifyDate'],
        filterString: `FNumber = '${number}'`,
      })
    )[0];

  beforeAll(async () => {
    env = await startDemoEnvironment({
      orders: 40,
      seed: 21,
      logLevel: 'error',
      now: () => new Date(Date.now() + clockOffsetMs),
    });
    const c = env.kingdee.credentials;
    kingdee = new KingdeeClient({
      type: 'kingdee',
      baseUrl: env.kingdeeUrl,
      acctId: c.acctId,
      auth: { method: 'password', username: c.user, password: c.password },
    });
    receiver = await startWebhookReceiver();
    alerts = new AlertManager({
      engine: env.engine,
      rules: alertsConfigSchema.parse([
        {
          id: 'dead-orders',
          type: 'documents_dead',
          scheme: FLAGSHIP,
          channels: [{ type: 'webhook', url: receiver.url }],
        },
      ]),
      evaluateIntervalMs: 3_600_000,
    });
    alerts.start();
    for (const order of (await readKingdeeOrders(env)).values()) {
      if (order.status !== 'C') continue;
      ordersOf.set(order.customer, [...(ordersOf.get(order.customer) ?? []), order]);
    }
    // The two customers with the most audited orders (ties by number, so the pick is deterministic).
    const ranked = [...ordersOf].sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : 1));
    [reEnabled, stillDisabled] = [ranked[0]![0], ranked[1]![0]];
  }, 30_000);

  afterAll(async () => {
    await alerts?.stop();
    await env?.close();
    await receiver?.close();
    await kingdee?.logout().catch(() => undefined);
  });

  it('parks the orders of customers disabled before the first sync, counting and showing their wait', async () => {
    const forbid = await kingdee.executeOperation('BD_Customer', 'Forbid', { Numbers: [reEnabled, stillDisabled] });
    expect(forbid.successEntities.map((e) => e.number).sort()).toEqual([reEnabled, stillDisabled].sort());

    for (const run of await env.runAll()) expect(run.status, run.schemeId).not.toBe('failed');
    const inOkki = okkiOrders();
    const waiting = [...ordersOf.get(reEnabled)!, ...ordersOf.get(stillDisabled)!].map((o) => o.billNo);
    for (const billNo of waiting) expect(inOkki.has(billNo), billNo).toBe(false);
    // Every other audited order arrived: only the disabled customers' orders wait.
    const others = [...ordersOf].filter(([customer]) => customer !== reEnabled && customer !== stillDisabled);
    for (const [, orders] of others) for (const o of orders) expect(inOkki.has(o.billNo), o.billNo).toBe(true);

    const { records } = await env.engine.ledger.listRecords({ schemeId: FLAGSHIP, status: 'parked' });
    expect(records.map((r) => r.key).sort()).toEqual([...waiting].sort());
    for (const record of records) {
      const customer = ordersOf.get(reEnabled)!.some((o) => o.billNo === record.key) ? reEnabled : stillDisabled;
      expect(record).toMatchObject({
        parkCount: 1,
        parkedSince: expect.any(String),
        lastError: { kind: 'lookup_missing', details: { lookupScheme: CUSTOMERS, lookupKey: customer } },
      });
    }
  });

  it('syncs a customer re-enabled through the WebAPI, and its parked orders arrive in OKKI with no manual step', async () => {
    const before = await forbidState(reEnabled);
    const enable = await kingdee.executeOperation('BD_Customer', 'Enable', { Numbers: [reEnabled] });
    expect(enable.successEntities).toHaveLength(1);
    // What makes this hard: 反禁用 moves no date the customers scheme's cursor watches.
    expect(await forbidState(reEnabled)).toEqual({ FForbidStatus: 'A', FModifyDate: before?.FModifyDate });

    for (const run of await env.runAll()) expect(run.status, run.schemeId).not.toBe('failed');
    expect(await env.engine.ledger.getRecord(CUSTOMERS, reEnabled)).toMatchObject({ status: 'succeeded' });
    const inOkki = okkiOrders();
    for (const order of ordersOf.get(reEnabled)!) {
      const pushed = inOkki.get(order.billNo);
      expect(pushed, order.billNo).toBeDefined();
      expect(pushed!.company?.serial_id).toBe(reEnabled); // OKKI links the order to the re-enabled customer
      expect(pushed!.product_list).toHaveLength(order.lines.length);
    }
    // The customer that stays disabled keeps its orders waiting (re-checked, counted, not dead yet).
    for (const order of ordersOf.get(stillDisabled)!) {
      expect(inOkki.has(order.billNo), order.billNo).toBe(false);
      const record = await env.engine.ledger.getRecord(FLAGSHIP, order.billNo);
      expect(record).toMatchObject({ status: 'parked', parkCount: 2 });
    }
    expect(receiver.requests).toEqual([]);
  });

  it('makes an order dead once it has waited parkedLimit, and the documents_dead alert reaches the webhook', async () => {
    clockOffsetMs = 8 * DAY_MS; // past the flagship's parkedLimit of 7d, without waiting for it
    const run = await env.engine.runNow(FLAGSHIP, 'cli');
    expect(run.status).toBe('partial');
    await alerts.idle();

    const waited = ordersOf.get(stillDisabled)!.map((o) => o.billNo);
    for (const billNo of waited) {
      const record = await env.engine.ledger.getRecord(FLAGSHIP, billNo);
      expect(record, billNo).toMatchObject({
        status: 'dead',
        parkCount: 2,
        lastError: {
          code: 'runtime.parked_too_long',
          kind: 'lookup_missing',
          details: { lookupScheme: CUSTOMERS, lookupKey: stillDisabled },
        },
      });
      expect(okkiOrders().has(billNo)).toBe(false);
    }
    const fired = receiver.requests.map(
      (r) => r.body as { state: string; ruleType: string; schemeId: string; text: string },
    );
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ state: 'firing', ruleType: 'documents_dead', schemeId: FLAGSHIP });
    // It fires with the first order that died, naming it and why.
    expect(fired[0]!.text).toMatch(/死信 Dead: \*\*\d+\*\*/);
    const named =
      /例 Example `([^`]+)`: `runtime\.parked_too_long` Gave up after waiting 8 d for scheme (\S+) to sync "([^"]+)"/.exec(
        fired[0]!.text,
      );
    expect(named?.slice(1)).toEqual([expect.any(String), CUSTOMERS, stillDisabled]);
    expect(waited).toContain(named?.[1]);
    const counts = (await env.engine.ledger.countByStatus(FLAGSHIP))[0]!.counts;
    expect(counts.dead).toBe(waited.length);
  });
});
