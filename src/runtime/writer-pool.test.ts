import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { breakerSettingsSchema } from '../core/breaker-settings.js';
import { IntegrationError } from '../core/errors.js';
import type { LedgerRecord } from '../ledger/ledger.js';
import { ConnectionBreaker } from './connection-breaker.js';
import { guardConnector } from './guarded-connector.js';
import type { RunDeps } from './run-context.js';
import { runScheme } from './run-scheme.js';
import { openRuntimeFixture, testScheme, type RuntimeFixture } from './runtime.test-helpers.js';

/**
 * Outages seen by a whole run (issue 9): the target's breaker opens, the run stops claiming, gives
 * back what it holds without charging tries, probes, and either resumes or ends target_unavailable.
 * Real (short) breaker timings on the wall clock; every assertion is about outcomes.
 */

const ROWS = 8;
const refused = () =>
  new IntegrationError('connect ECONNREFUSED', {
    kind: 'transient',
    code: 'test.network',
    details: { networkCode: 'ECONNREFUSED' },
  });
const serverError = () =>
  new IntegrationError('HTTP 503', { kind: 'transient', code: 'test.server_error', details: { httpStatus: 503 } });

let f: RuntimeFixture;
let breaker: ConnectionBreaker;
let deps: RunDeps;

async function records(): Promise<LedgerRecord[]> {
  return (await f.store.listRecords({ schemeId: 's', limit: 100 })).records;
}

beforeEach(async () => {
  f = await openRuntimeFixture();
  f.source.rows = Array.from({ length: ROWS }, (_, i) => ({ key: `K${i + 1}` }));
  breaker = new ConnectionBreaker(
    'dst',
    breakerSettingsSchema.parse({ failureStreak: 3, probeAfterMs: 30, maxProbeAfterMs: 60, waitInRunMs: 300 }),
  );
  deps = {
    ...f.deps,
    // The breaker keeps wall-clock time, so the run does too (retry times must fall due).
    now: () => new Date(),
    connectors: new Map([
      ['src', f.source],
      ['dst', guardConnector(f.target, breaker)],
    ]),
    breakers: new Map([['dst', breaker]]),
    drainWindowMs: 2_000,
  };
});
afterEach(async () => {
  await f.close();
});

describe('a run against a target that goes down', () => {
  it('refused connections: the run stops, gives its records back without a try used, and ends target_unavailable; the next run probes and writes them', async () => {
    f.target.writeOutcomes.push(...Array.from({ length: 50 }, refused));
    const run = await runScheme(testScheme({ concurrency: 2 }), deps, { trigger: 'cli' });

    expect(run.status).toBe('target_unavailable');
    expect(run.error).toMatchObject({ code: 'runtime.target_unavailable', details: { connection: 'dst' } });
    expect(run.counts.documents).toBe(ROWS);
    const after = await records();
    expect(after.map((r) => r.status).filter((s) => s !== 'failed' && s !== 'pending')).toEqual([]);
    expect(after.every((r) => r.attempts === 0 && r.leaseOwner === null)).toBe(true);

    f.target.writeOutcomes.length = 0; // the service is back
    const next = await runScheme(testScheme({ concurrency: 2 }), deps, { trigger: 'retry', writeOnly: true });
    expect(next.status).toBe('succeeded');
    expect(breaker.state).toBe('closed');
    expect((await records()).map((r) => [r.status, r.attempts])).toEqual(
      Array.from({ length: ROWS }, () => ['succeeded', 1]),
    );
  });

  it('a streak of 5xx: only the tries before the breaker opened (the one that opened it included) are counted', async () => {
    f.target.writeOutcomes.push(...Array.from({ length: 50 }, serverError));
    const run = await runScheme(testScheme({ concurrency: 1 }), deps, { trigger: 'cli' });

    expect(run.status).toBe('target_unavailable');
    const after = await records();
    expect(after.filter((r) => r.status === 'dead')).toEqual([]);
    expect(after.map((r) => r.attempts).sort()).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
    expect(after.every((r) => r.leaseOwner === null)).toBe(true);
  });

  it('a probe that succeeds resumes the run: writes in flight finished, nothing was counted, everything is written', async () => {
    f.target.writeOutcomes.push(refused(), refused(), refused());
    const run = await runScheme(testScheme({ concurrency: 2 }), deps, { trigger: 'cli' });

    expect(run.status).toBe('partial'); // three writes failed on the way, none for good
    expect(run.counts.pushed).toBe(ROWS);
    expect((await records()).map((r) => [r.status, r.attempts])).toEqual(
      Array.from({ length: ROWS }, () => ['succeeded', 1]),
    );
    expect(f.target.writes).toHaveLength(ROWS + 3);
  });
});
