import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKingdeeSimulator, type KingdeeSimulator } from './kingdee-simulator.js';
import { AUTH, FORM, login, post } from './kingdee-sim.test-helpers.js';

/** The reference's synthetic test vectors (§2.5, §2.6), computed here from the algorithm, not from the simulator's code. */
const V = {
  acctId: 'acct1',
  user: 'user1',
  appId: '123456_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX',
  appSecret: '0123456789abcdef0123456789abcdef',
  ts: 1_700_000_000,
};
const b64hexHmac = (key: string | Buffer, msg: string) =>
  Buffer.from(createHmac('sha256', key).update(msg).digest('hex')).toString('base64');
const sortedSign = (parts: string[]) =>
  createHash('sha256')
    .update([...parts].sort().join(''))
    .digest('hex');
const currencyQuery = { data: { FormId: 'BD_Currency', FieldKeys: 'FCODE', FilterString: " FNUMBER='PRE001' " } };

let sim: KingdeeSimulator;
let clock = Date.now();
beforeAll(async () => {
  sim = await startKingdeeSimulator({ orders: 5, sessionIdleMs: 60_000, lockoutAfter: 3, now: () => clock });
});
afterAll(() => sim.close());

describe('sessions', () => {
  it('GetDataCenterList works without login', async () => {
    const reply = await post(
      sim,
      'Kingdee.BOS.ServiceFacade.ServicesStub.Account.AccountService.GetDataCenterList',
      {},
    );
    expect(reply.json).toEqual([
      expect.objectContaining({ Id: sim.credentials.acctId, AuthenticationMethods: expect.any(Array) }),
    ]);
  });

  it('a business call without a session is MsgCode 1, wrapped [[…]] for ExecuteBillQuery', async () => {
    const reply = await post(sim, `${FORM}ExecuteBillQuery`, currencyQuery);
    expect(reply.status).toBe(200);
    expect(reply.json[0][0].Result.ResponseStatus).toMatchObject({
      IsSuccess: false,
      ErrorCode: 500,
      MsgCode: 1,
      Errors: [{ Message: '会话信息已丢失，请重新登录' }],
    });
    const view = await post(sim, `${FORM}View`, { formid: 'SAL_SaleOrder', data: { Number: 'XSDD000001' } });
    expect(view.json).toEqual({ Result: {} });
  });

  it('ValidateUser answers a real-shaped LoginResult and sets kdservice-sessionid and ASP.NET_SessionId cookies', async () => {
    const c = sim.credentials;
    const reply = await post(sim, `${AUTH}ValidateUser`, {
      acctID: c.acctId,
      userName: c.user,
      password: c.password,
      lcid: c.lcid,
    });
    expect(reply.json).toMatchObject({
      LoginResultType: 1,
      IsSuccessByAPI: true,
      Lcid: 2052,
      Context: { DBid: c.acctId, UserName: c.user, UserId: expect.any(Number), UserLocale: 'zh-CN' },
    });
    const sid = reply.json.KDSVCSessionId as string;
    const cookies = reply.headers.getSetCookie();
    expect(cookies).toContain(`kdservice-sessionid=${sid}; path=/`);
    expect(cookies.some((v) => v.startsWith('ASP.NET_SessionId='))).toBe(true);
    // the cookie alone, the header alone and the Java SDK's SID header all carry the session
    const cookieHeader = cookies.map((v) => v.split(';')[0]).join('; ');
    const carriers: Array<Record<string, string>> = [
      { cookie: `Theme=standard; ${cookieHeader}` },
      { 'kdservice-sessionid': sid },
      { SID: sid },
    ];
    for (const headers of carriers) {
      expect((await post(sim, `${FORM}ExecuteBillQuery`, currencyQuery, headers)).json).toEqual([['CNY']]);
    }
  });

  it('sessions expire after the idle time and Logout ends them', async () => {
    const session = await login(sim);
    clock += 59_000;
    expect((await post(sim, `${FORM}ExecuteBillQuery`, currencyQuery, session)).json).toEqual([['CNY']]);
    clock += 59_000; // sliding: still alive because the last call renewed it
    expect((await post(sim, `${FORM}ExecuteBillQuery`, currencyQuery, session)).json).toEqual([['CNY']]);
    clock += 61_000;
    expect(
      (await post(sim, `${FORM}ExecuteBillQuery`, currencyQuery, session)).json[0][0].Result.ResponseStatus.MsgCode,
    ).toBe(1);
    const again = await login(sim);
    expect((await post(sim, `${AUTH}Logout`, {}, again)).json).toBe(true);
    expect(
      (await post(sim, `${FORM}ExecuteBillQuery`, currencyQuery, again)).json[0][0].Result.ResponseStatus.MsgCode,
    ).toBe(1);
  });

  it('wrong passwords answer LoginResultType 0 and lock the user after repeated failures', async () => {
    const c = sim.credentials;
    const attempt = (password: string) =>
      post(sim, `${AUTH}ValidateUser`, { parameters: [c.acctId, c.user, password, c.lcid] });
    for (let i = 0; i < 3; i++)
      expect((await attempt('nope')).json).toMatchObject({
        LoginResultType: 0,
        IsSuccessByAPI: false,
        KDSVCSessionId: null,
      });
    const locked = await attempt(c.password);
    expect(locked.json.LoginResultType).not.toBe(1);
    expect(locked.json.Message).toContain('次数超限');
    expect(locked.text).not.toContain(c.password);
    clock += 31 * 60_000;
    expect((await attempt(c.password)).json.LoginResultType).toBe(1);
  });

  it('an unknown data centre fails the login', async () => {
    const c = sim.credentials;
    expect(
      (await post(sim, `${AUTH}ValidateUser`, { acctid: 'other', username: c.user, password: c.password, lcid: 2052 }))
        .json.LoginResultType,
    ).toBe(-1);
  });

  it('LoginByAppSecret in named and positional form; a wrong secret answers MessageCode 002005000003016', async () => {
    const c = sim.credentials;
    expect(
      (
        await post(sim, `${AUTH}LoginByAppSecret`, {
          acctId: c.acctId,
          username: c.user,
          appId: c.appId,
          appSecret: c.appSecret,
          lcid: c.lcid,
        })
      ).json.LoginResultType,
    ).toBe(1);
    expect(
      (await post(sim, `${AUTH}LoginByAppSecret`, { parameters: [c.acctId, c.user, c.appId, c.appSecret, c.lcid] }))
        .json.LoginResultType,
    ).toBe(1);
    const bad = await post(sim, `${AUTH}LoginByAppSecret`, {
      parameters: [c.acctId, c.user, c.appId, 'wrong', c.lcid],
    });
    expect(bad.json).toMatchObject({ LoginResultType: -1, MessageCode: '002005000003016', KDSVCSessionId: null });
  });
});

describe('signatures (reference test vectors)', () => {
  let vsim: KingdeeSimulator;
  beforeAll(async () => {
    vsim = await startKingdeeSimulator({
      orders: 1,
      acctId: V.acctId,
      user: V.user,
      appId: V.appId,
      appSecret: V.appSecret,
      now: () => V.ts * 1000 + 5_000,
      auth: { verifyApiSignature: true },
    });
  });
  afterAll(() => vsim.close());

  it('LoginBySign verifies sha256 of the sorted parameters, inside a timestamp window', async () => {
    const sign = sortedSign([V.acctId, V.user, V.appId, V.appSecret, String(V.ts)]);
    expect(sign).toBe('720f3b066bbc7c3d3371568a6426453f7186d7356fa8289b4e2157cff7aad920');
    const ok = await post(vsim, `${AUTH}LoginBySign`, { parameters: [V.acctId, V.user, V.appId, V.ts, sign, 2052] });
    expect(ok.json.LoginResultType).toBe(1);
    expect(ok.json.KDSVCSessionId).toMatch(/^[0-9a-f]{32}$/);
    const tampered = await post(vsim, `${AUTH}LoginBySign`, {
      parameters: [V.acctId, V.user, V.appId, V.ts, sign.replace(/^7/, '8'), 2052],
    });
    expect(tampered.json).toMatchObject({ LoginResultType: -1, MessageCode: '002005000003016' });
    const stale = V.ts - 3600;
    const old = await post(vsim, `${AUTH}LoginBySign`, {
      parameters: [
        V.acctId,
        V.user,
        V.appId,
        String(stale),
        sortedSign([V.acctId, V.user, V.appId, V.appSecret, String(stale)]),
        '2052',
      ],
    });
    expect(old.json.LoginResultType).toBe(-1);
  });

  it('login-less X-Kd-* (+ X-Api-*) signature headers authenticate a call and issue a session cookie', async () => {
    const appData = `${V.acctId},${V.user},2052,0`;
    const kdSignature = b64hexHmac(V.appSecret, V.appId + appData);
    expect(kdSignature).toBe(
      'ZDdlZGU0YTE0OWRhMTg2NzgzNDUzNTUwNWEzYzI2YzU4NTZkYzI2NWI3ZDUwNTFkMDI0NzA0NTRhMDY1OGUzOQ==',
    );
    const key = Buffer.from('0054f397c6234378b09ca7d3e5debce7');
    const clientSecret = Buffer.from(Buffer.from(V.appId.split('_')[1]!, 'base64').map((b, i) => b ^ key[i]!)).toString(
      'base64',
    );
    expect(clientSecret).toBe('MDE3N2I2PzBrPzg4OD45N3IhK3B1InIk');
    const path = '/k3cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExecuteBillQuery.common.kdsvc';
    const apiSignature = b64hexHmac(
      clientSecret,
      `POST\n${path.replace(/\//g, '%2F')}\n\nx-api-nonce:${V.ts}\nx-api-timestamp:${V.ts}\n`,
    );
    expect(apiSignature).toBe(
      'N2M1YmZlZTUyZjc5YTRjMzU0MjkxMWVjODQ0YWEwZjQ0NzQyNWZjZjcwNGFhNzg0MzMxOGI5ZmI4YjNlMzUxOA==',
    );
    const headers = {
      'X-Api-ClientID': '123456',
      'X-Api-Auth-Version': '2.0',
      'x-api-timestamp': String(V.ts),
      'x-api-nonce': String(V.ts),
      'x-api-signheaders': 'x-api-timestamp,x-api-nonce',
      'X-Api-Signature': apiSignature,
      'X-Kd-Appkey': V.appId,
      'X-Kd-Appdata': Buffer.from(appData).toString('base64'),
      'X-Kd-Signature': kdSignature,
    };
    expect(headers['X-Kd-Appdata']).toBe('YWNjdDEsdXNlcjEsMjA1Miww');
    const ok = await post(vsim, `${FORM}ExecuteBillQuery`, currencyQuery, headers);
    expect(ok.json).toEqual([['CNY']]);
    expect(ok.headers.getSetCookie().some((c) => c.startsWith('kdservice-sessionid='))).toBe(true);
    for (const bad of [
      { ...headers, 'X-Kd-Signature': b64hexHmac('wrong', V.appId + appData) },
      { ...headers, 'X-Api-Signature': b64hexHmac(clientSecret, 'POST\n/other\n') },
    ]) {
      expect(
        (await post(vsim, `${FORM}ExecuteBillQuery`, currencyQuery, bad)).json[0][0].Result.ResponseStatus.MsgCode,
      ).toBe(1);
    }
  });
});
