import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKingdeeSimulator, type KingdeeSimulator } from './kingdee-simulator.js';
import { FORM, login, post } from './kingdee-sim.test-helpers.js';

let sim: KingdeeSimulator;
let session: Record<string, string>;
const q = { data: { FormId: 'BD_Currency', FieldKeys: 'FCODE', FilterString: "FNUMBER='PRE001'" } };
const run = () => post(sim, `${FORM}ExecuteBillQuery`, q, session);
const msgCode = (json: any) => json?.[0]?.[0]?.Result?.ResponseStatus?.MsgCode;

beforeAll(async () => {
  sim = await startKingdeeSimulator({ orders: 5 });
});
beforeEach(async () => {
  sim.setFaults({});
  session = await login(sim);
});
afterAll(() => sim.close());

describe('fault switches (deterministic every-Nth counters)', () => {
  it('sessionExpiryEveryNCalls loses the session on every Nth authenticated call, for good', async () => {
    sim.setFaults({ sessionExpiryEveryNCalls: 3 });
    expect((await run()).json).toEqual([['CNY']]);
    expect((await run()).json).toEqual([['CNY']]);
    const third = await run();
    expect(third.json[0][0].Result.ResponseStatus).toMatchObject({
      MsgCode: 1,
      Errors: [{ Message: '会话信息已丢失，请重新登录' }],
    });
    expect(msgCode((await run()).json)).toBe(1); // the session is really gone
    session = await login(sim);
    expect((await run()).json).toEqual([['CNY']]);
  });

  it('callLimitEveryNCalls answers MsgCode 14 on every Nth business call', async () => {
    sim.setFaults({ callLimitEveryNCalls: 2 });
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push(msgCode((await run()).json) ?? 'ok');
    expect(codes).toEqual(['ok', 14, 'ok', 14, 'ok', 14]);
    const save = await post(
      sim,
      `${FORM}Save`,
      { formid: 'BD_Customer', data: { Model: { FNumber: 'C-X', FName: 'x' } } },
      session,
    );
    const save2 = await post(
      sim,
      `${FORM}Save`,
      { formid: 'BD_Customer', data: { Model: { FNumber: 'C-Y', FName: 'y' } } },
      session,
    );
    expect([save.json.Result.ResponseStatus.MsgCode, save2.json.Result.ResponseStatus.MsgCode]).toEqual([0, 14]); // plain envelope outside queries
  });

  it('networkConflictEveryNCalls answers MsgCode 13 with a 网控 conflict message', async () => {
    sim.setFaults({ networkConflictEveryNCalls: 1 });
    const reply = await post(
      sim,
      `${FORM}Audit`,
      { formid: 'SAL_SaleOrder', data: { Numbers: ['XSDD000002'] } },
      session,
    );
    expect(reply.json.Result.ResponseStatus).toMatchObject({
      IsSuccess: false,
      MsgCode: 13,
      Errors: [{ Message: expect.stringContaining('冲突，请稍候再使用') }],
    });
    expect(reply.json.Result.ResponseStatus.Errors[0].Message).toContain('XSDD000002');
  });

  it('proxy502EveryNCalls answers HTTP 502 with an nginx HTML body on any call', async () => {
    sim.setFaults({ proxy502EveryNCalls: 2 });
    const first = await run();
    const second = await run();
    expect(first.status).toBe(200);
    expect(second.status).toBe(502);
    expect(second.headers.get('content-type')).toContain('text/html');
    expect(second.text).toContain('<center>nginx</center>');
  });

  it('truncateEveryNCalls cuts the JSON body mid-way with HTTP 200', async () => {
    sim.setFaults({ truncateEveryNCalls: 1 });
    const reply = await post(
      sim,
      `${FORM}ExecuteBillQuery`,
      { data: { FormId: 'BD_Currency', FieldKeys: 'FNumber,FName,FCODE' } },
      session,
    );
    expect(reply.status).toBe(200);
    expect(reply.json).toBeUndefined();
    expect(reply.text.startsWith('[["PRE001"')).toBe(true);
    sim.setFaults({});
    const whole = await post(
      sim,
      `${FORM}ExecuteBillQuery`,
      { data: { FormId: 'BD_Currency', FieldKeys: 'FNumber,FName,FCODE' } },
      session,
    );
    expect(whole.text.startsWith(reply.text)).toBe(true);
    expect(reply.text.length).toBeLessThan(whole.text.length);
  });

  it('outageNextNCalls fails exactly the next N calls with a proxy 502, then serves again', async () => {
    sim.setFaults({ outageNextNCalls: 3 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await run()).status);
    expect(statuses).toEqual([502, 502, 502, 200, 200]);
    expect((await run()).json).toEqual([['CNY']]);
  });

  it('slowMs delays every reply', async () => {
    sim.setFaults({ slowMs: 250 });
    const started = Date.now();
    expect((await run()).json).toEqual([['CNY']]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('POST /__admin/faults sets faults (restarting counters), rejects unknown ones, and stats count calls', async () => {
    const origin = sim.url.replace(/\/k3cloud\/$/, '');
    const set = await fetch(`${origin}/__admin/faults`, {
      method: 'POST',
      body: JSON.stringify({ callLimitEveryNCalls: 1 }),
    });
    expect(await set.json()).toEqual({ faults: { callLimitEveryNCalls: 1 } });
    expect(msgCode((await run()).json)).toBe(14);
    expect(
      (await fetch(`${origin}/__admin/faults`, { method: 'POST', body: JSON.stringify({ meteorEveryNCalls: 1 }) }))
        .status,
    ).toBe(400);
    await fetch(`${origin}/__admin/faults`, { method: 'POST', body: '{}' });
    expect((await run()).json).toEqual([['CNY']]);
    const stats = (await (await fetch(`${origin}/__admin/stats`)).json()) as {
      calls: Record<string, number>;
      logins: number;
      rowsServed: number;
    };
    expect(stats.calls.ExecuteBillQuery).toBeGreaterThan(5);
    expect(stats.logins).toBeGreaterThanOrEqual(7);
    expect(stats).toEqual(sim.stats());
    expect(await (await fetch(`${origin}/__admin/health`)).json()).toEqual({ ok: true, orders: 5 });
  });
});
