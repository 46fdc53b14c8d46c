import { IntegrationError, serializeError, toIntegrationError } from '../core/errors.js';
import { renderTemplates } from '../scheme/template.js';
import type { WriteContext, WriteResult } from '../connectors/connector.js';
import { contentHash } from '../ledger/stable-hash.js';
import type { LedgerRecord } from '../ledger/ledger.js';
import type { PreparedScheme, RunDeps } from './run-context.js';
import { parkedTooLong } from './parked-too-long.js';
import { connectionDownFor, isConnectionUnavailable } from './connection-breaker.js';
import { decideFailure, type FailureDecision } from './record-policy.js';

/** released: nothing was sent because the connection's breaker is open; the run gives the lease back. */
export type WriteOutcome = 'succeeded' | 'failed' | 'parked' | 'dead' | 'released';

/**
 * Writes one claimed record and records the outcome. Never throws for record-level trouble;
 * throws only a config-kind error, which stops the run (the record is marked failed first).
 */
export async function writeRecord(
  scheme: PreparedScheme,
  deps: RunDeps,
  runId: string | null,
  record: LedgerRecord,
): Promise<WriteOutcome> {
  const started = Date.now();
  const target = deps.connectors.get(scheme.target.connection)!;
  let payload = record.payload as Record<string, unknown> | null;
  let payloadHash = record.payloadHash;
  const remapped = payload === null || record.status === 'parked' || record.lastError?.kind === 'lookup_missing';
  // A write of this document may have landed unrecorded (the marker; a last error from a qiao before it).
  const unsure = Boolean(record.outcomeUnknownSince) || record.lastError?.kind === 'outcome_unknown';

  const attempt = async (
    outcome: 'succeeded' | 'failed' | 'parked' | 'dead' | 'outcome_unknown',
    error: IntegrationError | null,
  ) =>
    deps.ledger.addAttempt({
      schemeId: scheme.id,
      key: record.key,
      runId,
      at: deps.now().toISOString(),
      outcome,
      durationMs: Date.now() - started,
      error: error ? serializeError(error) : null,
    });

  try {
    if (remapped) {
      payload = await scheme.map(record.source, record.key);
      payloadHash = contentHash(payload);
      if (payloadHash === record.pushedHash && !unsure) {
        // The lookup resolved to exactly what the target already has: nothing to write.
        await deps.ledger.markSucceeded(scheme.id, record.key, {
          runId,
          payload,
          payloadHash,
          targetReply: record.targetReply,
          targetIds: record.targetIds,
        });
        return 'succeeded';
      }
    }
    const context: WriteContext = {
      key: record.key,
      previousIds: record.targetIds,
      params: renderTemplates(scheme.target.params, { key: record.key, now: deps.now().toISOString() }),
    };
    if (unsure) {
      // A write may have landed: read the target back so this one edits what is there (its lines
      // included) instead of creating twins. findWritten's ids replace what the ledger knew.
      const landed = await target.findWritten(scheme.target.api, payload!, context);
      if (landed) context.previousIds = landed.ids;
    }
    const result = await callWithEvents(deps, target.name, scheme.target.api, () =>
      target.write(scheme.target.api, payload!, context),
    );
    const reply = result.warnings.length > 0 ? { reply: result.reply, warnings: result.warnings } : result.reply;
    // The success and its attempt row go in one transaction.
    await deps.ledger.markSucceeded(
      scheme.id,
      record.key,
      { runId, payload, payloadHash: payloadHash!, targetReply: reply, targetIds: result.ids },
      {
        schemeId: scheme.id,
        key: record.key,
        runId,
        at: deps.now().toISOString(),
        outcome: 'succeeded',
        durationMs: Date.now() - started,
        error: null,
      },
    );
    if (result.warnings.length > 0)
      deps.logger.warn(
        { scheme: scheme.id, key: record.key, warnings: result.warnings },
        'target accepted the document with warnings',
      );
    if (scheme.writeBack) await writeBack(scheme, deps, record, result);
    return 'succeeded';
  } catch (caught) {
    const thrown = toIntegrationError(caught);
    if (isConnectionUnavailable(thrown)) return 'released';
    const {
      status: outcome,
      stopsRun,
      error,
    } = await recordFailure(scheme, deps, runId, record, thrown, remapped ? { payload, payloadHash } : undefined);
    await attempt(error.kind === 'outcome_unknown' && outcome === 'failed' ? 'outcome_unknown' : outcome, error);
    deps.events.emit('record.failed', {
      schemeId: scheme.id,
      key: record.key,
      error: serializeError(error),
      status: outcome,
    });
    if (stopsRun) throw error;
    return outcome;
  }
}

async function recordFailure(
  scheme: PreparedScheme,
  deps: RunDeps,
  runId: string | null,
  record: LedgerRecord,
  error: IntegrationError,
  remap?: { payload: unknown; payloadHash: string | null },
): Promise<FailureDecision & { error: IntegrationError }> {
  const now = deps.now();
  const decision = decideFailure(error, {
    stage: 'write',
    attemptsSoFar: record.attempts,
    retry: scheme.retry,
    now,
    parkedSince: record.parkedSince,
    parkedLimitMs: scheme.parkedLimitMs,
    firstFailedAt: record.firstFailedAt,
    retryMaxAgeMs: scheme.retryMaxAgeMs,
    connectionDown: connectionDownFor(deps.breakers, error, now),
  });
  // A document that waited out its parkedLimit is recorded dead with why, for how long, and what to do.
  if (decision.status === 'dead' && error.kind === 'lookup_missing' && record.parkedSince)
    error = parkedTooLong(error, {
      since: record.parkedSince,
      count: record.parkCount ?? 0,
      limitMs: scheme.parkedLimitMs,
      now,
    });
  const remapFields = remap ? { payload: remap.payload, payloadHash: remap.payloadHash } : {};
  const { status, nextAttemptAt, countAttempt } = decision;
  await deps.ledger.markFailed(scheme.id, record.key, {
    runId,
    error: serializeError(error),
    status,
    nextAttemptAt,
    countAttempt,
    ...remapFields,
  });
  return { ...decision, error };
}

/** Emits an `api.call` event with the duration and outcome of a connector call (for metrics). */
export async function callWithEvents<T>(
  deps: RunDeps,
  connection: string,
  operation: string,
  call: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    const result = await call();
    deps.events.emit('api.call', { connection, operation, durationMs: performance.now() - started, ok: true });
    return result;
  } catch (error) {
    const code = error instanceof IntegrationError ? error.code : 'internal';
    deps.events.emit('api.call', {
      connection,
      operation,
      durationMs: performance.now() - started,
      ok: false,
      errorCode: code,
    });
    throw error;
  }
}

/** The optional write-back call to the source (e.g. Kingdee Save of the OKKI id). A failure is logged, not fatal: the target write stands. */
async function writeBack(
  scheme: PreparedScheme,
  deps: RunDeps,
  record: LedgerRecord,
  result: WriteResult,
): Promise<void> {
  const config = scheme.writeBack!;
  const connector = deps.connectors.get(config.connection)!;
  try {
    const params = renderTemplates(config.params, {
      source: record.source,
      ids: result.ids,
      key: record.key,
      payload: record.payload,
      now: deps.now().toISOString(),
    });
    await callWithEvents(deps, connector.name, config.api, () => connector.call(config.api, params));
  } catch (error) {
    deps.logger.warn(
      { scheme: scheme.id, key: record.key, error: serializeError(error) },
      'write-back to the source failed; the target write stands',
    );
  }
}
