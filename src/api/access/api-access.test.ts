import { describe, expect, it } from 'vitest';
import { ApiAccess } from './api-access.js';

const PRIMARY = 'primary-token-0123456789';
const CI = 'ci-token-0123456789abcdef';

const access = () => new ApiAccess({ primaryToken: PRIMARY, tokens: [{ name: 'ci', token: CI, role: 'operator' }] });

describe('ApiAccess', () => {
  it('knows the primary token as admin and each named token with its role', () => {
    const a = access();
    expect(a.identify(PRIMARY)).toEqual({ name: 'admin', role: 'admin', via: 'token' });
    expect(a.identify(CI)).toEqual({ name: 'ci', role: 'operator', via: 'token' });
    for (const wrong of ['', `${PRIMARY} `, PRIMARY.slice(0, -1), CI.toUpperCase(), 'qs_nothing'])
      expect(a.identify(wrong)).toBeNull();
  });

  it('exchanges a login code (admin, once) or an API token (its own role) for a session', () => {
    const a = access();
    const url = a.loginUrl('http://127.0.0.1:8080/');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:8080\/login#\d{10}\.[\w-]+\.[\w-]+$/);
    expect(url).not.toContain(PRIMARY);
    const code = url.split('#')[1]!;
    const admin = a.login({ code });
    expect(admin).toMatchObject({ name: 'admin', role: 'admin' });
    expect(a.identify(admin!.session)).toEqual({ name: 'admin', role: 'admin', via: 'session' });
    expect(a.login({ code })).toBeNull();

    const ci = a.login({ token: CI });
    expect(a.identify(ci!.session)).toEqual({ name: 'ci', role: 'operator', via: 'session' });
    // A session cannot be traded for another session, nor a wrong token for one.
    expect(a.login({ token: ci!.session })).toBeNull();
    expect(a.login({ token: 'guess-0123456789abcdef' })).toBeNull();
  });

  it('throttles logins after many failures in a minute', () => {
    let now = 0;
    const a = new ApiAccess({ primaryToken: PRIMARY, now: () => now });
    for (let i = 0; i < 19; i++) a.login({ code: 'wrong' });
    expect(a.loginThrottled()).toBe(false);
    a.login({ token: 'wrong' });
    expect(a.loginThrottled()).toBe(true);
    now += 61_000;
    expect(a.loginThrottled()).toBe(false);
  });

  it('refuses short tokens and tokens a bearer header cannot carry, naming where they came from', () => {
    expect(() => new ApiAccess({ primaryToken: 'short', primarySource: 'QIAO_API_TOKEN' })).toThrow(
      /QIAO_API_TOKEN is unusable: use at least 16/,
    );
    expect(() => new ApiAccess({ primaryToken: 'has spaces in it, sadly' })).toThrow(/api\.token/);
    expect(
      () =>
        new ApiAccess({ primaryToken: PRIMARY, tokens: [{ name: 'x', token: 'quote"0123456789abc', role: 'viewer' }] }),
    ).toThrow(/api\.tokens "x"/);
  });
});
