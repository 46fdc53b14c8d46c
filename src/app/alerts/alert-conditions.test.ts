import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLedger } from '../../ledger/open-ledger.js';
import type { Ledger, RunRecord, RunStatus } from '../../ledger/ledger.js';
import type { LoadedSchemeInfo } from '../../runtime/engine.js';
import { checkCondition } from './alert-conditions.js';
import { alertsConfigSchema, normalizeAlertRules } from './alert-rules.schema.js';

/** The run-status rules on a real ledger: a run that ended because its target stayed down (issue 9). */

const scheme: LoadedSchemeInfo = {
  id: 'orders',
  name: 'orders',
  file: 'orders.yaml',
  yaml: '',
  enabled: true,
  scheme: {},
};
const [runFailed, targetUnavailable] = normalizeAlertRules(
  alertsConfigSchema.parse([
    { type: 'run_failed', channels: [{ type: 'webhook', url: 'http://127.0.0.1:9/hook' }] },
    { type: 'target_unavailable', channels: [{ type: 'webhook', url: 'http://127.0.0.1:9/hook' }] },
  ]),
);

let ledger: Ledger;
beforeEach(async () => {
  ledger = await openLedger('sqlite::memory:');
});
afterEach(async () => {
  await ledger.close();
});

async function finishedRun(status: RunStatus): Promise<RunRecord> {
  const run = await ledger.startRun('orders', 'schedule', null);
  const unavailable = status === 'target_unavailable';
  return ledger.finishRun(run.id, {
    status,
    counts: { read: 3, documents: 3, pushed: 1, skipped: 0, failed: 1, retried: 0 },
    cursorTo: null,
    error: unavailable
      ? {
          name: 'IntegrationError',
          code: 'runtime.target_unavailable',
          kind: 'transient',
          message: 'The target connection "okki" has been unavailable since 2026-03-01T08:00:00.000Z',
          details: { connection: 'okki', since: '2026-03-01T08:00:00.000Z', cause: 'okki.network' },
        }
      : null,
  });
}

const check = (rule: typeof runFailed, latestRun?: RunRecord) =>
  checkCondition(rule!, scheme, { ledger, now: new Date(), watchingSince: new Date(), latestRun });

describe('alert conditions on how the latest run ended', () => {
  it('target_unavailable fires for a run whose target stayed down, naming the connection and the waiting documents', async () => {
    await ledger.ingest('orders', null, [
      { key: 'A', source: {}, sourceVersion: null, payload: { a: 1 }, payloadHash: 'h1' },
      { key: 'B', source: {}, sourceVersion: null, payload: { b: 1 }, payloadHash: 'h2' },
    ]);
    const run = await finishedRun('target_unavailable');
    const result = await check(targetUnavailable, run);
    expect(result.firing).toBe(true);
    expect(result.headline).toContain('target unavailable');
    expect(result.facts.join('\n')).toContain('`okki`');
    expect(result.facts.join('\n')).toContain('okki.network');
    expect(result.facts.join('\n')).toContain('**2**');
    // run_failed watches for it too: an operator with only that rule still hears of the outage.
    expect((await check(runFailed, run)).firing).toBe(true);
  });

  it('neither fires once a run succeeds; target_unavailable stays quiet for a run that failed for another reason', async () => {
    expect((await check(targetUnavailable, await finishedRun('succeeded'))).firing).toBe(false);
    expect((await check(runFailed, await finishedRun('partial'))).firing).toBe(false);
    const failed = await finishedRun('failed');
    expect((await check(targetUnavailable, failed)).firing).toBe(false);
    expect((await check(runFailed, failed)).firing).toBe(true);
  });
});
