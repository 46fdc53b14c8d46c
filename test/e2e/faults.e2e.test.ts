import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment } from '../../src/app/demo.js';
import { duplicateOrderNumbers, normaliseOkkiOrders } from './support/e2e-data.js';

const ORDERS = 150;
const SEED = 11;

/** Runs every scheme until nothing is left to write (faults make some runs fail or leave retries). */
async function syncUntilSettled(env: DemoEnvironment, maxRounds = 12): Promise<void> {
  for (let round = 0; round < maxRounds; round++) {
    await env.runAll('cli').catch(() => undefined);
    const counts = await env.engine.ledger.countByStatus();
    const open = counts.reduce(
      (n, c) => n + c.counts.pending + c.counts.failed + c.counts.parked + c.counts.writing + c.counts.dead,
      0,
    );
    const flagshipRan = await env.engine.ledger.lastSuccessfulRun('kingdee-receipts-to-okki');
    if (open === 0 && flagshipRan) return;
    // Dead documents are replayable by hand; the operator's "retry all" is what this models.
    for (const c of counts) if (c.counts.dead > 0) await env.engine.ledger.requeue(c.schemeId, { statuses: ['dead'] });
  }
  throw new Error('sync did not settle under faults');
}

describe('under faults the final OKKI state equals the fault-free run, with no duplicates', () => {
  let clean: DemoEnvironment;
  let faulty: DemoEnvironment;

  beforeAll(async () => {
    clean = await startDemoEnvironment({ orders: ORDERS, seed: SEED });
    faulty = await startDemoEnvironment({
      orders: ORDERS,
      seed: SEED,
      logLevel: 'error',
      timeoutMs: 1_500,
      retryInitialDelayMs: 20,
      drainWindowMs: 5_000,
      kingdeeFaults: {
        sessionExpiryEveryNCalls: 3,
        proxy502EveryNCalls: 4,
        truncateEveryNCalls: 7,
        callLimitEveryNCalls: 9,
        networkConflictEveryNCalls: 11,
      },
      okkiFaults: {
        error5xxEveryNCalls: 9,
        rateLimitPerSecond: 150,
        commitThenTimeoutEveryNPushes: 23,
        hangMs: 4_000,
        revokeTokenAfterNCalls: 40,
      },
    });
  });
  afterAll(async () => {
    await clean?.close();
    await faulty?.close();
  });

  it('session expiry, 502s, call limits, 5xx, 429s and commit-then-timeout change nothing in the end', async () => {
    await syncUntilSettled(clean);
    await syncUntilSettled(faulty);
    // The faults really fired: throttling, lost sessions, 5xx and pushes whose reply never came.
    expect(faulty.okki.stats().rateLimited).toBeGreaterThan(0);
    const kingdeeCalls = (env: DemoEnvironment) => Object.values(env.kingdee.stats().calls).reduce((a, b) => a + b, 0);
    expect(kingdeeCalls(faulty)).toBeGreaterThan(kingdeeCalls(clean)); // pages and logins were repeated
    const outcomes = new Map<string, number>();
    const { records } = await faulty.engine.ledger.listRecords({
      schemeId: 'kingdee-sales-orders-to-okki',
      limit: 1000,
    });
    for (const record of records) {
      for (const attempt of await faulty.engine.ledger.listAttempts(record.schemeId, record.key)) {
        const code = attempt.error?.code ?? attempt.outcome;
        outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
      }
    }
    expect(outcomes.get('okki.outcome_unknown') ?? 0).toBeGreaterThan(0);
    expect(outcomes.get('okki.server_error') ?? 0).toBeGreaterThan(0);
    const cleanDump = clean.okki.dumpOrders();
    const faultyDump = faulty.okki.dumpOrders();
    expect(duplicateOrderNumbers(faultyDump)).toEqual([]);
    expect(faultyDump.length).toBe(cleanDump.length);
    expect(normaliseOkkiOrders(faultyDump)).toEqual(normaliseOkkiOrders(cleanDump));
  }, 240_000);
});
