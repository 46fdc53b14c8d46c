import { describe, expect, it } from 'vitest';
import { behind } from './guards.test-helpers.js';
import { jsonContentType } from './json-content-type.js';

const call = behind(jsonContentType());

describe('jsonContentType', () => {
  it('accepts application/json (UTF-8) on every state-changing method, and reads without it', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8'])
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH'])
        expect((await call(method, '/api/x', { 'content-type': type })).status, `${method} ${type}`).toBe(200);
    expect((await call('GET', '/api/x')).status).toBe(200);
  });

  it.each([
    ['none', undefined],
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['a JSON look-alike', 'application/json-patch+json'],
    ['text/json', 'text/json'],
    ['another charset', 'application/json; charset=latin1'],
  ])('refuses %s with 415 naming what it needs', async (_what, type) => {
    const res = await call('POST', '/api/x', type === undefined ? {} : { 'content-type': type });
    expect(res).toMatchObject({ status: 415, code: 'api.unsupported_media_type' });
    expect(res.message).toContain('Content-Type: application/json');
  });
});
