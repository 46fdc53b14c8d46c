import { IntegrationError } from './errors.js';
import { networkErrorCode } from './network-error-code.js';

/**
 * What a failed call says about the service behind a connection (not about the record):
 * - `down`: the service cannot be reached at all (connection refused, DNS failure, no route);
 *   nothing was sent, and every other call would fail the same way;
 * - `degraded`: it answered badly or not in time (HTTP 5xx, 429, timeouts, dropped connections);
 *   one is bad luck, a streak of them is an outage.
 * null: a failure of this call alone (validation, not found, configuration), or a success of sorts.
 */
export type OutageSignal = 'down' | 'degraded';

/** Socket error codes that prove the server was never reached. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Codes connectors use for "no reply in time" and "the connection broke" (okki.timeout, kingdee.network…). */
const TRANSPORT_CODE = /\.(timeout|network)$/;

/**
 * Reads an error for an outage. Vendor-neutral: it looks at the socket error code behind the
 * failure (`details.networkCode`, or the `cause` chain), the HTTP status in `details.httpStatus`,
 * the error kind and the transport codes, never at messages.
 */
export function outageSignal(error: unknown): OutageSignal | null {
  if (!(error instanceof IntegrationError)) return null;
  let socketError: unknown = error;
  while (socketError instanceof IntegrationError) socketError = socketError.cause; // under re-labelled copies
  const detailsCode = typeof error.details.networkCode === 'string' ? error.details.networkCode : undefined;
  const socketCode = detailsCode ?? networkErrorCode(socketError);
  if (socketCode && UNREACHABLE.has(socketCode)) return 'down';
  if (error.kind === 'rate_limited') return 'degraded';
  if (error.kind !== 'transient' && error.kind !== 'outcome_unknown') return null;
  const status = typeof error.details.httpStatus === 'number' ? error.details.httpStatus : undefined;
  if (status !== undefined && (status >= 500 || status === 429 || status === 408)) return 'degraded';
  if (TRANSPORT_CODE.test(error.code)) return 'degraded';
  // A lost reply of a write (reset, cut off) is outcome_unknown without an HTTP status.
  if (error.kind === 'outcome_unknown' && status === undefined) return 'degraded';
  return null;
}
