import { afterEach, describe, expect, it } from 'vitest';
import { FLAG_FIELD, openSim, type SimHandle } from './sim-test-kit.js';

const handles: SimHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.sim.close()));
});
async function open(...args: Parameters<typeof openSim>): Promise<SimHandle> {
  const h = await openSim(...args);
  handles.push(h);
  return h;
}
const order = (no: string) => ({ order_no: no, currency: 'CNY', [FLAG_FIELD]: 'x' });

describe('OKKI simulator fault switches', () => {
  it('revokes the token early after N authenticated calls', async () => {
    const h = await open({ faults: { revokeTokenAfterNCalls: 3 } });
    for (let i = 0; i < 3; i++) expect((await h.get('/v1/user/list')).status).toBe(200);
    const rejected = await h.get('/v1/user/list');
    expect(rejected.status).toBe(401);
    expect(rejected.body).toMatchObject({ error: 'access_denied', hint: 'Access token has been revoked' });
    const fresh = await h.requestToken();
    expect(fresh.body.access_token).not.toBe(h.token);
    h.token = fresh.body.access_token;
    expect((await h.get('/v1/user/list')).status).toBe(200);
  });

  it('answers 429 with Retry-After above the per-second rate', async () => {
    const h = await open();
    h.sim.setFaults({ rateLimitPerSecond: 5 });
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${h.sim.url}/v1/user/list`, { headers: { authorization: `Bearer ${h.token}` } }),
      ),
    );
    const limited = replies.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(10);
    expect(limited[0]!.headers.get('retry-after')).toBe('1');
    expect(await limited[0]!.json()).toMatchObject({
      code: 429,
      message: expect.stringContaining('Too Many Requests'),
    });
    expect(h.sim.stats().rateLimited).toBe(limited.length);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await h.get('/v1/user/list')).status).toBe(200);
  });

  it('answers 500/502/503 in turn on every Nth business call without committing', async () => {
    const h = await open({ faults: { error5xxEveryNCalls: 2 } });
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) {
      const res = await fetch(`${h.sim.url}/v1/invoices/order/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(order(`F-${i}`)),
      });
      statuses.push(res.status);
      if (res.status === 500) expect(await res.json()).toMatchObject({ code: 500 });
      if (res.status === 502) expect(await res.text()).toContain('Bad Gateway');
    }
    expect(statuses).toEqual([200, 500, 200, 502, 200, 503]);
    expect(
      h.sim
        .dumpOrders()
        .map((o: any) => o.order_no)
        .sort(),
    ).toEqual(['F-1', 'F-3', 'F-5']);
  });

  it('delays every reply by slowMs', async () => {
    const h = await open();
    h.sim.setFaults({ slowMs: 250 });
    const started = Date.now();
    expect((await h.get('/v1/user/departmentList')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('commits every Nth push but never replies, then drops the connection', async () => {
    const h = await open({ faults: { commitThenTimeoutEveryNPushes: 2, hangMs: 300 } });
    expect((await h.post('/v1/invoices/order/push', order('H-1'))).status).toBe(200);
    const started = Date.now();
    await expect(h.post('/v1/invoices/order/push', order('H-2'))).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(h.sim.dumpOrders().map((o: any) => o.order_no)).toContain('H-2');
    // A client giving up earlier sees a timeout while the order is already saved.
    h.sim.setFaults({ commitThenTimeoutEveryNPushes: 1, hangMs: 30_000 });
    const res = fetch(`${h.sim.url}/v1/invoices/order/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(order('H-3')),
      signal: AbortSignal.timeout(200),
    });
    await expect(res).rejects.toThrow();
    expect(h.sim.dumpOrders().map((o: any) => o.order_no)).toContain('H-3');
    expect(h.sim.stats().pushes).toBe(3);
  });

  it('commits every Nth push, then answers 500/502/503 in turn; reads and refused pushes do not count', async () => {
    const h = await open();
    const set = await fetch(`${h.sim.url}/__admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ commitThen5xxEveryNPushes: 2 }),
    });
    expect(await set.json()).toEqual({ commitThen5xxEveryNPushes: 2 });
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) {
      const res = await fetch(`${h.sim.url}/v1/invoices/order/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(order(`C-${i}`)),
      });
      statuses.push(res.status);
      if (res.status === 500) expect(await res.json()).toMatchObject({ code: 500 });
      if (res.status === 502) expect(await res.text()).toContain('Bad Gateway');
      expect((await h.get('/v1/user/list')).status).toBe(200);
      // A push OKKI refuses (no currency) saves nothing and is not counted.
      expect((await h.post('/v1/invoices/order/push', { order_no: `R-${i}` })).status).toBe(400);
    }
    expect(statuses).toEqual([200, 500, 200, 502, 200, 503]);
    // Every push was saved, the failed ones included.
    expect(
      h.sim
        .dumpOrders()
        .map((o: any) => o.order_no)
        .sort(),
    ).toEqual(['C-1', 'C-2', 'C-3', 'C-4', 'C-5', 'C-6']);
  });

  it('exposes admin routes: faults, orders dump, stats, health', async () => {
    const h = await open();
    const set = await fetch(`${h.sim.url}/__admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error5xxEveryNCalls: 1 }),
    });
    expect(await set.json()).toEqual({ error5xxEveryNCalls: 1 });
    expect((await h.get('/v1/user/list')).status).toBe(500);
    const bad = await fetch(`${h.sim.url}/__admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ slowMs: -1 }),
    });
    expect(bad.status).toBe(400);
    await fetch(`${h.sim.url}/__admin/faults`, { method: 'POST', body: '{}' });
    await h.post('/v1/invoices/order/push', order('A-1'));
    const dump = await (await fetch(`${h.sim.url}/__admin/orders`)).json();
    expect(dump.map((o: any) => o.order_no)).toEqual(['A-1']);
    expect(dump[0].product_list).toEqual([]);
    const stats = await (await fetch(`${h.sim.url}/__admin/stats`)).json();
    expect(stats.calls['POST /v1/invoices/order/push']).toBe(1);
    expect(stats.tokenRequests).toBe(1);
    expect(await (await fetch(`${h.sim.url}/__admin/health`)).json()).toMatchObject({ ok: true, seed: 1, orders: 1 });
  });
});

describe('OKKI simulator determinism', () => {
  async function snapshot(seed: number) {
    const h = await open({ seed });
    const a = await h.sku('1.01.005');
    const pushed = await h.post('/v1/invoices/order/push', {
      ...order('D-1'),
      product_list: [{ ...a, count: 1, unit_price: 1, cost_amount: 1 }],
    });
    return {
      fields: (await h.get('/v1/invoices/order/fields')).body.data,
      users: (await h.get('/v1/user/list')).body.data,
      companies: (await h.get('/v1/company/list?count=100')).body.data,
      product: (await h.get('/v1/product/info?product_no=1.01.005')).body.data,
      enums: (await h.get('/v1/invoices/order/orderEnums')).body.data.order_status_list,
      push: pushed.body.data,
    };
  }

  it('builds the same tenant and ids under the same seed, different ones under another', async () => {
    const [one, two, other] = [await snapshot(7), await snapshot(7), await snapshot(8)];
    expect(two).toEqual(one);
    expect(other.push.order_id).not.toBe(one.push.order_id);
    expect(other.users.map((u: any) => u.user_id)).not.toEqual(one.users.map((u: any) => u.user_id));
    expect(one.fields.find((f: any) => f.name === '金蝶标识状态').id).toBe(FLAG_FIELD);
  });
});
