import { describe, expect, it } from 'vitest';
import { SessionStore } from './session-store.js';

describe('SessionStore', () => {
  it('finds a session by its token until it is revoked', () => {
    const store = new SessionStore();
    const { session, expiresAt } = store.create({ name: 'ops', role: 'operator' });
    expect(session).toMatch(/^qs_[\w-]{43}$/);
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    expect(store.find(session)).toEqual({ name: 'ops', role: 'operator' });
    expect(store.find(`${session}x`)).toBeNull();
    expect(store.revoke(session)).toBe(true);
    expect(store.find(session)).toBeNull();
    expect(store.revoke(session)).toBe(false);
  });

  it('ends sessions left idle, and every session after its maximum age however busy', () => {
    let now = 0;
    const store = new SessionStore({ idleMs: 1000, maxAgeMs: 5000, now: () => now });
    const idle = store.create({ name: 'a', role: 'viewer' }).session;
    const busy = store.create({ name: 'b', role: 'viewer' }).session;
    for (let t = 0; t < 4; t++) {
      now += 900;
      expect(store.find(busy)).not.toBeNull();
    }
    expect(store.find(idle)).toBeNull();
    now += 1500; // 5100 ms after login
    expect(store.find(busy)).toBeNull();
  });

  it('keeps at most maxSessions, dropping the oldest', () => {
    const store = new SessionStore({ maxSessions: 2 });
    const first = store.create({ name: 'a', role: 'viewer' }).session;
    store.create({ name: 'b', role: 'viewer' });
    const third = store.create({ name: 'c', role: 'viewer' }).session;
    expect(store.size).toBe(2);
    expect(store.find(first)).toBeNull();
    expect(store.find(third)).toEqual({ name: 'c', role: 'viewer' });
  });
});
