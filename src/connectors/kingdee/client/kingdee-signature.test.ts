import { describe, expect, it } from 'vitest';
import {
  buildSignatureHeaders,
  deriveClientSecret,
  encodeSignaturePath,
  loginBySignSign,
  splitAppId,
} from './kingdee-signature.js';

// Test vectors from the reference (§2.5, §2.6), computed there with the official PY82 SDK code.
const appId = '123456_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX';
const appSecret = '0123456789abcdef0123456789abcdef';
const url =
  'http://localhost:8080/k3cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExecuteBillQuery.common.kdsvc';

describe('Kingdee signatures (reference test vectors)', () => {
  it('derives the client secret from the app id', () => {
    expect(splitAppId(appId)).toEqual({ clientId: '123456', secretPart: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYX' });
    expect(deriveClientSecret(splitAppId(appId).secretPart)).toBe('MDE3N2I2PzBrPzg4OD45N3IhK3B1InIk');
  });

  it('encodes the signed path like Python quote + %2F', () => {
    expect(encodeSignaturePath(new URL(url).pathname)).toBe(
      '%2Fk3cloud%2FKingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExecuteBillQuery.common.kdsvc',
    );
    expect(encodeSignaturePath('/a b/(x)*/é')).toBe('%2Fa%20b%2F%28x%29%2A%2F%C3%A9');
  });

  it('builds the X-Api and X-Kd headers byte for byte', () => {
    const headers = buildSignatureHeaders({
      url,
      acctId: 'acct1',
      username: 'user1',
      appId,
      appSecret,
      lcid: 2052,
      timestampSeconds: 1700000000,
    });
    expect(headers['X-Kd-Appdata']).toBe('YWNjdDEsdXNlcjEsMjA1Miww');
    expect(headers['X-Kd-Signature']).toBe(
      'ZDdlZGU0YTE0OWRhMTg2NzgzNDUzNTUwNWEzYzI2YzU4NTZkYzI2NWI3ZDUwNTFkMDI0NzA0NTRhMDY1OGUzOQ==',
    );
    expect(headers['X-Api-Signature']).toBe(
      'N2M1YmZlZTUyZjc5YTRjMzU0MjkxMWVjODQ0YWEwZjQ0NzQyNWZjZjcwNGFhNzg0MzMxOGI5ZmI4YjNlMzUxOA==',
    );
    expect(headers['X-Api-ClientID']).toBe('123456');
    expect(headers['X-Kd-Appkey']).toBe(appId);
    expect(headers['x-api-timestamp']).toBe('1700000000');
    expect(headers['x-api-nonce']).toBe('1700000000');
    expect(headers['X-Api-Auth-Version']).toBe('2.0');
  });

  it('signs with a different timestamp differently (the clock is part of the signature)', () => {
    const a = buildSignatureHeaders({
      url,
      acctId: 'acct1',
      username: 'user1',
      appId,
      appSecret,
      lcid: 2052,
      timestampSeconds: 1700000000,
    });
    const b = buildSignatureHeaders({
      url,
      acctId: 'acct1',
      username: 'user1',
      appId,
      appSecret,
      lcid: 2052,
      timestampSeconds: 1700000001,
    });
    expect(a['X-Api-Signature']).not.toBe(b['X-Api-Signature']);
    expect(a['X-Kd-Signature']).toBe(b['X-Kd-Signature']);
  });

  it('gives empty client parts for an app id without exactly one underscore', () => {
    expect(splitAppId('a_b_c')).toEqual({ clientId: '', secretPart: '' });
    expect(deriveClientSecret('short')).toBe('');
  });

  it('computes the LoginBySign sign', () => {
    expect(
      loginBySignSign({ acctId: 'acct1', username: 'user1', appId, appSecret, timestampSeconds: 1700000000 }),
    ).toBe('720f3b066bbc7c3d3371568a6426453f7186d7356fa8289b4e2157cff7aad920');
  });
});
