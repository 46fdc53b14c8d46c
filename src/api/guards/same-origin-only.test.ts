import { describe, expect, it } from 'vitest';
import { behind } from './guards.test-helpers.js';
import { sameOriginOnly } from './same-origin-only.js';

const call = behind(sameOriginOnly());
const host = '127.0.0.1:8080';

describe('sameOriginOnly', () => {
  it('lets the console (same origin) and non-browser clients (no Origin, no Sec-Fetch-Site) through', async () => {
    expect(
      (await call('POST', '/api/x', { host, origin: 'http://127.0.0.1:8080', 'sec-fetch-site': 'same-origin' })).status,
    ).toBe(200);
    expect((await call('POST', '/api/x', { host: 'localhost', origin: 'http://localhost:80' })).status).toBe(200);
    expect((await call('GET', '/api/x', { host, 'sec-fetch-site': 'none' })).status).toBe(200);
    expect((await call('POST', '/api/x', { host })).status).toBe(200);
    // Behind a TLS proxy that keeps the Host header.
    expect((await call('POST', '/api/x', { host: 'qiao.example', origin: 'https://qiao.example' })).status).toBe(200);
  });

  it.each([
    ['another port', { origin: 'http://127.0.0.1:9999' }],
    ['another host name for the same machine', { origin: 'http://localhost:8080' }],
    ['an opaque origin (sandboxed frame, file:, data:)', { origin: 'null' }],
    ['a non-web scheme', { origin: 'chrome-extension://abc' }],
    ['garbage', { origin: '::::' }],
  ])('refuses an Origin from %s with 403, on reads too', async (_what, headers) => {
    for (const method of ['POST', 'GET', 'PUT', 'DELETE']) {
      const res = await call(method, '/api/x', { host, ...headers });
      expect(res).toMatchObject({ status: 403, code: 'api.cross_origin' });
      expect(res.message).toContain('only its own console');
    }
  });

  it.each(['cross-site', 'same-site', 'bogus'])('refuses Sec-Fetch-Site: %s whatever the Origin says', async (site) => {
    const res = await call('GET', '/api/x', { host, origin: 'http://127.0.0.1:8080', 'sec-fetch-site': site });
    expect(res).toMatchObject({ status: 403, code: 'api.cross_site' });
  });
});
