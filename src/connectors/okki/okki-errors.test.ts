import { describe, expect, it } from 'vitest';
import { IntegrationError } from '../../core/errors.js';
import { classifyOkkiFailure, OkkiError, parseRetryAfter, type OkkiFailure } from './okki-errors.js';

const push: Pick<OkkiFailure, 'method' | 'path' | 'write'> = {
  method: 'POST',
  path: '/v1/invoices/order/push',
  write: true,
};
const info: Pick<OkkiFailure, 'method' | 'path' | 'write'> = {
  method: 'GET',
  path: '/v1/invoices/order/info',
  write: false,
};
const token: Pick<OkkiFailure, 'method' | 'path' | 'write'> = {
  method: 'POST',
  path: '/v1/oauth2/access_token',
  write: false,
};

describe('classifyOkkiFailure', () => {
  const cases: Array<[string, OkkiFailure, string, string]> = [
    ['push timed out', { ...push, stage: 'timeout' }, 'outcome_unknown', 'okki.outcome_unknown'],
    [
      'push connection reset after sending',
      { ...push, stage: 'network', networkCode: 'ECONNRESET' },
      'outcome_unknown',
      'okki.outcome_unknown',
    ],
    [
      'push connection refused (never sent)',
      { ...push, stage: 'network', networkCode: 'ECONNREFUSED' },
      'transient',
      'okki.network',
    ],
    ['read timed out', { ...info, stage: 'timeout' }, 'transient', 'okki.timeout'],
    ['429', { ...info, stage: 'http', httpStatus: 429, retryAfterMs: 2000 }, 'rate_limited', 'okki.rate_limited'],
    [
      'bad client secret',
      {
        ...token,
        stage: 'http',
        httpStatus: 400,
        oauthError: 'invalid_client',
        vendorMessage: 'Client authentication failed',
      },
      'config',
      'okki.invalid_client',
    ],
    [
      'scope missing',
      { ...info, stage: 'http', httpStatus: 403, vendorCode: 403, vendorMessage: 'no permission invoices scopes' },
      'config',
      'okki.scope_missing',
    ],
    [
      'token still rejected',
      { ...info, stage: 'http', httpStatus: 401, oauthError: 'access_denied' },
      'config',
      'okki.auth_rejected',
    ],
    ['500 on read', { ...info, stage: 'http', httpStatus: 500 }, 'transient', 'okki.server_error'],
    ['500 on push (default)', { ...push, stage: 'http', httpStatus: 500 }, 'outcome_unknown', 'okki.server_error'],
    [
      '502 on push (configured outcome_unknown)',
      { ...push, stage: 'http', httpStatus: 502, serverErrorOnWrite: 'outcome_unknown' },
      'outcome_unknown',
      'okki.server_error',
    ],
    [
      '503 on push (configured transient)',
      { ...push, stage: 'http', httpStatus: 503, serverErrorOnWrite: 'transient' },
      'transient',
      'okki.server_error',
    ],
    [
      '504 on push (configured transient)',
      { ...push, stage: 'http', httpStatus: 504, serverErrorOnWrite: 'transient' },
      'outcome_unknown',
      'okki.server_error',
    ],
    ['504 on push', { ...push, stage: 'http', httpStatus: 504 }, 'outcome_unknown', 'okki.server_error'],
    [
      'not found',
      { ...info, stage: 'http', httpStatus: 404, vendorCode: 404, vendorMessage: 'Not Found Resource' },
      'record',
      'okki.not_found',
    ],
    [
      'not found inside HTTP 200',
      { ...info, stage: 'http', httpStatus: 200, vendorCode: 404, vendorMessage: 'Not Found Resource（未知异常）' },
      'record',
      'okki.not_found',
    ],
    [
      'user lacks edit permission',
      { ...push, stage: 'http', httpStatus: 404, vendorCode: 404, vendorMessage: 'Not Found Resource没有权限编辑订单' },
      'record',
      'okki.edit_permission_denied',
    ],
    [
      'validation',
      { ...push, stage: 'http', httpStatus: 200, vendorCode: 400, vendorMessage: 'currency 不能为空' },
      'record',
      'okki.rejected',
    ],
    ['HTML from a proxy', { ...info, stage: 'http', httpStatus: 200 }, 'transient', 'okki.bad_response'],
    [
      'HTML from a proxy after a push',
      { ...push, stage: 'http', httpStatus: 200 },
      'outcome_unknown',
      'okki.bad_response',
    ],
  ];
  it.each(cases)('%s', (_label, failure, kind, code) => {
    const error = classifyOkkiFailure(failure);
    expect(error).toBeInstanceOf(OkkiError);
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error.kind).toBe(kind);
    expect(error.code).toBe(code);
    expect(error.message).toContain(failure.path);
  });

  it('keeps the vendor code and message, the scope name, and retryAfterMs for rate limits', () => {
    const scope = classifyOkkiFailure({
      ...info,
      stage: 'http',
      httpStatus: 403,
      vendorCode: 403,
      vendorMessage: 'no permission company scopes',
    });
    expect(scope.vendorCode).toBe(403);
    expect(scope.vendorMessage).toBe('no permission company scopes');
    expect(scope.details.scope).toBe('company');
    expect(scope.message).toContain('no permission company scopes');
    const limited = classifyOkkiFailure({ ...info, stage: 'http', httpStatus: 429, retryAfterMs: 1500 });
    expect(limited.retryAfterMs).toBe(1500);
    expect(limited.retryable).toBe(true);
    expect(
      classifyOkkiFailure({ ...info, stage: 'http', httpStatus: 500, retryAfterMs: 1500 }).retryAfterMs,
    ).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, ignores junk', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
