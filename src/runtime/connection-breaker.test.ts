import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { breakerSettingsSchema } from '../core/breaker-settings.js';
import { IntegrationError } from '../core/errors.js';
import { ConnectionBreaker, connectionDownFor, isConnectionUnavailable } from './connection-breaker.js';

const settings = breakerSettingsSchema.parse({
  failureStreak: 3,
  probeAfterMs: 1_000,
  maxProbeAfterMs: 3_000,
  waitInRunMs: 10_000,
});
const refused = () =>
  new IntegrationError('refused', {
    kind: 'transient',
    code: 'okki.network',
    details: { networkCode: 'ECONNREFUSED' },
  });
const unavailable503 = () =>
  new IntegrationError('503', { kind: 'transient', code: 'okki.server_error', details: { httpStatus: 503 } });
const rejected = () => new IntegrationError('bad record', { kind: 'record', code: 'okki.rejected' });

/** Runs one call through the breaker; returns what happened and whether the call reached the service. */
async function call(breaker: ConnectionBreaker, outcome: IntegrationError | 'ok') {
  let reached = false;
  try {
    await breaker.execute(async () => {
      reached = true;
      if (outcome !== 'ok') throw outcome;
      return 'ok';
    });
    return { reached, error: null };
  } catch (error) {
    return { reached, error: error as IntegrationError };
  }
}

describe('ConnectionBreaker', () => {
  beforeEach(() => {
    // cockatiel reads Date.now(): the test moves the clock, no timers run.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-03-01T08:00:00.000Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a refused connection opens it at once; calls are then refused without being sent', async () => {
    const breaker = new ConnectionBreaker('okki', settings);
    const first = await call(breaker, refused());
    expect(first.reached).toBe(true);
    expect(breaker.state).toBe('open');
    expect(breaker.outage()).toMatchObject({ connection: 'okki', cause: { code: 'okki.network' } });

    const second = await call(breaker, 'ok');
    expect(second.reached).toBe(false);
    expect(isConnectionUnavailable(second.error)).toBe(true);
    expect(second.error).toMatchObject({ kind: 'transient', retryAfterMs: 1_000, details: { connection: 'okki' } });
    expect(breaker.mayCall()).toBe(false);
  });

  it('opens after a streak of 5xx; a record error in between means the service is up and restarts the streak', async () => {
    const breaker = new ConnectionBreaker('okki', settings);
    await call(breaker, unavailable503());
    await call(breaker, unavailable503());
    await call(breaker, rejected());
    await call(breaker, unavailable503());
    await call(breaker, unavailable503());
    expect(breaker.state).toBe('closed');
    await call(breaker, unavailable503());
    expect(breaker.state).toBe('open');
  });

  it('after probeAfterMs one call probes: a failure reopens it for twice as long (up to the cap), a success closes it', async () => {
    const breaker = new ConnectionBreaker('okki', settings);
    await call(breaker, refused());
    const since = breaker.outage()!.since;
    vi.advanceTimersByTime(1_000);
    expect(breaker.mayCall()).toBe(true);
    expect((await call(breaker, refused())).reached).toBe(true);
    expect(breaker.outage()).toMatchObject({ since, probeAt: Date.now() + 2_000 });
    vi.advanceTimersByTime(2_000);
    await call(breaker, unavailable503());
    expect(breaker.outage()?.probeAt).toBe(Date.now() + 3_000); // capped at maxProbeAfterMs
    vi.advanceTimersByTime(3_000);
    expect(await call(breaker, 'ok')).toEqual({ reached: true, error: null });
    expect(breaker.state).toBe('closed');
    expect(breaker.outage()).toBeNull();
  });

  it('charges the tries that showed the outage first, never the ones after it, nor a refused connection', async () => {
    const breaker = new ConnectionBreaker('okki', settings);
    const streak = [unavailable503(), unavailable503(), unavailable503()];
    for (const error of streak) await call(breaker, error);
    // Before the breaker opened nobody knew: those tries count, the one that opened it too.
    expect(streak.map((e) => breaker.wasDown(e))).toEqual([false, false, false]);

    // A call already in flight when another one opens the breaker: its failure only shows the outage.
    const other = new ConnectionBreaker('kingdee', settings);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inFlightError = unavailable503();
    const inFlight = other.execute(async () => {
      await gate;
      throw inFlightError;
    });
    await call(other, refused());
    release();
    await inFlight.catch(() => undefined);
    expect(other.wasDown(inFlightError)).toBe(true);

    // A failed probe, and a refused connection even when it is the first failure.
    vi.advanceTimersByTime(1_000);
    const probe = unavailable503();
    await call(breaker, probe);
    expect(breaker.wasDown(probe)).toBe(true);
    const fresh = new ConnectionBreaker('okki', settings);
    const firstRefusal = refused();
    await call(fresh, firstRefusal);
    expect(fresh.wasDown(firstRefusal)).toBe(true);
    // A record's own failure is never the connection's.
    expect(fresh.wasDown(rejected())).toBe(false);
  });

  it('connectionDownFor gives the next probe time on the caller clock, also for a re-labelled copy', async () => {
    const breaker = new ConnectionBreaker('okki', settings);
    const failure = refused();
    await call(breaker, failure);
    const relabelled = new IntegrationError('Mapping: refused', {
      kind: 'transient',
      code: failure.code,
      cause: failure,
    });
    const callerNow = new Date('2030-01-01T00:00:00.000Z');
    const breakers = new Map([['okki', breaker]]);
    expect(connectionDownFor(breakers, relabelled, callerNow)).toEqual({
      probeAt: new Date(callerNow.getTime() + 1_000),
    });
    expect(connectionDownFor(breakers, rejected(), callerNow)).toBeNull();
    expect(connectionDownFor(undefined, failure, callerNow)).toBeNull();
  });
});
