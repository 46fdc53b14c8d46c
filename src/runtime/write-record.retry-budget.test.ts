import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { breakerSettingsSchema } from '../core/breaker-settings.js';
import { IntegrationError, TransientError } from '../core/errors.js';
import { contentHash } from '../ledger/stable-hash.js';
import { ConnectionBreaker } from './connection-breaker.js';
import { guardConnector } from './guarded-connector.js';
import { EXACT_RETRY, openRuntimeFixture, testScheme, type RuntimeFixture } from './runtime.test-helpers.js';
import { writeRecord } from './write-record.js';

/** Time-based retry budgets (issue 9) as writeRecord applies them, on a real ledger and a clock the test moves. */

const HOUR = 3_600_000;
let f: RuntimeFixture;
beforeEach(async () => {
  f = await openRuntimeFixture();
  const payload = { mapped: 1 };
  await f.store.ingest('s', null, [
    { key: 'SO-1', source: { key: 'SO-1' }, sourceVersion: null, payload, payloadHash: contentHash(payload) },
  ]);
});
afterEach(async () => {
  await f.close();
});

/** Unlimited tries, 24 h to live: the shipped default. */
const scheme = testScheme({ retry: { ...EXACT_RETRY, attempts: Number.POSITIVE_INFINITY }, retryMaxAgeMs: 24 * HOUR });

async function writeDue(deps = f.deps) {
  const [record] = await f.claim();
  expect(record?.key).toBe('SO-1');
  return writeRecord(scheme, deps, null, record!);
}

describe('writeRecord with a time-based retry budget', () => {
  it('keeps retrying a failing document across many tries, and makes it dead once 24 h have passed since its first failure', async () => {
    for (let i = 0; i < 12; i++) {
      f.target.writeOutcomes.push(new TransientError('OKKI answered 503'));
      expect(await writeDue()).toBe('failed');
      f.clock.advance(HOUR);
    }
    expect(await f.store.getRecord('s', 'SO-1')).toMatchObject({ status: 'failed', attempts: 12 });
    f.clock.advance(12 * HOUR);
    f.target.writeOutcomes.push(new TransientError('OKKI answered 503'));
    expect(await writeDue()).toBe('dead');
    expect(await f.store.getRecord('s', 'SO-1')).toMatchObject({ status: 'dead', attempts: 13 });
  });

  it('a write the open breaker refused is released untouched: no try, no attempt row, still leased until the run gives it back', async () => {
    const breaker = new ConnectionBreaker('dst', breakerSettingsSchema.parse({ probeAfterMs: 60_000 }));
    const refused = new IntegrationError('refused', {
      kind: 'transient',
      code: 'test.network',
      details: { networkCode: 'ECONNREFUSED' },
    });
    await breaker.execute(() => Promise.reject(refused)).catch(() => undefined);
    const deps = {
      ...f.deps,
      connectors: new Map([
        ['src', f.source],
        ['dst', guardConnector(f.target, breaker)],
      ]),
      breakers: new Map([['dst', breaker]]),
    };
    expect(await writeDue(deps)).toBe('released');
    expect(f.target.writes).toHaveLength(0);
    expect(await f.store.getRecord('s', 'SO-1')).toMatchObject({ status: 'writing', attempts: 0, lastError: null });
    expect(await f.store.listAttempts('s', 'SO-1')).toEqual([]);
    expect(await f.store.releaseLeases(f.deps.owner)).toBe(1);
  });
});
