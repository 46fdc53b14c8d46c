import { describe, expect, it } from 'vitest';
import { LoginCodes } from './login-codes.js';

const TOKEN = 'primary-token-0123456789';

describe('LoginCodes', () => {
  it('redeems a fresh code exactly once', () => {
    const codes = new LoginCodes(TOKEN);
    const code = codes.issue();
    expect(code).toMatch(/^\d{10}\.[\w-]{22}\.[\w-]{43}$/);
    expect(codes.redeem(code)).toBe(true);
    expect(codes.redeem(code)).toBe(false);
  });

  it('refuses expired, tampered, foreign and malformed codes', () => {
    let now = Date.parse('2026-03-01T08:00:00Z');
    const codes = new LoginCodes(TOKEN, () => now);
    const late = codes.issue(60_000);
    now += 61_000;
    expect(codes.redeem(late)).toBe(false);

    const code = codes.issue();
    const [expires, nonce, mac] = code.split('.') as [string, string, string];
    expect(codes.redeem(`${Number(expires) + 3600}.${nonce}.${mac}`)).toBe(false); // longer life, same mac
    expect(codes.redeem(`${expires}.${nonce.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}.${mac}`)).toBe(false);
    expect(new LoginCodes('another-token-0123456789', () => now).redeem(code)).toBe(false);
    for (const bad of ['', 'x', `${code}x`, code.replace(/\./g, '-'), `../${code}`, '1.2.3'])
      expect(codes.redeem(bad)).toBe(false);
    expect(codes.redeem(code)).toBe(true);
  });

  it('caps the life of a code at a day, also for codes signed with a longer one', () => {
    const now = Date.parse('2026-03-01T08:00:00Z');
    const codes = new LoginCodes(TOKEN, () => now);
    const [expires] = codes.issue(365 * 24 * 3_600_000).split('.');
    expect(Number(expires) * 1000 - now).toBeLessThanOrEqual(24 * 3_600_000);
  });
});
