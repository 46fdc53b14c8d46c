import type { Logger } from '../../../core/logger.js';
import { networkErrorCode } from '../../../core/network-error-code.js';
import { RateLimiter } from '../../../core/rate-limiter.js';
import { readCappedBody, type CappedBody } from '../../../core/read-capped-body.js';
import type { OkkiConnectionConfig } from '../okki.config.js';
import { classifyOkkiFailure, OkkiError, parseRetryAfter, type OkkiFailure } from '../okki-errors.js';
import { OkkiTokenCache, type OkkiToken } from './okki-token.js';

/** One logical call (retries included), for metrics. */
export interface OkkiCallEvent {
  operation: string;
  durationMs: number;
  ok: boolean;
  errorCode?: string;
}

export interface OkkiTransportDeps {
  fetch?: typeof fetch;
  now?: () => number;
  logger?: Logger;
  onCall?: (event: OkkiCallEvent) => void;
  /** Connection name from qiao.yaml, for messages. */
  connection?: string;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface OkkiRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, QueryValue>;
  /** JSON body (POST only). */
  body?: unknown;
  /** True for calls that change data: a timeout then means "outcome unknown", not "retry". */
  write?: boolean;
  /** Return null instead of throwing when OKKI answers 404 Not Found Resource. */
  notFoundAsNull?: boolean;
}

interface Reply {
  status: number;
  json: Record<string, unknown> | undefined;
  retryAfter: string | null;
  /** Byte offset of the first invalid UTF-8 sequence in the body (read as U+FFFD), or null. */
  invalidUtf8At: number | null;
}

const SCOPE_MESSAGE = /no permission \w+ scopes?/i;

/**
 * HTTP plumbing for one OKKI connection: token, timeouts, the per-connection rate limiter,
 * one token renewal after 401/access_denied, bounded 429 back-off, and the `{code, message, now, data}`
 * envelope. Returns `data` or throws an `OkkiError` classified by `okkiErrorRules`.
 */
export class OkkiTransport {
  readonly tokens: OkkiTokenCache;
  readonly limiter: RateLimiter;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly baseUrl: string;

  constructor(
    private readonly config: OkkiConnectionConfig,
    private readonly deps: OkkiTransportDeps = {},
  ) {
    this.fetchImpl = deps.fetch ?? globalThis.fetch;
    this.now = deps.now ?? Date.now;
    this.baseUrl = config.baseUrl.replace(/\/+$/, '');
    this.limiter = new RateLimiter(config.rateLimit, this.now);
    this.tokens = new OkkiTokenCache(() => this.fetchToken(), config.tokenRefreshMarginSeconds * 1000, this.now);
  }

  /** Performs `request` and returns the envelope's `data`. */
  async request<T>(request: OkkiRequest): Promise<T> {
    const started = this.now();
    const operation = `${request.method} ${request.path}`;
    try {
      const data = await this.requestWithRetries<T>(request);
      this.deps.onCall?.({ operation, durationMs: this.now() - started, ok: true });
      return data;
    } catch (error) {
      this.deps.onCall?.({
        operation,
        durationMs: this.now() - started,
        ok: false,
        errorCode: error instanceof OkkiError ? error.code : 'internal',
      });
      throw error;
    }
  }

  private async requestWithRetries<T>(request: OkkiRequest): Promise<T> {
    let renewed = false;
    let throttled = 0;
    let token: OkkiToken | undefined;
    for (;;) {
      try {
        token = token ?? (await this.tokens.get());
      } catch (error) {
        if (
          error instanceof OkkiError &&
          error.kind === 'rate_limited' &&
          this.backOff(error.retryAfterMs, throttled)
        ) {
          throttled++;
          continue;
        }
        throw error;
      }
      const current = token;
      const reply = await this.limiter.run(() => this.send(request, current));
      const failure = this.failureOf(request, reply);
      if (!failure) {
        if (reply.invalidUtf8At !== null) this.badEncoding(request, reply.invalidUtf8At);
        return (reply.json?.data ?? null) as T;
      }

      if (isAuthRejection(reply) && !renewed) {
        renewed = true;
        this.deps.logger?.warn(
          { operation: `${request.method} ${request.path}` },
          'OKKI rejected the access token; fetching a new one and retrying once',
        );
        token = await this.tokens.renewAfterRejection(current);
        continue;
      }
      const error = classifyOkkiFailure(failure);
      if (error.kind === 'rate_limited' && this.backOff(error.retryAfterMs, throttled)) {
        throttled++;
        continue;
      }
      if (request.notFoundAsNull && error.code === 'okki.not_found') return null as T;
      throw error;
    }
  }

  /**
   * A reply with bytes that are not UTF-8 is never taken silently. After a push it is only logged:
   * the push landed, and failing it would make the runtime repeat it. Anything else (lookups,
   * lists) fails with a record error, so the document that needed the data fails and says why.
   */
  private badEncoding(request: OkkiRequest, offset: number): void {
    const operation = `${request.method} ${request.path}`;
    if (request.write) {
      this.deps.logger?.warn(
        { operation, connection: this.deps.connection, byteOffset: offset },
        'OKKI reply is not valid UTF-8; the bad bytes were read as U+FFFD',
      );
      return;
    }
    throw new OkkiError(
      `OKKI ${operation} answered with bytes that are not valid UTF-8 (first at byte ${offset} of the reply); the data cannot be trusted. Check the record in OKKI, then retry this document.`,
      {
        code: 'okki.invalid_utf8',
        kind: 'record',
        details: { service: 'okki', operation, connection: this.deps.connection, byteOffset: offset },
      },
    );
  }

  /** The reply was cut off at maxReplyBytes: a push may have landed (outcome unknown), anything else is a setting to raise. */
  private tooLarge(request: OkkiRequest, bytesRead: number): OkkiError {
    const operation = `${request.method} ${request.path}`;
    const named = this.deps.connection ? `connection "${this.deps.connection}"` : `the connection to ${this.baseUrl}`;
    const write = request.write === true;
    const next = write
      ? 'The push may have been saved: look the record up in OKKI before repeating it, and raise maxReplyBytes of this connection in qiao.yaml.'
      : 'Raise maxReplyBytes of this connection in qiao.yaml, or lower pageSize.';
    return new OkkiError(
      `OKKI ${operation}: the reply of ${named} is larger than its maxReplyBytes (${this.config.maxReplyBytes} bytes; ${bytesRead} received when reading stopped). ${next}`,
      {
        code: 'okki.reply_too_large',
        kind: write ? 'outcome_unknown' : 'config',
        details: {
          service: 'okki',
          operation,
          connection: this.deps.connection,
          maxReplyBytes: this.config.maxReplyBytes,
          bytesRead,
          setting: 'maxReplyBytes',
        },
      },
    );
  }

  /** Pauses the connection for a 429 and says whether this call may try again. */
  private backOff(retryAfterMs: number | undefined, throttledSoFar: number): boolean {
    const wait = retryAfterMs ?? this.config.defaultRetryAfterMs;
    this.limiter.pauseFor(wait);
    const again = throttledSoFar < this.config.retryOn429 && wait <= this.config.maxRetryAfterMs;
    this.deps.logger?.debug({ waitMs: wait, retry: again }, 'OKKI rate limit hit (HTTP 429)');
    return again;
  }

  private failureOf(request: OkkiRequest, reply: Reply): OkkiFailure | undefined {
    const code = reply.json?.code;
    const envelopeOk =
      code === undefined
        ? reply.json?.error === undefined && reply.json !== undefined
        : this.config.successCodes.includes(Number(code));
    if (reply.status >= 200 && reply.status < 300 && envelopeOk) return undefined;
    return {
      stage: 'http',
      method: request.method,
      path: request.path,
      write: request.write === true,
      httpStatus: reply.status,
      vendorCode: typeof code === 'number' || typeof code === 'string' ? code : undefined,
      vendorMessage: textOf(reply.json?.message ?? reply.json?.msg ?? reply.json?.error_description),
      oauthError: textOf(reply.json?.error),
      retryAfterMs: parseRetryAfter(reply.retryAfter, this.now()),
      serverErrorOnWrite: this.config.serverErrorOnWrite,
    };
  }

  /** POST /v1/oauth2/access_token (client_credentials). */
  private async fetchToken(): Promise<OkkiToken> {
    const path = '/v1/oauth2/access_token';
    const fields = {
      grant_type: 'client_credentials',
      client_id: this.config.clientId,
      client_secret: this.config.clientSecret,
      scope: this.config.scopes.join(' '),
    };
    const request: OkkiRequest = { method: 'POST', path, body: fields };
    const reply = await this.send(request, undefined);
    const json = reply.json ?? {};
    const inner = (typeof json.data === 'object' && json.data !== null ? json.data : json) as Record<string, unknown>;
    const accessToken = inner.access_token;
    if (reply.status >= 200 && reply.status < 300 && typeof accessToken === 'string' && accessToken.length > 0) {
      const ttl = Number(inner.expires_in);
      const ttlSeconds = Number.isFinite(ttl) && ttl > 0 ? ttl : this.config.defaultTokenTtlSeconds;
      this.deps.logger?.debug({ expiresInSeconds: ttlSeconds }, 'OKKI access token obtained');
      return { accessToken, expiresAt: this.now() + ttlSeconds * 1000 };
    }
    const failure = this.failureOf(request, { ...reply, status: reply.status < 300 ? 502 : reply.status }) ?? {
      stage: 'http',
      method: 'POST',
      path,
      write: false,
      httpStatus: reply.status,
    };
    throw classifyOkkiFailure(failure);
  }

  /** One HTTP exchange under the timeout; network failures and timeouts are thrown classified. */
  private async send(request: OkkiRequest, token: OkkiToken | undefined): Promise<Reply> {
    const url = new URL(this.baseUrl + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token)
      headers.authorization =
        this.config.authHeaderScheme === 'bearer' ? `Bearer ${token.accessToken}` : token.accessToken;
    let body: string | undefined;
    if (request.body !== undefined) {
      const form = !token && this.config.tokenRequestEncoding === 'form';
      headers['content-type'] = form ? 'application/x-www-form-urlencoded' : 'application/json';
      body = form
        ? new URLSearchParams(request.body as Record<string, string>).toString()
        : JSON.stringify(request.body);
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.config.timeoutMs);
    let response: Response;
    let reply: CappedBody;
    try {
      response = await this.fetchImpl(url, { method: request.method, headers, body, signal: controller.signal });
      reply = await readCappedBody(response, this.config.maxReplyBytes);
    } catch (error) {
      const base = { method: request.method, path: request.path, write: request.write === true } as const;
      if (timedOut) throw classifyOkkiFailure({ ...base, stage: 'timeout' }, error);
      throw classifyOkkiFailure({ ...base, stage: 'network', networkCode: networkErrorCode(error) }, error);
    } finally {
      clearTimeout(timer);
    }
    if (!reply.ok) throw this.tooLarge(request, reply.bytesRead);
    return {
      status: response.status,
      json: parseJson(reply.text),
      retryAfter: response.headers.get('retry-after'),
      invalidUtf8At: reply.invalidUtf8At,
    };
  }
}

function isAuthRejection(reply: Reply): boolean {
  const text = `${textOf(reply.json?.message) ?? ''} ${textOf(reply.json?.error) ?? ''}`;
  if (SCOPE_MESSAGE.test(text)) return false; // a new token carries the same scopes: renewing cannot help
  return reply.status === 401 || /access_denied/i.test(text);
}

function parseJson(text: string): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
