import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { okkiConnectionSchema } from './okki.config.js';
import { formatOkkiTime } from './client/okki-time.js';

describe('okkiConnectionSchema', () => {
  it('fills documented defaults', () => {
    const config = okkiConnectionSchema.parse({ type: 'okki', clientId: 'id', clientSecret: 'secret' });
    expect(config.baseUrl).toBe('https://api-sandbox.xiaoman.cn');
    expect(config.scopes).toEqual(['invoices', 'company', 'product', 'user']);
    expect(config.timeoutMs).toBe(30_000);
    expect(config.successCodes).toEqual([200, 0]);
    expect(config.rateLimit).toEqual({ ratePerSecond: 10, concurrency: 5 });
  });

  it('rejects unknown keys and malformed scopes', () => {
    expect(
      okkiConnectionSchema.safeParse({ type: 'okki', clientId: 'a', clientSecret: 'b', secret: 'x' }).success,
    ).toBe(false);
    expect(
      okkiConnectionSchema.safeParse({ type: 'okki', clientId: 'a', clientSecret: 'b', scopes: ['invoices company'] })
        .success,
    ).toBe(false);
  });

  it('describes every field', () => {
    const schema = z.toJSONSchema(okkiConnectionSchema, { io: 'input' }) as {
      properties: Record<string, { description?: string }>;
    };
    const missing = Object.entries(schema.properties)
      .filter(([, p]) => !p.description)
      .map(([k]) => k);
    expect(missing).toEqual([]);
  });
});

describe('formatOkkiTime', () => {
  it('formats a Date on the tenant clock and passes strings through', () => {
    expect(formatOkkiTime(new Date('2026-03-01T16:30:05Z'), 480)).toBe('2026-03-02 00:30:05');
    expect(formatOkkiTime(new Date('2026-03-01T16:30:05Z'), 0)).toBe('2026-03-01 16:30:05');
    expect(formatOkkiTime('2026-03-01', 480)).toBe('2026-03-01');
  });
});

describe('OkkiClient settings', () => {
  it('refuses invalid settings with a config error that names the field but not the secret', async () => {
    const { OkkiClient } = await import('./client/okki-client.js');
    let error: unknown;
    try {
      new OkkiClient({ type: 'okki', clientId: '', clientSecret: 'verySecretValue99', timeoutMs: -1 });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ kind: 'config', code: 'okki.config_invalid' });
    expect((error as Error).message).toMatch(/clientId/);
    expect((error as Error).message).toMatch(/timeoutMs/);
    expect(JSON.stringify(error) + (error as Error).message).not.toContain('verySecretValue99');
  });
});
