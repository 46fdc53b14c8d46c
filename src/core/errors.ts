/**
 * Every failure qiao raises says what to do next. The runtime reads `kind` (never the message)
 * to decide whether to retry, fail one record, or stop the run.
 */
export type ErrorKind =
  /** Network trouble, 5xx, vendor throttling: try again later with backoff. */
  | 'transient'
  /** The vendor asked us to slow down; `retryAfterMs` says how long when it told us. */
  | 'rate_limited'
  /** Credentials, permissions, unknown form or field: a human must fix the configuration. */
  | 'config'
  /** This one record is wrong (validation, not found): fail it, keep going with the rest. */
  | 'record'
  /** A lookup (e.g. customer → OKKI company) has nothing yet: park the record, try again later. */
  | 'lookup_missing'
  /** A write was sent but no reply came: check the target before repeating it. */
  | 'outcome_unknown'
  /** A bug in qiao itself. */
  | 'internal';

export interface IntegrationErrorOptions {
  /** Stable machine code, e.g. `kingdee.session_lost`, `okki.rate_limited`. */
  code: string;
  kind: ErrorKind;
  /** Server-provided wait before the next try (milliseconds). */
  retryAfterMs?: number;
  /** Small, secret-free facts for operators: service, status, vendor code, trimmed body. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class IntegrationError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly retryAfterMs?: number;
  readonly details: Record<string, unknown>;

  constructor(message: string, options: IntegrationErrorOptions) {
    super(message, { cause: options.cause });
    this.name = 'IntegrationError';
    this.code = options.code;
    this.kind = options.kind;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details ?? {};
  }

  /** Whether trying the same call again later may succeed. */
  get retryable(): boolean {
    return this.kind === 'transient' || this.kind === 'rate_limited' || this.kind === 'outcome_unknown';
  }

  /** A JSON-safe view for the ledger, logs and the API (no cause chain, no secrets). */
  toJSON(): SerializedError {
    return {
      name: this.name,
      code: this.code,
      kind: this.kind,
      message: this.message,
      details: this.details,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

export interface SerializedError {
  name: string;
  code: string;
  kind: ErrorKind;
  message: string;
  details?: Record<string, unknown>;
  retryAfterMs?: number;
}

/** The user must change configuration; retrying will not help. */
export class ConfigError extends IntegrationError {
  constructor(message: string, options: Omit<IntegrationErrorOptions, 'kind'> = { code: 'config.invalid' }) {
    super(message, { ...options, kind: 'config' });
    this.name = 'ConfigError';
  }
}

/** This record can never be written as it is; fail it and keep going. */
export class RecordRejectedError extends IntegrationError {
  constructor(message: string, options: Omit<IntegrationErrorOptions, 'kind'> = { code: 'record.rejected' }) {
    super(message, { ...options, kind: 'record' });
    this.name = 'RecordRejectedError';
  }
}

/** Worth another try later. */
export class TransientError extends IntegrationError {
  constructor(message: string, options: Omit<IntegrationErrorOptions, 'kind'> = { code: 'transient' }) {
    super(message, { ...options, kind: 'transient' });
    this.name = 'TransientError';
  }
}

/** Turns anything thrown into an IntegrationError; unknown throwables become `internal`. */
export function toIntegrationError(error: unknown): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new IntegrationError(message, { code: 'internal', kind: 'internal', cause: error });
}

/** Serializes any throwable for storage. */
export function serializeError(error: unknown): SerializedError {
  return toIntegrationError(error).toJSON();
}
