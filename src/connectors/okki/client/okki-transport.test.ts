import { describe, expect, it } from 'vitest';
import { okkiConnectionSchema, type OkkiConnectionInput } from '../okki.config.js';
import { OkkiError } from '../okki-errors.js';
import { OkkiTransport } from './okki-transport.js';

type Handler = (url: URL, init: RequestInit, n: number) => Response | Promise<Response>;
const SECRET = 'topSecretValue12345';

function transport(handler: Handler, overrides: Partial<OkkiConnectionInput> = {}) {
  const seen: Array<{ path: string; auth: string | null; body: string | undefined }> = [];
  let n = 0;
  const fake: typeof fetch = async (input, init = {}) => {
    const url = new URL(String(input));
    seen.push({
      path: url.pathname + url.search,
      auth: new Headers(init.headers).get('authorization'),
      body: init.body as string | undefined,
    });
    return handler(url, init, n++);
  };
  const config = okkiConnectionSchema.parse({
    type: 'okki',
    baseUrl: 'http://okki.test/',
    clientId: 'cid',
    clientSecret: SECRET,
    rateLimit: {},
    ...overrides,
  });
  return { t: new OkkiTransport(config, { fetch: fake }), seen };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const tokenReply = (token: string) => json({ token_type: 'Bearer', expires_in: 28799, access_token: token });
const ok = (data: unknown, code = 200) => json({ code, message: 'success', now: '2026-01-01 00:00:00', data });

describe('OkkiTransport', () => {
  it('sends client_credentials as JSON with space-separated scopes, then Bearer on business calls; accepts code 0', async () => {
    const { t, seen } = transport((url) =>
      url.pathname === '/v1/oauth2/access_token' ? tokenReply('tok1') : ok({ x: 1 }, 0),
    );
    expect(
      await t.request({ method: 'GET', path: '/v1/user/list', query: { enable_flag: 1, skip: undefined } }),
    ).toEqual({ x: 1 });
    expect(JSON.parse(seen[0]!.body!)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'cid',
      client_secret: SECRET,
      scope: 'invoices company product user',
    });
    expect(seen[1]).toMatchObject({ path: '/v1/user/list?enable_flag=1', auth: 'Bearer tok1' });
  });

  it('renews the token once after access_denied and retries once; a second rejection is a config error', async () => {
    let tokens = 0;
    const { t, seen } = transport((url, _init, n) => {
      if (url.pathname === '/v1/oauth2/access_token') return tokenReply(`tok${++tokens}`);
      if (n === 1)
        return json(
          { error: 'access_denied', message: 'The resource owner or authorization server denied the request.' },
          401,
        );
      if (url.pathname === '/v1/always-401') return json({ error: 'access_denied' }, 401);
      return ok('fine');
    });
    expect(await t.request({ method: 'POST', path: '/v1/invoices/order/push', body: {}, write: true })).toBe('fine');
    expect(seen.map((s) => s.auth ?? 'token')).toEqual(['token', 'Bearer tok1', 'token', 'Bearer tok2']);
    const error = await t.request({ method: 'GET', path: '/v1/always-401' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'config', code: 'okki.auth_rejected' });
    expect(tokens).toBe(3);
  });

  it('does not renew the token for a missing scope', async () => {
    let tokens = 0;
    const { t } = transport((url) =>
      url.pathname === '/v1/oauth2/access_token'
        ? tokenReply(`tok${++tokens}`)
        : json({ code: 403, message: 'no permission company scopes' }, 401),
    );
    await expect(t.request({ method: 'GET', path: '/v1/company/list' })).rejects.toMatchObject({
      kind: 'config',
      code: 'okki.scope_missing',
      vendorMessage: 'no permission company scopes',
    });
    expect(tokens).toBe(1);
  });

  it('honours Retry-After on 429 and retries a bounded number of times', async () => {
    const started = Date.now();
    const { t, seen } = transport((url, _init, n) =>
      url.pathname === '/v1/oauth2/access_token'
        ? tokenReply('tok')
        : n < 3
          ? json({ code: 429, message: 'Too Many Requests' }, 429, { 'retry-after': '0.1' })
          : ok('done'),
    );
    expect(await t.request({ method: 'GET', path: '/v1/product/list' })).toBe('done');
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    expect(seen.length).toBe(4);
    const always = transport(
      (url) =>
        url.pathname === '/v1/oauth2/access_token'
          ? tokenReply('tok')
          : json({ code: 429, message: 'slow down' }, 429, { 'retry-after': '0' }),
      { retryOn429: 2 },
    );
    await expect(always.t.request({ method: 'GET', path: '/v1/product/list' })).rejects.toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 0,
    });
    expect(always.seen.length).toBe(1 + 3);
  });

  it('surfaces a Retry-After longer than maxRetryAfterMs at once', async () => {
    const { t, seen } = transport((url) =>
      url.pathname === '/v1/oauth2/access_token' ? tokenReply('tok') : json({}, 429, { 'retry-after': '120' }),
    );
    await expect(t.request({ method: 'GET', path: '/v1/product/list' })).rejects.toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 120_000,
    });
    expect(seen.length).toBe(2);
  });

  it('times out: a push becomes outcome_unknown, a read transient', async () => {
    const hang: Handler = (url, init) =>
      url.pathname === '/v1/oauth2/access_token'
        ? tokenReply('tok')
        : new Promise((_resolve, reject) =>
            init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
          );
    const { t } = transport(hang, { timeoutMs: 50 });
    await expect(
      t.request({ method: 'POST', path: '/v1/invoices/order/push', body: {}, write: true }),
    ).rejects.toMatchObject({ kind: 'outcome_unknown', code: 'okki.outcome_unknown' });
    await expect(t.request({ method: 'GET', path: '/v1/invoices/order/info' })).rejects.toMatchObject({
      kind: 'transient',
      code: 'okki.timeout',
    });
  });

  it('maps a bad secret to a config error that does not contain the secret', async () => {
    const { t } = transport(() =>
      json(
        {
          error: 'invalid_client',
          error_description: 'Client authentication failed',
          message: 'Client authentication failed',
        },
        400,
      ),
    );
    const error = (await t.request({ method: 'GET', path: '/v1/user/list' }).catch((e: unknown) => e)) as OkkiError;
    expect(error).toBeInstanceOf(OkkiError);
    expect(error).toMatchObject({ kind: 'config', code: 'okki.invalid_client' });
    expect(JSON.stringify(error.toJSON()) + error.message).not.toContain(SECRET);
  });

  it('returns null for Not Found Resource only when asked, and keeps vendor code and message otherwise', async () => {
    const { t } = transport((url) =>
      url.pathname === '/v1/oauth2/access_token'
        ? tokenReply('tok')
        : json({ code: 404, message: 'Not Found Resource', now: '' }, 404),
    );
    expect(await t.request({ method: 'GET', path: '/v1/product/info', notFoundAsNull: true })).toBeNull();
    await expect(t.request({ method: 'GET', path: '/v1/product/info' })).rejects.toMatchObject({
      kind: 'record',
      code: 'okki.not_found',
      vendorCode: 404,
      vendorMessage: 'Not Found Resource',
    });
  });
});
