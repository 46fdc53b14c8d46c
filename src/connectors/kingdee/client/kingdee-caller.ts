import { type Logger, silentLogger } from '../../../core/logger.js';
import { RateLimiter } from '../../../core/rate-limiter.js';
import { isSessionLost, KingdeeError } from '../kingdee-errors.js';
import { parseKingdeeReply, type KingdeeReply } from './kingdee-response.js';
import { isWriteService } from './kingdee-services.js';
import { KingdeeSession } from './kingdee-session.js';
import { KingdeeTransport, type FetchLike } from './kingdee-transport.js';
import { kingdeeSecrets, type KingdeeConnectionConfig } from '../kingdee.config.js';

/** One finished HTTP call, for metrics (`api.call`). */
export interface KingdeeCallEvent {
  service: string;
  durationMs: number;
  ok: boolean;
  errorCode?: string;
}

export interface KingdeeClientDeps {
  /** HTTP client; default: global fetch. */
  fetch?: FetchLike;
  /** Clock in epoch milliseconds (signature and LoginBySign timestamps); default Date.now. */
  now?: () => number;
  logger?: Logger;
  /** Called after every business call (not logins) with its duration and outcome. */
  onCall?: (event: KingdeeCallEvent) => void;
  /** Connection name from qiao.yaml, for messages. */
  connection?: string;
  /** Waits between tries of a failed page read; default a real timer (tests pass one that moves `now`). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type StatusReply = Extract<KingdeeReply, { kind: 'status' }>;

/**
 * Sends one service call with the session, tells the reply shapes apart, and renews a lost
 * session once and repeats the call once (never more).
 */
export class KingdeeCaller {
  readonly transport: KingdeeTransport;
  readonly session: KingdeeSession;
  readonly logger: Logger;

  constructor(
    readonly config: KingdeeConnectionConfig,
    private readonly deps: KingdeeClientDeps,
  ) {
    this.logger = deps.logger ?? silentLogger;
    this.transport = new KingdeeTransport({
      baseUrl: config.baseUrl,
      timeoutMs: config.timeoutMs,
      fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
      limiter: config.rateLimit ? new RateLimiter(config.rateLimit) : undefined,
      secrets: kingdeeSecrets(config),
      maxReplyBytes: config.maxReplyBytes,
      connection: deps.connection,
    });
    this.session = new KingdeeSession(config, this.transport, deps.now ?? Date.now);
  }

  async request(
    service: string,
    body: unknown,
    options: { auth: boolean; signal?: AbortSignal },
  ): Promise<KingdeeReply> {
    const started = performance.now();
    try {
      const reply = await this.requestOnce(service, body, options);
      this.deps.onCall?.({
        service,
        durationMs: performance.now() - started,
        ok: !(reply.kind === 'status' && !reply.status.isSuccess),
      });
      return reply;
    } catch (error) {
      this.deps.onCall?.({
        service,
        durationMs: performance.now() - started,
        ok: false,
        errorCode: (error as { code?: string }).code,
      });
      throw error;
    }
  }

  private async requestOnce(
    service: string,
    body: unknown,
    options: { auth: boolean; signal?: AbortSignal },
  ): Promise<KingdeeReply> {
    const write = isWriteService(service);
    const text = JSON.stringify(body);
    const url = this.transport.urlOf(service);
    for (let attempt = 0; ; attempt++) {
      if (options.auth) await this.session.ensure(options.signal);
      const seen = this.session.current;
      const reply = await this.transport.post(service, text, options.auth ? this.session.headers(url) : {}, {
        write,
        signal: options.signal,
      });
      this.session.absorb(reply.cookies);
      const parsed = parseKingdeeReply(reply.text);
      if (parsed.kind === 'unparseable')
        throw new KingdeeError({
          source: 'bad_body',
          service,
          write,
          bodySnippet: this.transport.snippet(reply.text),
          extra: { reason: parsed.reason },
        });
      if (parsed.kind === 'exception')
        throw new KingdeeError({ source: 'exception', service, write, messages: [parsed.message] });
      const lost =
        (parsed.kind === 'status' &&
          !parsed.status.isSuccess &&
          isSessionLost(
            parsed.status.msgCode,
            parsed.status.errors.map((e) => e.message),
          )) ||
        (parsed.kind === 'errorList' &&
          isSessionLost(
            undefined,
            parsed.errors.map((e) => e.message),
          ));
      if (lost && options.auth && attempt === 0) {
        this.logger.warn?.(
          { service, method: this.config.auth.method },
          'Kingdee session lost; logging in again and repeating the call once',
        );
        await this.session.renew(seen, options.signal);
        continue;
      }
      if (parsed.kind === 'errorList')
        throw new KingdeeError({
          source: 'status',
          service,
          write,
          errors: parsed.errors,
          msgCode: lost ? 1 : undefined,
        });
      if (reply.invalidUtf8At !== null) {
        // Never silent: logged for every service; query pages also pass the offset on to the client,
        // which fails just the documents whose values hold the replaced bytes.
        this.logger.warn?.(
          { service, connection: this.deps.connection, byteOffset: reply.invalidUtf8At },
          'Kingdee reply is not valid UTF-8; the bad bytes were read as U+FFFD',
        );
        if (parsed.kind === 'data') parsed.invalidUtf8At = reply.invalidUtf8At;
      }
      return parsed;
    }
  }

  /** The data of a reply; throws for unsuccessful statuses and unexpected shapes. */
  dataOf(service: string, reply: KingdeeReply): unknown {
    if (reply.kind === 'data') return reply.value;
    if (reply.kind === 'status') throw this.statusError(service, reply);
    throw new KingdeeError({ source: 'shape', service, messages: [`unexpected ${reply.kind} reply`] });
  }

  statusError(service: string, reply: StatusReply, extra?: Record<string, unknown>): KingdeeError {
    const { status } = reply;
    return new KingdeeError({
      source: 'status',
      service,
      write: isWriteService(service),
      msgCode: status.msgCode,
      errors: status.errors,
      extra: { ...extra, errorCode: status.errorCode },
    });
  }
}
