import { networkErrorCode } from '../../../core/network-error-code.js';
import { IntegrationError } from '../../../core/errors.js';
import type { RateLimiter } from '../../../core/rate-limiter.js';
import { readCappedBody, type CappedBody } from '../../../core/read-capped-body.js';
import { redact } from '../../../core/redact.js';
import { KingdeeError } from '../kingdee-errors.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface KingdeeTransportOptions {
  baseUrl: string;
  /** Per call, including reading the body (milliseconds). */
  timeoutMs: number;
  fetch: FetchLike;
  limiter?: RateLimiter;
  /** Strings masked in any body excerpt kept in an error. */
  secrets: readonly string[];
  /** Largest reply body read (bytes); a bigger one fails the call instead of filling memory. */
  maxReplyBytes: number;
  /** Connection name from qiao.yaml, for messages. */
  connection?: string;
}

export interface KingdeeHttpReply {
  text: string;
  /** `name=value` of every Set-Cookie header. */
  cookies: Array<[string, string]>;
  /** Byte offset of the first invalid UTF-8 sequence (decoded as U+FFFD), or null. */
  invalidUtf8At: number | null;
}

/** Error codes of the connection layer that a refused connection produces (request never sent). */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** POSTs one service call and returns the body text; transport failures become KingdeeErrors. */
export class KingdeeTransport {
  private readonly base: string;

  constructor(private readonly options: KingdeeTransportOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  /** `{baseUrl}/{service}.common.kdsvc`. */
  urlOf(service: string): string {
    return `${this.base}/${service}.common.kdsvc`;
  }

  async post(
    service: string,
    body: string,
    headers: Record<string, string>,
    options: { write: boolean; signal?: AbortSignal },
  ): Promise<KingdeeHttpReply> {
    const task = () => this.postNow(service, body, headers, options);
    return this.options.limiter ? this.options.limiter.run(task) : task();
  }

  private async postNow(
    service: string,
    body: string,
    headers: Record<string, string>,
    options: { write: boolean; signal?: AbortSignal },
  ): Promise<KingdeeHttpReply> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    const fail = (source: 'network' | 'timeout' | 'bad_body', cause: unknown, sent = true): never => {
      if (options.signal?.aborted && !timeout.aborted) {
        throw new IntegrationError(`Kingdee ${service} was cancelled by the caller`, {
          code: 'kingdee.aborted',
          kind: 'transient',
          cause,
          details: { service },
        });
      }
      const timedOut = timeout.aborted;
      throw new KingdeeError({
        source: timedOut ? 'timeout' : source,
        service,
        write: options.write,
        sent,
        cause,
        extra: timedOut
          ? { timeoutMs: this.options.timeoutMs }
          : { reason: cause instanceof Error ? errorText(cause) : String(cause) },
      });
    };

    let response: Response;
    try {
      response = await this.options.fetch(this.urlOf(service), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept-Charset': 'utf-8', ...headers },
        body,
        signal,
      });
    } catch (error) {
      return fail('network', error, !NOT_SENT.has(networkErrorCode(error) ?? ''));
    }
    let reply: CappedBody;
    try {
      reply = await readCappedBody(response, this.options.maxReplyBytes);
    } catch (error) {
      // Headers arrived but the body broke off: same as a truncated reply.
      return fail('bad_body', error);
    }
    if (!reply.ok) {
      const { maxReplyBytes, connection } = this.options;
      const named = connection ? `connection "${connection}"` : `the connection to ${this.base}`;
      throw new KingdeeError({
        source: 'too_large',
        service,
        write: options.write,
        messages: [
          `the reply of ${named} is larger than its maxReplyBytes (${maxReplyBytes} bytes; ${reply.bytesRead} received when reading stopped)`,
        ],
        extra: { connection, maxReplyBytes, bytesRead: reply.bytesRead, setting: 'maxReplyBytes' },
      });
    }
    if (response.status !== 200 && response.status !== 206) {
      throw new KingdeeError({
        source: 'http',
        httpStatus: response.status,
        service,
        write: options.write,
        bodySnippet: this.snippet(reply.text),
      });
    }
    return { text: reply.text, cookies: readCookies(response.headers), invalidUtf8At: reply.invalidUtf8At };
  }

  /** First 200 characters of a body, secrets masked, for error details. */
  snippet(text: string): string {
    return redact(text.slice(0, 200), this.options.secrets);
  }
}

function readCookies(headers: Headers): Array<[string, string]> {
  const list =
    typeof headers.getSetCookie === 'function'
      ? headers.getSetCookie()
      : (headers.get('set-cookie') ?? '').split(/,(?=\s*[^;,=\s]+=)/);
  const out: Array<[string, string]> = [];
  for (const cookie of list) {
    const pair = cookie.split(';', 1)[0]!;
    const eq = pair.indexOf('=');
    if (eq > 0) out.push([pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()]);
  }
  return out;
}

function errorText(error: Error): string {
  const code = networkErrorCode(error);
  return code ? `${error.message} (${code})` : error.message;
}
