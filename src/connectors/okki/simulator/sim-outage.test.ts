import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { networkErrorCode } from '../../../core/network-error-code.js';
import { FLAG_FIELD, openSim, type SimHandle } from './sim-test-kit.js';

let h: SimHandle;
beforeEach(async () => {
  h = await openSim();
});
afterEach(async () => h.sim.close());

describe('OKKI simulator outage switch', () => {
  it('goOffline refuses connections on the same port until goOnline; the tenant and the token survive', async () => {
    const pushed = await h.post('/v1/invoices/order/push', {
      order_no: 'SO-1',
      currency: 'CNY',
      [FLAG_FIELD]: '已同步',
    });
    expect(pushed.status).toBe(200);

    await h.sim.goOffline();
    const call = () => h.get('/v1/invoices/order/info?order_no=SO-1').catch((error: unknown) => error);
    // A kept-alive connection was dropped (the first call may fail on it); a new one is refused.
    const first = await call();
    expect(['UND_ERR_SOCKET', 'ECONNRESET', 'ECONNREFUSED']).toContain(networkErrorCode(first));
    expect(networkErrorCode(await call())).toBe('ECONNREFUSED');
    await h.sim.goOffline(); // already offline: nothing to do

    await h.sim.goOnline();
    expect(new URL(h.sim.url).port).toBe(String(h.sim.port));
    const back = await h.get('/v1/invoices/order/info?order_no=SO-1');
    expect(back.status).toBe(200);
    expect(back.body.data.order_no).toBe('SO-1');
    expect(h.sim.dumpOrders()).toHaveLength(1);
  });
});
