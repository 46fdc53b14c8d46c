import { afterEach, describe, expect, it } from 'vitest';
import { openSim, type SimHandle } from './sim-test-kit.js';

let h: SimHandle;
afterEach(async () => h?.sim.close());

const tokenUrl = (h: SimHandle) => `${h.sim.url}/v1/oauth2/access_token`;

describe('OKKI simulator auth', () => {
  it('returns the same token with decreasing expires_in while it is valid, then a new one after expiry', async () => {
    h = await openSim();
    const first = await h.requestToken();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: 'Bearer', expires_in: 28800 });
    expect(typeof first.body.refresh_token).toBe('string');
    h.advance(3_600_500);
    const again = await h.requestToken();
    expect(again.body.access_token).toBe(first.body.access_token);
    expect(again.body.expires_in).toBe(28800 - 3601);
    expect((await h.get('/v1/user/list')).status).toBe(200);
    h.advance(28800 * 1000);
    const expired = await h.get('/v1/user/list');
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ error: 'access_denied' });
    const fresh = await h.requestToken();
    expect(fresh.body.access_token).not.toBe(first.body.access_token);
    expect(fresh.body.expires_in).toBe(28800);
  });

  it('accepts a form-encoded body and honours tokenTtlSeconds', async () => {
    h = await openSim({ tokenTtlSeconds: 60 });
    const res = await fetch(tokenUrl(h), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: h.sim.credentials.clientId,
        client_secret: h.sim.credentials.clientSecret,
        scope: 'company',
      }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).expires_in).toBe(60);
  });

  it('answers OAuth-style 400 errors', async () => {
    h = await openSim();
    const wrongSecret = await h.requestToken({ client_secret: 'nope' });
    expect(wrongSecret).toMatchObject({
      status: 400,
      body: { error: 'invalid_client', message: 'Client authentication failed' },
    });
    const noClient = await h.requestToken({ client_id: '' });
    expect(noClient).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(noClient.body.hint).toContain('client_id');
    expect((await h.requestToken({ grant_type: 'authorization_code' })).body.error).toBe('unsupported_grant_type');
    expect((await h.requestToken({ scope: '' })).body.error).toBe('invalid_scope');
    const unknown = await h.requestToken({ scope: 'invoices telepathy' });
    expect(unknown).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    expect(unknown.body.hint).toContain('telepathy');
    // The secret never appears in an error body.
    expect(JSON.stringify(wrongSecret.body)).not.toContain(h.sim.credentials.clientSecret);
  });

  it('supports the password grant with a SHA-256 hashed password', async () => {
    h = await openSim();
    const { createHash } = await import('node:crypto');
    const good = await h.requestToken({
      grant_type: 'password',
      username: 'api@qiao-demo.cn',
      password: createHash('sha256').update('qiaoDemoPassword').digest('hex'),
    });
    expect(good.status).toBe(200);
    const bad = await h.requestToken({
      grant_type: 'password',
      username: 'api@qiao-demo.cn',
      password: 'qiaoDemoPassword',
    });
    expect(bad).toMatchObject({ status: 400, body: { message: 'user.authentication.failed' } });
  });

  it('refreshes: new access token, old one and the used refresh token stop working', async () => {
    h = await openSim();
    const first = await h.requestToken();
    const refresh = (refreshToken: string) =>
      fetch(`${h.sim.url}/v1/oauth2/refresh_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
          client_id: h.sim.credentials.clientId,
          client_secret: h.sim.credentials.clientSecret,
        }),
      });
    const res = await refresh(first.body.refresh_token);
    const next = await res.json();
    expect(res.status).toBe(200);
    expect(next.access_token).not.toBe(first.body.access_token);
    expect((await h.get('/v1/user/list')).status).toBe(401);
    h.token = next.access_token;
    expect((await h.get('/v1/user/list')).status).toBe(200);
    const reused = await refresh(first.body.refresh_token);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({
      error: 'invalid_request',
      message: 'The refresh token is invalid.',
      hint: 'Token has been revoked',
    });
    expect((await refresh('garbage')).status).toBe(400);
  });

  it('rejects missing and unknown tokens with 401 access_denied, accepts a bare token', async () => {
    h = await openSim();
    const none = await fetch(`${h.sim.url}/v1/user/list`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({
      error: 'access_denied',
      message: expect.any(String),
      error_description: expect.any(String),
    });
    const unknown = await fetch(`${h.sim.url}/v1/user/list`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(unknown.status).toBe(401);
    const bare = await fetch(`${h.sim.url}/v1/user/list`, { headers: { authorization: h.token } });
    expect(bare.status).toBe(200);
  });

  it('enforces scopes per module with "no permission <module> scopes"', async () => {
    h = await openSim();
    h.token = (await h.requestToken({ scope: 'company' })).body.access_token;
    expect((await h.get('/v1/company/list')).body.code).toBe(200);
    const denied = await h.get('/v1/invoices/order/list');
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ code: 403, message: 'no permission invoices scopes' });
    expect((await h.post('/v1/product/push', { product_type: 1, name: 'x' })).body.message).toBe(
      'no permission product scopes',
    );
    expect((await h.get('/v1/user/list')).body.message).toBe('no permission user scopes');
  });

  it('refuses scopes the client was not granted', async () => {
    h = await openSim({ scopes: ['company'] });
    expect((await h.requestToken({ scope: 'invoices' })).body.error).toBe('invalid_scope');
    expect((await h.requestToken({ scope: 'company' })).status).toBe(200);
  });

  it('wraps business replies in {code, message, now, data} with China time', async () => {
    h = await openSim();
    const { body } = await h.get('/v1/user/departmentList');
    expect(body.code).toBe(200);
    expect(body.message).toBe('success');
    expect(body.now).toBe('2025-06-01 10:00:00');
    expect(body.data.list[0]).toMatchObject({ id: '0', name: '我的企业' });
    expect(body.data.count).toBe(body.data.list.length);
  });
});
