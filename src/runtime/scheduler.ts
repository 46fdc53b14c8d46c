import { Cron } from 'croner';
import type { Logger } from '../core/logger.js';

/** When a scheme runs by itself (from the scheme's settings.schedule). */
export type Schedule = { cron: string; timezone?: string } | { intervalSeconds: number } | { manual: true };

export interface SchedulerTarget {
  /** Enabled schemes and their schedules, read at start and on reload. */
  schedules(): Array<{ id: string; schedule: Schedule }>;
  /** Runs the scheme (joining a run already in progress). */
  run(id: string, trigger: 'schedule' | 'retry'): Promise<unknown>;
  /** Whether records of the scheme are due for a retry now. */
  hasDueRetries(id: string): Promise<boolean>;
  isRunning(id: string): boolean;
}

/**
 * Fires scheme runs on cron expressions or intervals, one run at a time per scheme (a tick
 * that finds the previous run still going is skipped, never queued), plus a sweeper that
 * starts a write-only pass when failed records fall due between scheduled runs.
 */
export class Scheduler {
  private readonly jobs = new Map<string, { stop(): void; next(): Date | null }>();
  private sweeper: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<unknown>>();
  private stopping = false;
  private started = false;

  constructor(
    private readonly target: SchedulerTarget,
    private readonly logger: Logger,
    private readonly sweepMs = 15_000,
  ) {}

  start(): void {
    this.stopping = false;
    this.started = true;
    for (const job of this.jobs.values()) job.stop();
    this.jobs.clear();
    for (const { id, schedule } of this.target.schedules()) this.schedule(id, schedule);
    this.sweeper = setInterval(() => void this.sweep(), this.sweepMs);
    this.sweeper.unref();
  }

  /** Re-reads the schedules (after a scheme was saved, enabled or disabled). */
  reload(): void {
    for (const job of this.jobs.values()) job.stop();
    this.jobs.clear();
    // Only a started scheduler fires: loading schemes (every CLI command does) must not arm timers.
    if (this.started && !this.stopping)
      for (const { id, schedule } of this.target.schedules()) this.schedule(id, schedule);
  }

  nextRunAt(id: string): Date | null {
    return this.jobs.get(id)?.next() ?? null;
  }

  /** Stops firing and waits for runs in progress to finish (or release their work). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.started = false;
    clearInterval(this.sweeper);
    for (const job of this.jobs.values()) job.stop();
    this.jobs.clear();
    await Promise.allSettled([...this.running]);
  }

  private schedule(id: string, schedule: Schedule): void {
    if ('manual' in schedule) return;
    if ('cron' in schedule) {
      const cron = new Cron(schedule.cron, { timezone: schedule.timezone, protect: true }, () =>
        this.fire(id, 'schedule'),
      );
      this.jobs.set(id, { stop: () => cron.stop(), next: () => cron.nextRun() });
      return;
    }
    const everyMs = schedule.intervalSeconds * 1000;
    let next = Date.now() + everyMs;
    const timer = setInterval(() => {
      next = Date.now() + everyMs;
      this.fire(id, 'schedule');
    }, everyMs);
    timer.unref();
    this.jobs.set(id, { stop: () => clearInterval(timer), next: () => new Date(next) });
    // Interval schemes run once at start so a fresh `qiao start` syncs without waiting a whole period.
    this.fire(id, 'schedule');
  }

  private fire(id: string, trigger: 'schedule' | 'retry'): void {
    if (this.stopping || this.target.isRunning(id)) return;
    const run = this.target
      .run(id, trigger)
      .catch((error: unknown) =>
        this.logger.error(
          { scheme: id, error: error instanceof Error ? error.message : String(error) },
          'scheduled run failed to start',
        ),
      )
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  private async sweep(): Promise<void> {
    for (const { id } of this.target.schedules()) {
      if (this.stopping || this.target.isRunning(id)) continue;
      if (await this.target.hasDueRetries(id).catch(() => false)) this.fire(id, 'retry');
    }
  }
}
