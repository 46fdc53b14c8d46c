import { IntegrationError } from '../core/errors.js';

const PG_RETRYABLE = new Set(['40001', '40P01', '55P03', '57P01', '57P02', '57P03', '53300']);
const NET_RETRYABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Gives database failures a kind the runtime can act on: lock contention and lost connections
 * become transient (`store.busy`, `store.unavailable`: retry the run later), a full disk becomes
 * config (`store.disk_full`: an operator must free space). Anything else is returned unchanged.
 */
export function classifyStoreError(error: unknown): unknown {
  if (error instanceof IntegrationError || !(error instanceof Error)) return error;
  const code = String((error as { code?: unknown }).code ?? '');
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new IntegrationError(
      'The SQLite ledger stayed locked by another process longer than the busy timeout; the run will be retried. If this repeats, use PostgreSQL for several workers.',
      {
        code: 'store.busy',
        kind: 'transient',
        cause: error,
        details: { driverCode: code },
      },
    );
  }
  if (code === 'SQLITE_FULL' || code === '53100') {
    return new IntegrationError('The ledger database ran out of disk space; free space on its volume, then retry.', {
      code: 'store.disk_full',
      kind: 'config',
      cause: error,
      details: { driverCode: code },
    });
  }
  if (
    PG_RETRYABLE.has(code) ||
    code.startsWith('08') ||
    NET_RETRYABLE.has(code) ||
    /Connection terminated|connection timeout/i.test(error.message)
  ) {
    return new IntegrationError(
      `The PostgreSQL ledger is unavailable or contended (${code || error.message}); the operation can be retried.`,
      {
        code: 'store.unavailable',
        kind: 'transient',
        cause: error,
        details: { driverCode: code || undefined },
      },
    );
  }
  return error;
}

/** Runs `fn`, rethrowing database failures classified by `classifyStoreError`. */
export async function withStoreErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw classifyStoreError(error);
  }
}
