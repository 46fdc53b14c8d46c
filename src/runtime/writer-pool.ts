import { type IntegrationError, toIntegrationError } from '../core/errors.js';
import type { LedgerRecord, RunCounts } from '../ledger/ledger.js';
import type { ConnectionBreaker, Outage } from './connection-breaker.js';
import type { PreparedScheme, RunDeps } from './run-context.js';
import { writeRecord } from './write-record.js';

/** How many waves of retries falling due within the drain window one run waits for. */
export const MAX_DRAIN_ROUNDS = 5;

/** What the pool lets the loop do now, from the target connection's breaker. */
type Gate = 'write' | 'probe' | 'wait';

/**
 * Claims due records in small batches and writes them with `scheme.concurrency` workers.
 *
 * While the target connection's breaker is open it claims nothing: writes in flight finish, the
 * records it holds are given back (no try counted), and when the breaker is due for a probe it
 * writes exactly one record, whose success resumes the work. A run waits for the target at most
 * the breaker's `waitInRunMs` once reading is done; then it stops with `unavailable` set, and the
 * run ends `target_unavailable`.
 */
export class WriterPool {
  private reading = true;
  private stopped = false;
  private wakeUp: (() => void) | null = null;
  private done: Promise<void> | null = null;
  /** Records whose write was refused by the open breaker: still leased to this run. */
  private released = 0;
  /** When this run started waiting for the target (wall clock, like the breaker's). */
  private waitingSince: number | null = null;
  private gaveUpOn: Outage | null = null;
  private readonly breaker: ConnectionBreaker | undefined;

  constructor(
    private readonly scheme: PreparedScheme,
    private readonly deps: RunDeps,
    private readonly runId: string,
    private readonly counts: RunCounts,
    private readonly onFatal: (error: IntegrationError) => void,
  ) {
    this.breaker = deps.breakers?.get(scheme.target.connection);
  }

  /** The outage the pool stopped waiting for, or null when it ended normally. */
  get unavailable(): Outage | null {
    return this.gaveUpOn;
  }

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

  private gate(): Gate {
    const breaker = this.breaker;
    if (!breaker || breaker.state === 'closed') return 'write';
    return breaker.mayCall() ? 'probe' : 'wait';
  }

  /** Waves of due retries this run has waited for (see MAX_DRAIN_ROUNDS). */
  private drainRounds = 0;

  private async loop(): Promise<void> {
    const { scheme, deps } = this;
    const drainWindowMs = deps.drainWindowMs ?? 30_000;
    const queue: LedgerRecord[] = [];
    const inFlight = new Set<Promise<void>>();
    const listening = this.breaker?.onStateChange(() => this.wake());
    try {
      while (!this.stopped && !deps.signal?.aborted) {
        const gate = this.gate();
        if (gate !== 'write') {
          // The target is down. Let what is in flight finish, give back what this run holds.
          if (inFlight.size > 0) {
            await this.sleep(Number.POSITIVE_INFINITY);
            continue;
          }
          if (queue.length > 0 || this.released > 0) {
            queue.length = 0;
            this.released = 0;
            await deps.ledger.releaseLeases(deps.owner);
            continue;
          }
          const breaker = this.breaker!;
          this.waitingSince ??= Date.now();
          const left = breaker.settings.waitInRunMs - (Date.now() - this.waitingSince);
          if (!this.reading && left <= 0) {
            this.gaveUpOn = breaker.outage();
            break;
          }
          if (gate === 'probe') {
            if ((await this.probe(inFlight, left, drainWindowMs)) === 'end') break;
            continue;
          }
          // Open: sleep until the probe is due (a probe of another run: look again soon).
          const untilProbe =
            breaker.state === 'half_open' ? 250 : (breaker.outage()?.probeAt ?? Date.now()) - Date.now();
          await this.sleep(Math.max(5, this.reading ? untilProbe : Math.min(untilProbe, left)));
          continue;
        }
        this.waitingSince = null;
        if (this.released > 0 && inFlight.size === 0 && queue.length === 0) {
          // Refused by a breaker that has closed again since: give them back so they are claimed anew.
          this.released = 0;
          await deps.ledger.releaseLeases(deps.owner);
        }
        // Claim ahead in batches (up to twice the concurrency) so the ledger is asked once per
        // several writes, not once per write; refill when half the window is free.
        const free = scheme.concurrency * 2 - queue.length - inFlight.size;
        if (free >= scheme.concurrency || (queue.length === 0 && free > 0)) queue.push(...(await this.claim(free)));
        while (inFlight.size < scheme.concurrency && queue.length > 0 && this.gate() === 'write')
          inFlight.add(this.write(queue.shift()!, inFlight));
        if (inFlight.size > 0) {
          await this.sleep(Number.POSITIVE_INFINITY); // a finished write wakes the loop
          continue;
        }
        if (queue.length > 0) continue; // the breaker opened before they started
        if (this.reading) {
          await this.sleep(200); // an ingested batch wakes the loop
          continue;
        }
        // Nothing claimable and nothing in flight: wait for retries due soon, else end the run.
        // Retry budgets are time-based (hours), so failures that keep failing would keep a run alive
        // forever when their backoff is shorter than the drain window: a run waits for a few waves of
        // retries, then leaves the rest to the next run.
        const nextDue = await deps.ledger.nextDueAt(scheme.id);
        const wait = nextDue ? Date.parse(nextDue) - deps.now().getTime() : Number.POSITIVE_INFINITY;
        if (wait > drainWindowMs || ++this.drainRounds > MAX_DRAIN_ROUNDS) break;
        await this.sleep(Math.max(5, wait));
      }
    } finally {
      listening?.dispose();
      await Promise.allSettled([...inFlight]);
      // Claimed but never started (stopping, or refused by the breaker): give them back at once instead of waiting for the lease.
      if (this.stopped || deps.signal?.aborted || queue.length > 0 || this.released > 0)
        await deps.ledger.releaseLeases(deps.owner);
    }
  }

  /**
   * While the breaker is due for a probe: writes one record, whose first call goes through and
   * decides. With nothing to write now, waits for reading or for a retry due soon; 'end' when
   * nothing is due within the drain window (the run is over, unavailable when records wait).
   */
  private async probe(
    inFlight: Set<Promise<void>>,
    patienceLeftMs: number,
    drainWindowMs: number,
  ): Promise<'probing' | 'waited' | 'end'> {
    const [record] = await this.claim(1);
    if (record) {
      inFlight.add(this.write(record, inFlight));
      return 'probing';
    }
    if (this.reading) {
      await this.sleep(200);
      return 'waited';
    }
    const nextDue = await this.deps.ledger.nextDueAt(this.scheme.id);
    if (nextDue === null) return 'end'; // nothing waits for the target
    const wait = Date.parse(nextDue) - this.deps.now().getTime();
    if (wait > drainWindowMs) {
      this.gaveUpOn = this.breaker?.outage() ?? null;
      return 'end';
    }
    await this.sleep(Math.max(5, Math.min(wait, patienceLeftMs)));
    return 'waited';
  }

  private claim(limit: number): Promise<LedgerRecord[]> {
    const { deps } = this;
    return deps.ledger.claimDue(this.scheme.id, {
      owner: deps.owner,
      limit,
      leaseMs: deps.leaseMs ?? 300_000,
      now: deps.now().toISOString(),
    });
  }

  private write(record: LedgerRecord, inFlight: Set<Promise<void>>): Promise<void> {
    if (record.attempts > 0) this.counts.retried++;
    const task: Promise<void> = writeRecord(this.scheme, this.deps, this.runId, record)
      .then((outcome) => {
        if (outcome === 'succeeded') this.counts.pushed++;
        else if (outcome === 'released') this.released++;
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
