import { describe, expect, it } from 'vitest';
import { OkkiTokenCache, type OkkiToken } from './okki-token.js';

function setup() {
  let clock = 1_000_000;
  let issued = 0;
  const cache = new OkkiTokenCache(
    async (): Promise<OkkiToken> => {
      issued++;
      await new Promise((r) => setTimeout(r, 5));
      return { accessToken: `t${issued}`, expiresAt: clock + 60_000 };
    },
    10_000,
    () => clock,
  );
  return { cache, issued: () => issued, advance: (ms: number) => (clock += ms) };
}

describe('OkkiTokenCache', () => {
  it('shares one token request between concurrent callers and caches the token', async () => {
    const s = setup();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => s.cache.get()));
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['t1']));
    await s.cache.get();
    expect(s.issued()).toBe(1);
  });

  it('renews before expiry (margin) and once per rejected token', async () => {
    const s = setup();
    const first = await s.cache.get();
    s.advance(49_000);
    expect((await s.cache.get()).accessToken).toBe('t1');
    s.advance(2_000); // inside the 10 s margin
    expect((await s.cache.get()).accessToken).toBe('t2');
    const second = await s.cache.get();
    const renewed = await Promise.all([s.cache.renewAfterRejection(second), s.cache.renewAfterRejection(second)]);
    expect(renewed.map((t) => t.accessToken)).toEqual(['t3', 't3']);
    // a late report about an already replaced token does not cause another request
    expect((await s.cache.renewAfterRejection(first)).accessToken).toBe('t3');
    expect(s.issued()).toBe(3);
  });

  it('does not cache a failed token request', async () => {
    let calls = 0;
    const cache = new OkkiTokenCache(async () => {
      calls++;
      if (calls === 1) throw new Error('down');
      return { accessToken: 'ok', expiresAt: Date.now() + 60_000 };
    }, 0);
    await expect(cache.get()).rejects.toThrow('down');
    expect((await cache.get()).accessToken).toBe('ok');
  });
});
