import { type IntegrationError, serializeError, toIntegrationError } from '../core/errors.js';
import type { LedgerRecord, RunCounts, RunRecord, RunStatus } from '../ledger/ledger.js';
import { ingestSource, sourceWindow } from './ingest-source.js';
import type { PreparedScheme, RunDeps } from './run-context.js';
import { writeRecord } from './write-record.js';

export interface RunOptions {
  trigger: RunRecord['trigger'];
  /** Skip reading the source; only write what is due (retries, parked records). */
  writeOnly?: boolean;
}

/**
 * One run of a scheme: read the source incrementally into the ledger and, at the same time,
 * write due records with bounded concurrency. Ends when reading is done and nothing is due
 * within the drain window. A config error stops the run; other failures stay per record.
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

  const status: RunStatus = fatal
    ? deps.signal?.aborted
      ? 'aborted'
      : 'failed'
    : counts.failed > 0
      ? 'partial'
      : 'succeeded';
  if (fatal) log.error({ error: serializeError(fatal) }, 'run stopped');
  const finished = await deps.ledger.finishRun(run.id, {
    status,
    counts,
    cursorTo: fatal ? ((await deps.ledger.getCursor(scheme.id))?.value ?? null) : cursorTo,
    error: fatal ? serializeError(fatal) : null,
  });
  deps.events.emit('run.finished', finished);
  return finished;
}

/** Claims due records in small batches and writes them with `scheme.concurrency` workers. */
class WriterPool {
  private reading = true;
  private stopped = false;
  private wakeUp: (() => void) | null = null;
  private done: Promise<void> | null = null;

  constructor(
    private readonly scheme: PreparedScheme,
    private readonly deps: RunDeps,
    private readonly runId: string,
    private readonly counts: RunCounts,
    private readonly onFatal: (error: IntegrationError) => void,
  ) {}

  start(): void {
    this.done ??= this.loop();
  }

  wake(): void {
    this.wakeUp?.();
  }

  readingDone(): void {
    this.reading = false;
    this.wake();
  }

  stop(): void {
    this.stopped = true;
    this.wake();
  }

  finished(): Promise<void> {
    return this.done ?? Promise.resolve();
  }

  private async loop(): Promise<void> {
    const { scheme, deps } = this;
    const drainWindowMs = deps.drainWindowMs ?? 30_000;
    const window = scheme.concurrency * 2;
    const queue: LedgerRecord[] = [];
    const inFlight = new Set<Promise<void>>();
    try {
      while (!this.stopped && !deps.signal?.aborted) {
        // Claim ahead in batches (up to twice the concurrency) so the ledger is asked once per
        // several writes, not once per write; refill when half the window is free.
        const free = window - queue.length - inFlight.size;
        if (free >= scheme.concurrency || (queue.length === 0 && free > 0)) {
          queue.push(
            ...(await deps.ledger.claimDue(scheme.id, {
              owner: deps.owner,
              limit: free,
              leaseMs: deps.leaseMs ?? 300_000,
              now: deps.now().toISOString(),
            })),
          );
        }
        while (inFlight.size < scheme.concurrency && queue.length > 0)
          inFlight.add(this.write(queue.shift()!, inFlight));
        if (inFlight.size > 0) {
          await this.sleep(Number.POSITIVE_INFINITY); // a finished write wakes the loop
          continue;
        }
        if (this.reading) {
          await this.sleep(200); // an ingested batch wakes the loop
          continue;
        }
        // Nothing claimable and nothing in flight: wait for retries due soon, else end the run.
        const nextDue = await deps.ledger.nextDueAt(scheme.id);
        const wait = nextDue ? Date.parse(nextDue) - deps.now().getTime() : Number.POSITIVE_INFINITY;
        if (wait > drainWindowMs) break;
        await this.sleep(Math.max(5, wait));
      }
    } finally {
      await Promise.allSettled([...inFlight]);
      // Claimed but never started (stopping): give them back at once instead of waiting for the lease.
      if (this.stopped || deps.signal?.aborted || queue.length > 0) await deps.ledger.releaseLeases(deps.owner);
    }
  }

  private write(record: LedgerRecord, inFlight: Set<Promise<void>>): Promise<void> {
    if (record.attempts > 0) this.counts.retried++;
    const task: Promise<void> = writeRecord(this.scheme, this.deps, this.runId, record)
      .then((outcome) => {
        if (outcome === 'succeeded') this.counts.pushed++;
        else this.counts.failed++;
      })
      .catch((error: unknown) => {
        this.counts.failed++;
        this.onFatal(toIntegrationError(error));
        this.stopped = true;
      })
      .finally(() => {
        inFlight.delete(task);
        this.wake();
      });
    return task;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      const self = this;
      function done(): void {
        if (timer) clearTimeout(timer);
        if (self.wakeUp === done) self.wakeUp = null;
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
