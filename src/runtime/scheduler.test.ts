import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sinkLogger } from '../core/logger.js';
import { Scheduler, type Schedule, type SchedulerTarget } from './scheduler.js';

/** Records the runs the scheduler starts; a run lasts until the test finishes it. */
class RecordingTarget implements SchedulerTarget {
  readonly plans: Array<{ id: string; schedule: Schedule }> = [];
  readonly dueRetries = new Set<string>();
  readonly runs: Array<{ id: string; trigger: 'schedule' | 'retry' }> = [];
  readonly failing = new Set<string>();
  private readonly inFlight = new Map<string, () => void>();

  schedules() {
    return this.plans;
  }

  run(id: string, trigger: 'schedule' | 'retry'): Promise<unknown> {
    this.runs.push({ id, trigger });
    if (this.failing.has(id)) return Promise.reject(new Error(`scheme ${id} is broken`));
    return new Promise<void>((resolve) => this.inFlight.set(id, resolve));
  }

  async hasDueRetries(id: string): Promise<boolean> {
    return this.dueRetries.has(id);
  }

  isRunning(id: string): boolean {
    return this.inFlight.has(id);
  }

  finish(id: string): void {
    this.inFlight.get(id)?.();
    this.inFlight.delete(id);
  }
}

const SWEEP_MS = 15_000;
let target: RecordingTarget;
let errors: string[];
let scheduler: Scheduler;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-01T08:59:30.000Z') });
  target = new RecordingTarget();
  errors = [];
  scheduler = new Scheduler(
    target,
    sinkLogger((level, _obj, msg) => level === 'error' && errors.push(msg ?? '')),
    SWEEP_MS,
  );
});
afterEach(async () => {
  for (const { id } of target.plans) target.finish(id);
  await scheduler.stop();
  vi.useRealTimers();
});

const idsRun = () => target.runs.map((r) => `${r.id}:${r.trigger}`);

describe('Scheduler', () => {
  it('arms nothing until started, and never fires manual schemes', async () => {
    target.plans.push(
      { id: 'every-minute', schedule: { intervalSeconds: 60 } },
      { id: 'by-hand', schedule: { manual: true } },
    );
    scheduler.reload();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(target.runs).toEqual([]);
    expect(scheduler.nextRunAt('every-minute')).toBeNull();

    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(idsRun()).toEqual(['every-minute:schedule']);
    expect(scheduler.nextRunAt('by-hand')).toBeNull();
  });

  it('runs an interval scheme at start and every period, skipping ticks while the last run goes on', async () => {
    target.plans.push({ id: 'orders', schedule: { intervalSeconds: 60 } });
    scheduler.start();
    expect(scheduler.nextRunAt('orders')).toEqual(new Date('2026-03-01T09:00:30.000Z'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(idsRun()).toEqual(['orders:schedule']); // the first run is still going: the tick is skipped, not queued
    target.finish('orders');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(idsRun()).toEqual(['orders:schedule', 'orders:schedule']);
  });

  it('runs a cron scheme when its time comes', async () => {
    target.plans.push({ id: 'hourly', schedule: { cron: '0 * * * *', timezone: 'Etc/UTC' } });
    scheduler.start();
    expect(scheduler.nextRunAt('hourly')).toEqual(new Date('2026-03-01T09:00:00.000Z'));
    expect(target.runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(idsRun()).toEqual(['hourly:schedule']);
  });

  it('starts a retry pass for schemes with due records between scheduled runs', async () => {
    target.plans.push(
      { id: 'due', schedule: { manual: true } },
      { id: 'idle', schedule: { manual: true } },
      { id: 'busy', schedule: { intervalSeconds: 3_600 } },
    );
    target.dueRetries.add('due').add('busy');
    scheduler.start(); // busy starts its first run and is still running at the sweep
    await vi.advanceTimersByTimeAsync(SWEEP_MS);
    expect(idsRun()).toEqual(['busy:schedule', 'due:retry']);
  });

  it('logs a run that fails to start instead of throwing', async () => {
    target.plans.push({ id: 'broken', schedule: { intervalSeconds: 60 } });
    target.failing.add('broken');
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toEqual(['scheduled run failed to start']);
  });

  it('stops firing and waits for runs in progress', async () => {
    target.plans.push({ id: 'orders', schedule: { intervalSeconds: 60 } });
    scheduler.start();
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(stopped).toBe(false);
    target.finish('orders');
    await stopping;
    expect(idsRun()).toEqual(['orders:schedule']);
    expect(scheduler.nextRunAt('orders')).toBeNull();
  });

  it('re-reads schedules on reload', async () => {
    scheduler.start();
    target.plans.push({ id: 'added', schedule: { intervalSeconds: 60 } });
    expect(scheduler.nextRunAt('added')).toBeNull();
    scheduler.reload();
    await vi.advanceTimersByTimeAsync(0);
    expect(idsRun()).toEqual(['added:schedule']);
    target.plans.splice(0);
    target.finish('added');
    scheduler.reload();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(idsRun()).toEqual(['added:schedule']);
  });
});
