import { IntegrationError, type ErrorKind } from '../../core/errors.js';

/**
 * Everything the client knows about one failed call, gathered before classification.
 * Secret-free by construction: no headers, no request body.
 */
export interface OkkiFailure {
  /** `network`: no HTTP reply (refused, reset, DNS); `timeout`: our deadline passed; `http`: a reply came. */
  stage: 'network' | 'timeout' | 'http';
  method: 'GET' | 'POST';
  /** Path without query, e.g. `/v1/invoices/order/push`. */
  path: string;
  /** Whether the call changes data in OKKI (pushes, removes). */
  write: boolean;
  httpStatus?: number;
  /** Envelope `code` when the body had one. */
  vendorCode?: number | string;
  /** Envelope `message` (or OAuth `error_description`/`message`). */
  vendorMessage?: string;
  /** OAuth-style `error` field, e.g. `invalid_client`, `access_denied`. */
  oauthError?: string;
  /** Low-level error code of a network failure, e.g. `ECONNREFUSED`. */
  networkCode?: string;
  retryAfterMs?: number;
  /** From `serverErrorOnWrite`: how 500/502/503 on a write is treated (unset: outcome_unknown). */
  serverErrorOnWrite?: 'transient' | 'outcome_unknown';
}

/** One row of the classification table: the first rule whose `when` matches decides. */
export interface OkkiErrorRule {
  code: string;
  kind: ErrorKind;
  when: (f: OkkiFailure) => boolean;
  /** What the operator should do; appended to the message. */
  hint: string;
}

const msg = (f: OkkiFailure): string => `${f.vendorMessage ?? ''} ${f.oauthError ?? ''}`;
const isToken = (f: OkkiFailure): boolean => f.path.startsWith('/v1/oauth2/');
/** Failures that prove the request never reached the server, so even a push is safe to repeat. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
]);
const SCOPE = /no permission (\w+) scopes?/i;

/**
 * The declarative classification table. Order matters: specific rules first.
 * Kinds follow core/errors.ts: the runtime reads only `kind` and `code`.
 */
export const okkiErrorRules: readonly OkkiErrorRule[] = [
  {
    code: 'okki.outcome_unknown',
    kind: 'outcome_unknown',
    when: (f) => f.write && (f.stage === 'timeout' || (f.stage === 'network' && !NOT_SENT.has(f.networkCode ?? ''))),
    hint: 'The push may have been saved. Look the record up (e.g. getOrder({ order_no })) before repeating it.',
  },
  {
    code: 'okki.timeout',
    kind: 'transient',
    when: (f) => f.stage === 'timeout',
    hint: 'OKKI did not answer in time; retry later or raise timeoutMs.',
  },
  {
    code: 'okki.network',
    kind: 'transient',
    when: (f) => f.stage === 'network',
    hint: 'Check the network and baseUrl; retry later.',
  },
  {
    code: 'okki.rate_limited',
    kind: 'rate_limited',
    when: (f) => f.httpStatus === 429 || String(f.vendorCode) === '429',
    hint: 'OKKI asked to slow down; lower rateLimit.ratePerSecond / concurrency for this connection.',
  },
  {
    code: 'okki.invalid_client',
    kind: 'config',
    when: (f) =>
      /invalid_client|client authentication failed|invalid_credentials|user\.authentication\.failed/i.test(msg(f)),
    hint: 'Check clientId and clientSecret (企业管理 → 外部对接 → API对接).',
  },
  {
    code: 'okki.scope_invalid',
    kind: 'config',
    when: (f) => /invalid_scope/i.test(msg(f)),
    hint: 'Check the scopes setting: only module names such as invoices, company, product, user.',
  },
  {
    code: 'okki.scope_missing',
    kind: 'config',
    when: (f) => SCOPE.test(msg(f)),
    hint: "Add the module to the connection's scopes and make sure the tenant granted it to the API client.",
  },
  {
    code: 'okki.auth_rejected',
    kind: 'config',
    when: (f) => f.httpStatus === 401 || /access_denied/i.test(msg(f)),
    hint: 'A fresh token was rejected too: check that API access (API对接) is still enabled for this tenant.',
  },
  {
    code: 'okki.token_failed',
    kind: 'config',
    when: (f) => isToken(f) && f.httpStatus !== undefined && f.httpStatus >= 400 && f.httpStatus < 500,
    hint: 'The token request was refused; check the connection settings.',
  },
  {
    code: 'okki.server_error',
    kind: 'outcome_unknown',
    // The push may have committed before the server failed: a blind repeat could add its lines twice.
    when: (f) =>
      f.write && (f.httpStatus ?? 0) >= 500 && (f.httpStatus === 504 || f.serverErrorOnWrite !== 'transient'),
    hint: 'OKKI failed while handling a push that may have been saved. Look the record up before repeating it.',
  },
  {
    code: 'okki.server_error',
    kind: 'transient',
    when: (f) => (f.httpStatus ?? 0) >= 500,
    hint: 'OKKI had an internal error; retry later.',
  },
  {
    code: 'okki.edit_permission_denied',
    kind: 'record',
    when: (f) => /没有权限|no privilege/i.test(msg(f)),
    hint: 'The user_id in the payload may not edit this record: grant the role in OKKI, or send a user with permission, or omit user_id.',
  },
  {
    code: 'okki.not_found',
    kind: 'record',
    when: (f) => f.httpStatus === 404 || String(f.vendorCode) === '404' || /not found resource/i.test(msg(f)),
    hint: 'The id or number does not exist in OKKI (or was deleted).',
  },
  {
    code: 'okki.bad_response',
    kind: 'outcome_unknown',
    when: (f) => f.write && f.vendorCode === undefined && !f.vendorMessage && (f.httpStatus ?? 0) < 400,
    hint: 'OKKI answered a push with something that is not its JSON envelope, so the push may have been saved. Look the record up before repeating it.',
  },
  {
    code: 'okki.bad_response',
    kind: 'transient',
    when: (f) => f.vendorCode === undefined && !f.vendorMessage && (f.httpStatus ?? 0) < 400,
    hint: 'OKKI replied with something that is not its JSON envelope; retry later.',
  },
  {
    code: 'okki.rejected',
    kind: 'record',
    when: () => true,
    hint: 'OKKI refused this record; fix the fields named in the message.',
  },
];

/** An OKKI failure: keeps the vendor's `code` and `message` next to qiao's classification. */
export class OkkiError extends IntegrationError {
  /** The envelope `code` (e.g. 404), when OKKI sent one. */
  readonly vendorCode?: number | string;
  /** The envelope `message` as sent by OKKI (never contains our secrets). */
  readonly vendorMessage?: string;
  readonly httpStatus?: number;

  constructor(
    message: string,
    options: ConstructorParameters<typeof IntegrationError>[1] & {
      vendorCode?: number | string;
      vendorMessage?: string;
      httpStatus?: number;
    },
  ) {
    super(message, options);
    this.name = 'OkkiError';
    this.vendorCode = options.vendorCode;
    this.vendorMessage = options.vendorMessage;
    this.httpStatus = options.httpStatus;
  }
}

/** Picks the first matching rule of `okkiErrorRules` and builds the error. */
export function classifyOkkiFailure(
  failure: OkkiFailure,
  cause?: unknown,
  rules: readonly OkkiErrorRule[] = okkiErrorRules,
): OkkiError {
  const rule = rules.find((r) => r.when(failure)) ?? okkiErrorRules[okkiErrorRules.length - 1]!;
  const where = `${failure.method} ${failure.path}`;
  const what =
    failure.stage === 'timeout'
      ? 'got no reply before the timeout'
      : failure.stage === 'network'
        ? `failed on the network${failure.networkCode ? ` (${failure.networkCode})` : ''}`
        : `failed with HTTP ${failure.httpStatus}${failure.vendorCode !== undefined ? `, code ${failure.vendorCode}` : ''}${failure.vendorMessage || failure.oauthError ? `: ${[failure.oauthError, failure.vendorMessage].filter(Boolean).join(' – ')}` : ''}`;
  const scope = SCOPE.exec(msg(failure))?.[1];
  return new OkkiError(`OKKI ${where} ${what}. ${rule.hint}`, {
    code: rule.code,
    kind: rule.kind,
    retryAfterMs: rule.kind === 'rate_limited' ? failure.retryAfterMs : undefined,
    vendorCode: failure.vendorCode,
    vendorMessage: failure.vendorMessage,
    httpStatus: failure.httpStatus,
    details: {
      service: 'okki',
      operation: where,
      ...(failure.httpStatus !== undefined && { httpStatus: failure.httpStatus }),
      ...(failure.vendorCode !== undefined && { vendorCode: failure.vendorCode }),
      ...(failure.vendorMessage && { vendorMessage: failure.vendorMessage.slice(0, 500) }),
      ...(failure.oauthError && { oauthError: failure.oauthError }),
      ...(failure.networkCode && { networkCode: failure.networkCode }),
      ...(scope && { scope }),
    },
    cause,
  });
}

/**
 * Parses a Retry-After header: delta-seconds or an HTTP date (milliseconds from `now`).
 * Returns undefined when absent or unreadable.
 */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
