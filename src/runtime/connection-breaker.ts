import {
  BrokenCircuitError,
  CircuitState,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
  type IBackoff,
  type IHalfOpenAfterBackoffContext,
  type IBreaker,
} from 'cockatiel';
import type { BreakerSettings } from '../core/breaker-settings.js';
import { IntegrationError, type SerializedError, serializeError } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { outageSignal } from '../core/outage-signal.js';

/** The code of the error a call gets while its connection's breaker is open (nothing was sent). */
export const CONNECTION_UNAVAILABLE = 'connection.unavailable';

/** Whether `error` (or what it re-labels) is the open breaker's refusal: the call was never sent. */
export function isConnectionUnavailable(error: unknown): boolean {
  return error instanceof IntegrationError && error.code === CONNECTION_UNAVAILABLE;
}

/** An outage as the breaker saw it: since when, and the failure that opened it. */
export interface Outage {
  connection: string;
  /** When the breaker first opened (epoch ms); it stays open across failed probes. */
  since: number;
  /** When the next call may go through as a probe (epoch ms). */
  probeAt: number;
  cause: SerializedError;
}

/**
 * Opens at once on a `down` signal (refused, DNS), after `failureStreak` consecutive `degraded`
 * ones (5xx, 429, timeouts). Reads the failure from the policy, which records it just before
 * asking (cockatiel's breaker interface does not pass it).
 */
class OutageStreakBreaker implements IBreaker {
  state = { streak: 0 };

  constructor(
    private readonly failureStreak: number,
    private readonly lastError: () => unknown,
  ) {}

  success(): void {
    this.state.streak = 0;
  }

  failure(circuit: CircuitState): boolean {
    if (circuit === CircuitState.HalfOpen) return true;
    this.state.streak++;
    return outageSignal(this.lastError()) === 'down' || this.state.streak >= this.failureStreak;
  }
}

/**
 * The circuit breaker of one connection (cockatiel's CircuitBreakerPolicy), shared by every run
 * and scheme that uses the connection, for the life of the engine. While it is open, calls fail
 * at once with `connection.unavailable` instead of each waiting for its own timeout; after
 * `probeAfterMs` (doubling per failed probe, up to `maxProbeAfterMs`) one call goes through as a
 * probe, and its success closes the breaker for everyone.
 *
 * It also tells the runtime which failures must not use up a record's tries (`wasDown`): those
 * that prove only that the service was down — a refused connection, and every outage-class
 * failure after the one that opened the breaker (in flight when it opened, or a failed probe).
 */
export class ConnectionBreaker {
  private readonly policy: CircuitBreakerPolicy;
  private readonly streak: OutageStreakBreaker;
  private readonly downErrors = new WeakSet<object>();
  private openForMs = 0;
  private openedAt = 0;
  private outageSince: number | null = null;
  private openedBy: unknown = null;
  private cause: SerializedError | null = null;

  constructor(
    readonly connection: string,
    readonly settings: BreakerSettings,
    private readonly logger: Logger = silentLogger,
  ) {
    this.streak = new OutageStreakBreaker(settings.failureStreak, () => {
      const last = this.policy.lastFailure;
      return last && 'error' in last ? last.error : undefined;
    });
    const { probeAfterMs, maxProbeAfterMs } = settings;
    const probeWait = (ms: number): IBackoff<IHalfOpenAfterBackoffContext> => {
      this.openForMs = ms; // made by the policy exactly when it opens
      return { duration: ms, next: () => probeWait(Math.min(maxProbeAfterMs, ms * 2)) };
    };
    this.policy = circuitBreaker(
      handleWhen((error) => outageSignal(error) !== null),
      {
        halfOpenAfter: { next: () => probeWait(Math.min(probeAfterMs, maxProbeAfterMs)) },
        breaker: this.streak,
      },
    );
    this.policy.onBreak((reason) => this.opened('error' in reason ? reason.error : undefined));
    this.policy.onReset(() => this.closed());
  }

  /** closed: calls go through; open: refused until the probe time; half_open: one probe in flight. */
  get state(): 'closed' | 'open' | 'half_open' {
    const state = this.policy.state;
    return state === CircuitState.Closed ? 'closed' : state === CircuitState.HalfOpen ? 'half_open' : 'open';
  }

  /** The current outage, or null while the breaker is closed. */
  outage(): Outage | null {
    if (this.outageSince === null || this.cause === null) return null;
    return {
      connection: this.connection,
      since: this.outageSince,
      probeAt: this.openedAt + this.openForMs,
      cause: this.cause,
    };
  }

  /** Whether a call sent now would go through: the breaker is closed, or open and due for a probe. */
  mayCall(now: number = Date.now()): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    return state === 'open' && now >= this.openedAt + this.openForMs;
  }

  /** Runs `call` through the breaker. While open, throws `connection.unavailable` without calling. */
  async execute<T>(call: () => Promise<T>): Promise<T> {
    const closedAtStart = this.policy.state === CircuitState.Closed;
    try {
      return await this.policy.execute(call);
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw this.unavailable();
      const signal = outageSignal(error);
      if (signal === null) {
        // The service answered (a record error, say): it is up, whatever the streak said.
        if (closedAtStart) this.streak.success();
      } else if (
        signal === 'down' ||
        !closedAtStart ||
        (this.policy.state !== CircuitState.Closed && this.openedBy !== error)
      ) {
        if (typeof error === 'object' && error !== null) this.downErrors.add(error);
      }
      throw error;
    }
  }

  /** Whether this failure (or the one it re-labels) only shows the outage: no try is charged for it. */
  wasDown(error: unknown): boolean {
    for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
      if (this.downErrors.has(current) || isConnectionUnavailable(current)) return true;
      current = (current as { cause?: unknown }).cause;
    }
    return false;
  }

  /** Calls `listener` whenever the breaker opens, probes or closes. */
  onStateChange(listener: () => void): { dispose(): void } {
    return this.policy.onStateChange(() => listener());
  }

  private opened(error: unknown): void {
    this.openedAt = Date.now();
    const first = this.outageSince === null;
    if (first) {
      this.outageSince = this.openedAt;
      this.openedBy = error;
      this.cause = serializeError(error);
    }
    this.logger.warn(
      {
        connection: this.connection,
        error: first ? this.cause : serializeError(error),
        probeInMs: this.openForMs,
        downSince: new Date(this.outageSince ?? this.openedAt).toISOString(),
      },
      first
        ? 'connection looks down: writing to it stops until a probe succeeds'
        : 'probe failed: the connection is still down',
    );
  }

  private closed(): void {
    this.logger.info(
      { connection: this.connection, downForMs: this.outageSince === null ? 0 : Date.now() - this.outageSince },
      'connection is back: a probe succeeded',
    );
    this.outageSince = null;
    this.openedBy = null;
    this.cause = null;
  }

  private unavailable(): IntegrationError {
    const outage = this.outage();
    const waitMs = outage ? Math.max(0, outage.probeAt - Date.now()) : this.settings.probeAfterMs;
    const since = outage ? new Date(outage.since).toISOString() : 'just now';
    return new IntegrationError(
      `Connection "${this.connection}" is unavailable since ${since} (${outage?.cause.code ?? 'outage'}); nothing was sent. qiao probes it again in ${Math.ceil(waitMs / 1000)} s; check the service and the network if this lasts.`,
      {
        code: CONNECTION_UNAVAILABLE,
        kind: 'transient',
        retryAfterMs: waitMs,
        details: { connection: this.connection, since, cause: outage?.cause.code },
      },
    );
  }
}

/**
 * When to look again at a record whose failure only showed a connection was down (see
 * `ConnectionBreaker.wasDown`): the breaker's next probe, on the caller's clock. Null when the
 * failure is the record's own (or no breaker saw it).
 */
export function connectionDownFor(
  breakers: ReadonlyMap<string, ConnectionBreaker> | undefined,
  error: unknown,
  now: Date,
): { probeAt: Date } | null {
  for (const breaker of breakers?.values() ?? []) {
    if (!breaker.wasDown(error)) continue;
    const probeInMs = Math.max(0, (breaker.outage()?.probeAt ?? 0) - Date.now());
    return { probeAt: new Date(now.getTime() + probeInMs) };
  }
  return null;
}
