import { IntegrationError, serializeError, toIntegrationError } from '../core/errors.js';
import type { RunCounts, RunRecord, RunStatus } from '../ledger/ledger.js';
import type { Outage } from './connection-breaker.js';
import { ingestSource, sourceWindow } from './ingest-source.js';
import type { PreparedScheme, RunDeps } from './run-context.js';
import { WriterPool } from './writer-pool.js';

export interface RunOptions {
  trigger: RunRecord['trigger'];
  /** Skip reading the source; only write what is due (retries, parked records). */
  writeOnly?: boolean;
}

/**
 * One run of a scheme: read the source incrementally into the ledger and, at the same time,
 * write due records with bounded concurrency. Ends when reading is done and nothing is due
 * within the drain window. A config error stops the run; other failures stay per record. A target
 * that stays down (its breaker open) past the breaker's waitInRunMs ends the run
 * `target_unavailable`: what was read is recorded, the documents wait without using up tries.
 */
export async function runScheme(scheme: PreparedScheme, deps: RunDeps, options: RunOptions): Promise<RunRecord> {
  const cursor = await deps.ledger.getCursor(scheme.id);
  const run = await deps.ledger.startRun(scheme.id, options.trigger, cursor?.value ?? null);
  deps.events.emit('run.started', run);
  const counts: RunCounts = { read: 0, documents: 0, pushed: 0, skipped: 0, failed: 0, retried: 0 };
  const log = deps.logger.child({ scheme: scheme.id, run: run.id });
  let cursorTo: string | null = cursor?.value ?? null;
  let fatal: IntegrationError | null = null;
  // Leases are owned per run, so stopping this run never releases another run's records.
  const runDeps: RunDeps = { ...deps, owner: `${deps.owner}:${run.id}` };
  const writers = new WriterPool(scheme, runDeps, run.id, counts, (error) => {
    fatal ??= error;
  });

  try {
    const window = options.writeOnly ? null : sourceWindow(scheme, cursor?.value ?? null, deps.now());
    writers.start();
    if (window) {
      await ingestSource(scheme, deps, run.id, window, counts, () => writers.wake());
      cursorTo = window.cursorTo ?? cursorTo;
    }
    writers.readingDone();
    await writers.finished();
  } catch (caught) {
    fatal ??= toIntegrationError(caught);
    writers.stop();
    await writers.finished().catch(() => undefined);
  }

  const unavailable = fatal ? null : writers.unavailable;
  const status: RunStatus = fatal
    ? deps.signal?.aborted
      ? 'aborted'
      : 'failed'
    : unavailable
      ? 'target_unavailable'
      : counts.failed > 0
        ? 'partial'
        : 'succeeded';
  if (fatal) log.error({ error: serializeError(fatal) }, 'run stopped');
  const unavailableError = unavailable ? targetUnavailable(scheme, unavailable) : null;
  if (unavailableError) log.warn({ error: serializeError(unavailableError) }, 'run ended: the target is unavailable');
  const finished = await deps.ledger.finishRun(run.id, {
    status,
    counts,
    cursorTo: fatal ? ((await deps.ledger.getCursor(scheme.id))?.value ?? null) : cursorTo,
    error: fatal ? serializeError(fatal) : unavailableError ? serializeError(unavailableError) : null,
  });
  deps.events.emit('run.finished', finished);
  return finished;
}

/** The run's error when it ended because the target stayed down: what, since when, what happens next. */
function targetUnavailable(scheme: PreparedScheme, outage: Outage): IntegrationError {
  const since = new Date(outage.since).toISOString();
  return new IntegrationError(
    `The target connection "${outage.connection}" has been unavailable since ${since} (${outage.cause.code}: ${outage.cause.message}). Writing stopped; the documents of ${scheme.id} wait without using up their tries, and the next run probes the connection again. Check the target service and the network.`,
    {
      code: 'runtime.target_unavailable',
      kind: 'transient',
      details: { connection: outage.connection, since, cause: outage.cause.code },
    },
  );
}
