import { describe, expect, it } from 'vitest';
import { behind } from './guards.test-helpers.js';
import { allowedHostNames, hostAllowList, hostNameOf } from './host-allow-list.js';

describe('allowedHostNames', () => {
  it('is loopback plus the bound address (unless a wildcard) plus the configured names', () => {
    expect(allowedHostNames('127.0.0.1')).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(allowedHostNames('0.0.0.0', ['Qiao.Internal'])).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
      'qiao.internal',
    ]);
    expect(allowedHostNames('::')).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(allowedHostNames('10.0.0.5')).toContain('10.0.0.5');
    expect(allowedHostNames('fd00::5')).toContain('[fd00::5]');
  });

  it('reads the name out of a Host header, or nothing from a malformed one', () => {
    expect(hostNameOf('127.0.0.1:8080')).toBe('127.0.0.1');
    expect(hostNameOf('[::1]:8080')).toBe('[::1]');
    expect(hostNameOf('LOCALHOST')).toBe('localhost');
    for (const bad of [
      '',
      'a b',
      'user@localhost',
      'localhost:80:80',
      'localhost:',
      '::1',
      'localhost/x',
      'localhost\u0000',
    ])
      expect(hostNameOf(bad), bad).toBeNull();
  });
});

describe('hostAllowList', () => {
  const call = behind(hostAllowList(allowedHostNames('127.0.0.1', ['qiao.internal'])));

  it('lets allowed names through with any port', async () => {
    for (const host of ['127.0.0.1:8080', 'localhost', 'localhost:1', '[::1]:8080', 'qiao.internal:443'])
      expect((await call('GET', '/api/schemes', { host })).status, host).toBe(200);
  });

  it('refuses other names (DNS rebinding) with 403 saying how to allow one, except for /healthz', async () => {
    for (const host of ['attacker.example', 'attacker.example:8080', '127.0.0.1.nip.io', 'localhost.', 'x@127.0.0.1']) {
      const res = await call('GET', '/api/schemes', { host });
      expect(res, host).toMatchObject({ status: 403, code: 'api.host_not_allowed' });
      expect(res.message).toContain('api.allowedHosts');
    }
    expect((await call('GET', '/', { host: 'attacker.example' })).status).toBe(403);
    expect((await call('GET', '/healthz', { host: 'attacker.example' })).status).toBe(200);
  });

  it('quotes a hostile Host header harmlessly and briefly', async () => {
    const res = await call('GET', '/api/x', { host: `<script>${'a'.repeat(500)}` });
    expect(res.status).toBe(403);
    expect(res.message!.length).toBeLessThan(400);
  });
});
