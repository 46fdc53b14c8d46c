import { describe, expect, it } from 'vitest';
import { IntegrationError, type ErrorKind } from './errors.js';
import { outageSignal } from './outage-signal.js';

const socketError = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code } });
const error = (kind: ErrorKind, code: string, details: Record<string, unknown> = {}, cause?: unknown) =>
  new IntegrationError(`${code} happened`, { kind, code, details, cause });

describe('outageSignal', () => {
  it.each([
    [
      'refused (OKKI puts the socket code in details)',
      error('transient', 'okki.network', { networkCode: 'ECONNREFUSED' }),
      'down',
    ],
    [
      'DNS failure (Kingdee keeps it in the cause chain)',
      error('transient', 'kingdee.network', {}, socketError('ENOTFOUND')),
      'down',
    ],
    ['no route to host', error('transient', 'x.network', { networkCode: 'EHOSTUNREACH' }), 'down'],
    ['connect timeout', error('transient', 'x.network', {}, socketError('UND_ERR_CONNECT_TIMEOUT')), 'down'],
    ['reset after connecting', error('transient', 'okki.network', { networkCode: 'ECONNRESET' }), 'degraded'],
    ['HTTP 503 on a read', error('transient', 'okki.server_error', { httpStatus: 503 }), 'degraded'],
    [
      'HTTP 502 on a push (outcome unknown)',
      error('outcome_unknown', 'okki.server_error', { httpStatus: 502 }),
      'degraded',
    ],
    ['HTTP 429', error('rate_limited', 'okki.rate_limited', { httpStatus: 429 }), 'degraded'],
    ['throttled by the vendor, no status', error('rate_limited', 'kingdee.call_limit'), 'degraded'],
    ['a read timeout', error('transient', 'kingdee.timeout'), 'degraded'],
    ['a push whose reply was lost', error('outcome_unknown', 'okki.outcome_unknown'), 'degraded'],
    ['a record the target refused', error('record', 'okki.rejected', { httpStatus: 400 }), null],
    ['a lookup with nothing yet', error('lookup_missing', 'mapping.lookup_missing'), null],
    ['bad credentials', error('config', 'okki.invalid_client', { httpStatus: 401 }), null],
    ['a document locked by another user (网控)', error('transient', 'kingdee.network_control_conflict'), null],
    ['a lost Kingdee session', error('transient', 'kingdee.session_lost'), null],
  ])('%s → %s', (_what, failure, expected) => {
    expect(outageSignal(failure)).toBe(expected);
  });

  it('sees through a re-labelled copy (mapping adds where it happened) to the socket error', () => {
    const inner = error('transient', 'kingdee.network', {}, socketError('ECONNREFUSED'));
    const relabelled = new IntegrationError('Mapping field "x": …', {
      kind: 'transient',
      code: inner.code,
      cause: inner,
    });
    expect(outageSignal(relabelled)).toBe('down');
  });

  it('anything that is not an IntegrationError says nothing about the service', () => {
    expect(outageSignal(new Error('bug'))).toBeNull();
    expect(outageSignal(socketError('ECONNREFUSED'))).toBeNull();
  });
});
