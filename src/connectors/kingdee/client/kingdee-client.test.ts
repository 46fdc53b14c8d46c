import { describe, expect, it } from 'vitest';
import { KingdeeClient } from './kingdee-client.js';
import { KingdeeError } from '../kingdee-errors.js';
import type { KingdeeConnectionInput } from '../kingdee.config.js';

/** A scripted fetch: records every request and answers from `reply`. */
function fakeFetch(
  reply: (
    service: string,
    body: any,
    headers: Record<string, string>,
    signal: AbortSignal,
  ) => Response | Promise<Response>,
) {
  const calls: Array<{ service: string; body: any; headers: Record<string, string> }> = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const service = url.replace(/^.*\/k3cloud\//, '').replace(/\.common\.kdsvc$/, '');
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body = JSON.parse(String(init.body));
    calls.push({ service, body, headers });
    return reply(service, body, headers, init.signal!);
  };
  return { fetch, calls };
}

const json = (value: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(value), { status: 200, headers });
const loginOk = (sid: string) =>
  json(
    { LoginResultType: 1, KDSVCSessionId: sid, Context: { UserName: 'demo' } },
    { 'set-cookie': `kdservice-sessionid=${sid}; path=/` },
  );
const lost = [
  [
    {
      Result: {
        ResponseStatus: {
          ErrorCode: 500,
          IsSuccess: false,
          Errors: [{ FieldName: null, Message: '会话信息已丢失，请重新登录', DIndex: 0 }],
          MsgCode: 1,
        },
      },
    },
  ],
];
const base: KingdeeConnectionInput = {
  type: 'kingdee',
  baseUrl: 'http://kd.test/k3cloud/',
  acctId: 'acct1',
  auth: { method: 'password', username: 'demo', password: 'demo123' },
};
const query = { formId: 'SAL_SaleOrder', fieldKeys: ['FID', 'FBillNo'] };

describe('KingdeeClient session handling (scripted server)', () => {
  it('logs in once, then carries the session as cookie and header', async () => {
    const { fetch, calls } = fakeFetch((service) =>
      service.endsWith('ValidateUser') ? loginOk('S1') : json([[1, 'XSDD000001']]),
    );
    const client = new KingdeeClient(base, { fetch });
    expect(await client.executeBillQuery(query)).toEqual([[1, 'XSDD000001']]);
    await client.executeBillQuery(query);
    expect(calls.map((c) => c.service.split('.').pop())).toEqual([
      'ValidateUser',
      'ExecuteBillQuery',
      'ExecuteBillQuery',
    ]);
    expect(calls[0]!.body).toEqual({ acctid: 'acct1', username: 'demo', password: 'demo123', lcid: 2052 });
    expect(calls[1]!.headers['kdservice-sessionid']).toBe('S1');
    expect(calls[1]!.headers.cookie).toContain('kdservice-sessionid=S1');
    expect(client.loginInfo?.userName).toBe('demo');
  });

  it('re-logs in once on MsgCode 1 and repeats the call once', async () => {
    let sessions = 0;
    const { fetch, calls } = fakeFetch((service, _b, headers) => {
      if (service.endsWith('ValidateUser')) return loginOk(`S${++sessions}`);
      return headers['kdservice-sessionid'] === 'S1' ? json(lost) : json([[2, 'XSDD000002']]);
    });
    const client = new KingdeeClient(base, { fetch });
    expect(await client.executeBillQuery(query)).toEqual([[2, 'XSDD000002']]);
    expect(calls.map((c) => c.service.split('.').pop())).toEqual([
      'ValidateUser',
      'ExecuteBillQuery',
      'ValidateUser',
      'ExecuteBillQuery',
    ]);
    expect(calls[3]!.headers['kdservice-sessionid']).toBe('S2');
  });

  it('never loops: a session lost again after re-login surfaces as kingdee.session_lost', async () => {
    const { fetch, calls } = fakeFetch((service) => (service.endsWith('ValidateUser') ? loginOk('S') : json(lost)));
    const client = new KingdeeClient(base, { fetch });
    const error = await client.executeBillQuery(query).catch((e) => e);
    expect(error).toBeInstanceOf(KingdeeError);
    expect(error).toMatchObject({ code: 'kingdee.session_lost', kind: 'transient', msgCode: 1 });
    expect(calls).toHaveLength(4);
  });

  it('renews once for many concurrent calls that lost the same session', async () => {
    let sessions = 0;
    const { fetch, calls } = fakeFetch((service, _b, headers) => {
      if (service.endsWith('ValidateUser')) return loginOk(`S${++sessions}`);
      return headers['kdservice-sessionid'] === 'S1' ? json(lost) : json([[3, 'x']]);
    });
    const client = new KingdeeClient(base, { fetch });
    await client.login();
    await Promise.all([1, 2, 3, 4].map(() => client.executeBillQuery(query)));
    expect(calls.filter((c) => c.service.endsWith('ValidateUser'))).toHaveLength(2);
  });

  it('turns a refused login into a config error without leaking the password', async () => {
    const { fetch } = fakeFetch(() => json({ LoginResultType: 0, Message: '用户名或密码错误！', MessageCode: null }));
    const client = new KingdeeClient(base, { fetch });
    const error = await client.executeBillQuery(query).catch((e) => e);
    expect(error).toMatchObject({ kind: 'config', code: 'kingdee.login_failed' });
    expect(JSON.stringify(error.toJSON())).not.toContain('demo123');
    expect(error.message).not.toContain('demo123');
  });

  it('remembers a refused login instead of asking again (wrong passwords lock the user)', async () => {
    const { fetch, calls } = fakeFetch(() => json({ LoginResultType: 0, Message: '用户名或密码错误！' }));
    const client = new KingdeeClient(base, { fetch });
    for (let i = 0; i < 3; i++)
      expect(await client.executeBillQuery(query).catch((e) => e)).toMatchObject({ code: 'kingdee.login_failed' });
    expect(calls).toHaveLength(1);
    await client.login().catch(() => undefined); // an explicit login asks again
    expect(calls).toHaveLength(2);
  });

  it('sends the positional LoginBySign request with the reference sign', async () => {
    const { fetch, calls } = fakeFetch((service) => (service.endsWith('LoginBySign') ? loginOk('S') : json([])));
    const appId = '123456_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX';
    const client = new KingdeeClient(
      {
        ...base,
        acctId: 'acct1',
        auth: { method: 'sign', username: 'user1', appId, appSecret: '0123456789abcdef0123456789abcdef' },
      },
      { fetch, now: () => 1_700_000_000_500 },
    );
    await client.login();
    expect(calls[0]!.body).toEqual({
      parameters: [
        'acct1',
        'user1',
        appId,
        '1700000000',
        '720f3b066bbc7c3d3371568a6426453f7186d7356fa8289b4e2157cff7aad920',
        2052,
      ],
    });
  });

  it('signs every request in signature mode, replays its cookie, and re-signs on session loss', async () => {
    let n = 0;
    const { fetch, calls } = fakeFetch(() =>
      ++n === 2 ? json(lost) : json([[1, 'a']], { 'set-cookie': 'kdservice-sessionid=SIG1; path=/' }),
    );
    const client = new KingdeeClient(
      {
        ...base,
        auth: {
          method: 'signature',
          username: 'user1',
          appId: '123456_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX',
          appSecret: 'x'.repeat(32),
        },
      },
      { fetch, now: () => 1_700_000_000_000 },
    );
    await client.executeBillQuery(query);
    await client.executeBillQuery(query);
    expect(calls).toHaveLength(3);
    expect(calls[0]!.headers['x-kd-appdata']).toBe(Buffer.from('acct1,user1,2052,0').toString('base64'));
    expect(calls[0]!.headers['x-api-signature']).toMatch(/==$/);
    expect(calls[0]!.headers['kdservice-sessionid']).toBeUndefined();
    expect(calls[1]!.headers['kdservice-sessionid']).toBe('SIG1');
    expect(calls[2]!.headers['kdservice-sessionid']).toBeUndefined(); // dropped after the loss
  });
});

describe('KingdeeClient configuration', () => {
  it('rejects bad settings with a config error that names the field and hides the password', () => {
    const make = () => new KingdeeClient({ ...base, baseUrl: 'not a url', pageSize: 50_000 } as KingdeeConnectionInput);
    expect(make).toThrow(/baseUrl/);
    expect(make).toThrow(/pageSize/);
    try {
      make();
    } catch (error) {
      expect(error).toMatchObject({ kind: 'config', code: 'kingdee.bad_config' });
      expect(String((error as Error).message)).not.toContain('demo123');
    }
  });
});

describe('KingdeeClient failures (scripted server)', () => {
  const run = async (
    reply: (signal: AbortSignal) => Response | Promise<Response>,
    config: Partial<KingdeeConnectionInput> = {},
  ) => {
    const { fetch } = fakeFetch((service, _b, _h, signal) =>
      service.endsWith('ValidateUser') ? loginOk('S') : reply(signal),
    );
    const client = new KingdeeClient({ ...base, ...config }, { fetch });
    return client.executeBillQuery(query).catch((e) => e);
  };

  it('502 HTML from a proxy → transient', async () => {
    expect(
      await run(() => new Response('<html><body><h1>502 Bad Gateway</h1>nginx</body></html>', { status: 502 })),
    ).toMatchObject({ kind: 'transient', code: 'kingdee.http_5xx', httpStatus: 502 });
  });

  it('truncated JSON → transient bad_body', async () => {
    expect(await run(() => new Response('[[1,"XSDD00', { status: 200 }))).toMatchObject({
      kind: 'transient',
      code: 'kingdee.bad_body',
    });
  });

  it('response_error text → exception', async () => {
    expect(await run(() => new Response('response_error:错误信息：\tX no found.', { status: 200 }))).toMatchObject({
      kind: 'config',
      code: 'kingdee.service_not_found',
    });
  });

  it('no reply before timeoutMs → transient timeout', async () => {
    const hang = (signal: AbortSignal) =>
      new Promise<Response>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    const started = Date.now();
    expect(await run(hang, { timeoutMs: 80 })).toMatchObject({ kind: 'transient', code: 'kingdee.timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a network failure of a write → outcome_unknown; a refused connection → transient', async () => {
    const reset = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    });
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    for (const [cause, kind] of [
      [reset, 'outcome_unknown'],
      [refused, 'transient'],
    ] as const) {
      const { fetch } = fakeFetch((service) => {
        if (service.endsWith('ValidateUser')) return loginOk('S');
        throw cause;
      });
      const client = new KingdeeClient(base, { fetch });
      expect(await client.save('SAL_SaleOrder', { Model: {} }).catch((e) => e)).toMatchObject({
        kind,
        code: 'kingdee.network',
      });
    }
  });

  it('rows of the wrong width → internal error, not silent data', async () => {
    expect(await run(() => json([[1]]))).toMatchObject({ kind: 'internal', code: 'kingdee.unexpected_reply' });
  });
});

describe('KingdeeClient write operations (scripted server)', () => {
  const status = (s: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    json({
      Result: { ResponseStatus: { Errors: [], SuccessEntitys: [], SuccessMessages: [], MsgCode: 0, ...s }, ...extra },
    });
  const clientWith = (reply: (service: string, body: any) => Response) => {
    const { fetch, calls } = fakeFetch((service, body) =>
      service.endsWith('ValidateUser') ? loginOk('S') : reply(service, body),
    );
    return { client: new KingdeeClient(base, { fetch }), calls };
  };

  it('save returns Id/Number and throws a record error with FieldName on validation failure', async () => {
    const ok = clientWith(() =>
      status(
        { IsSuccess: true, SuccessEntitys: [{ Id: 7, Number: 'XSDD000007', DIndex: 0 }] },
        { Id: 7, Number: 'XSDD000007', NeedReturnData: [{ FBillNo: 'XSDD000007' }] },
      ),
    );
    expect(await ok.client.save('SAL_SaleOrder', { Model: { FID: 0 } })).toEqual({
      id: 7,
      number: 'XSDD000007',
      needReturnData: [{ FBillNo: 'XSDD000007' }],
    });
    expect(ok.calls[1]!.body).toEqual({ formid: 'SAL_SaleOrder', data: { Model: { FID: 0 } } });

    const bad = clientWith(() =>
      status({
        IsSuccess: false,
        ErrorCode: 500,
        MsgCode: 11,
        Errors: [{ FieldName: 'FQty', Message: '销售数量必须大于0', DIndex: 0 }],
      }),
    );
    const error = await bad.client.save('SAL_SaleOrder', { Model: {} }).catch((e) => e);
    expect(error).toMatchObject({
      kind: 'record',
      code: 'kingdee.validation_failed',
      fieldName: 'FQty',
      dIndex: 0,
      msgCode: 11,
    });
  });

  it('batchSave reports per-model failures by DIndex and keeps the successes', async () => {
    const { client } = clientWith(() =>
      status(
        {
          IsSuccess: false,
          MsgCode: 11,
          SuccessEntitys: [
            { Id: 1, Number: 'A', DIndex: 0 },
            { Id: 3, Number: 'C', DIndex: 2 },
          ],
          Errors: [
            { FieldName: 'FCustId', Message: '客户不存在', DIndex: 1 },
            { FieldName: 'FQty', Message: '数量为0', DIndex: 3 },
            { FieldName: 'FPrice', Message: '单价为0', DIndex: 3 },
          ],
        },
        { NeedReturnData: [{}, {}] },
      ),
    );
    const result = await client.batchSave('SAL_SaleOrder', { Model: [{}, {}, {}, {}] });
    expect(result.isSuccess).toBe(false);
    expect(result.successEntities.map((e) => e.dIndex)).toEqual([0, 2]);
    expect(result.failures.map((f) => [f.dIndex, f.kind, f.messages.length])).toEqual([
      [1, 'record', 1],
      [3, 'record', 2],
    ]);
    expect(result.result).toEqual({ NeedReturnData: [{}, {}] });
  });

  it('a whole-call failure of an operation throws (call limit)', async () => {
    const { client } = clientWith(() =>
      status({ IsSuccess: false, MsgCode: 14, Errors: [{ FieldName: null, Message: '调用次数超出限制', DIndex: 0 }] }),
    );
    expect(await client.audit('SAL_SaleOrder', { Numbers: ['XSDD000001'] }).catch((e) => e)).toMatchObject({
      kind: 'rate_limited',
      code: 'kingdee.call_limit',
    });
  });

  it('sends Ids as the documented comma string and ExcuteOperation with opNumber', async () => {
    const { client, calls } = clientWith(() => status({ IsSuccess: true }));
    await client.executeOperation('SAL_SaleOrder', 'BillClose', { Ids: [1, 2] });
    expect(calls[1]!.service).toBe('Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExcuteOperation');
    expect(calls[1]!.body).toEqual({
      formid: 'SAL_SaleOrder',
      opNumber: 'BillClose',
      data: { CreateOrgId: 0, Ids: '1,2' },
    });
  });
});
