import { afterEach, describe, expect, it } from 'vitest';
import {
  createApiFixture,
  OPERATOR_TOKEN,
  TEST_TOKEN,
  VIEWER_TOKEN,
  type ApiFixture,
} from '../../testing/api-fixture.js';

let f: ApiFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

const anonymous = { Authorization: '' };

describe('/api/session', () => {
  it('logs the console in with a one-time code, then the session is the bearer until logout', async () => {
    f = await createApiFixture();
    const code = f.access.loginUrl('http://127.0.0.1:8080').split('#')[1]!;
    const login = await f.call('POST', '/api/session', { code }, anonymous);
    expect(login.status).toBe(201);
    expect(login.body).toMatchObject({ name: 'admin', role: 'admin', session: expect.stringMatching(/^qs_/) });
    expect(login.text).not.toContain(TEST_TOKEN);
    const bearer = { Authorization: `Bearer ${login.body.session}` };
    expect((await f.call('GET', '/api/session', undefined, bearer)).body).toEqual({
      name: 'admin',
      role: 'admin',
      via: 'session',
    });
    expect((await f.call('GET', '/api/schemes', undefined, bearer)).status).toBe(200);

    const again = await f.call('POST', '/api/session', { code }, anonymous);
    expect(again.status).toBe(401);
    expect(again.body.error).toMatchObject({ code: 'auth.login_failed' });
    expect(again.body.error.message).toContain('qiao login');

    expect((await f.call('DELETE', '/api/session', undefined, bearer)).body).toEqual({ loggedOut: true });
    expect((await f.call('GET', '/api/schemes', undefined, bearer)).status).toBe(401);
  });

  it('trades an API token for a session with that token’s role', async () => {
    f = await createApiFixture();
    const login = await f.call('POST', '/api/session', { token: OPERATOR_TOKEN }, anonymous);
    expect(login.body).toMatchObject({ name: 'ops', role: 'operator' });
    const bearer = { Authorization: `Bearer ${login.body.session}` };
    expect((await f.call('GET', '/api/session', undefined, bearer)).body.role).toBe('operator');
    // Any role may log itself out.
    const viewer = await f.call('POST', '/api/session', { token: VIEWER_TOKEN }, anonymous);
    const viewerBearer = { Authorization: `Bearer ${viewer.body.session}` };
    expect((await f.call('DELETE', '/api/session', undefined, viewerBearer)).body).toEqual({ loggedOut: true });
    expect((await f.call('GET', '/api/session', undefined, viewerBearer)).status).toBe(401);
  });

  it('refuses bad login bodies clearly and throttles guessing', async () => {
    f = await createApiFixture();
    expect((await f.call('POST', '/api/session', { code: 'x', token: 'y' }, anonymous)).status).toBe(400);
    expect((await f.call('POST', '/api/session', {}, anonymous)).status).toBe(400);
    expect(
      (await f.call('POST', '/api/session', { code: 'x' }, { ...anonymous, 'Content-Type': 'text/plain' })).status,
    ).toBe(415);
    for (let i = 0; i < 20; i++) await f.call('POST', '/api/session', { code: `guess-${i}` }, anonymous);
    const throttled = await f.call('POST', '/api/session', { token: TEST_TOKEN }, anonymous);
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('auth.too_many_attempts');
  });
});
