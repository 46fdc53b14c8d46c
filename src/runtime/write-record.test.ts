import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, IntegrationError, RecordRejectedError, serializeError, TransientError } from '../core/errors.js';
import { contentHash } from '../ledger/stable-hash.js';
import { PARK_RECHECK_MS } from './record-policy.js';
import { openRuntimeFixture, testScheme, type RuntimeFixture } from './runtime.test-helpers.js';
import { writeRecord } from './write-record.js';

let f: RuntimeFixture;
beforeEach(async () => {
  f = await openRuntimeFixture();
});
afterEach(async () => {
  await f.close();
});

const scheme = testScheme();
const source = { key: 'SO-1', amount: 10 };
const payload = { mapped: source };

async function ingestPending(): Promise<void> {
  await f.store.ingest('s', null, [
    { key: 'SO-1', source, sourceVersion: null, payload, payloadHash: contentHash(payload) },
  ]);
}

/** Claims SO-1 (it must be due) and writes it once. */
async function writeOnce(run = scheme) {
  const [record] = await f.claim();
  expect(record?.key).toBe('SO-1');
  return writeRecord(run, f.deps, null, record!);
}

const outcomes = async () => (await f.store.listAttempts('s', 'SO-1')).map((a) => a.outcome).reverse();

describe('writeRecord', () => {
  it('records a success with the target ids', async () => {
    await ingestPending();
    expect(await writeOnce()).toBe('succeeded');
    expect(await f.store.getRecord('s', 'SO-1')).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      targetIds: { id: 'T-SO-1' },
      pushedHash: contentHash(payload),
    });
    expect(await outcomes()).toEqual(['succeeded']);
  });

  it('retries a transient failure with backoff and gives up after the last try', async () => {
    await ingestPending();
    f.target.writeOutcomes.push(
      new TransientError('OKKI answered 503'),
      new TransientError('OKKI answered 503'),
      new TransientError('OKKI answered 503'),
    );
    expect(await writeOnce()).toBe('failed');
    expect(await f.store.getRecord('s', 'SO-1')).toMatchObject({
      status: 'failed',
      attempts: 1,
      nextAttemptAt: f.clock.iso(1_000),
    });
    expect(await f.claim()).toEqual([]); // not due yet
    f.clock.advance(1_000);
    expect(await writeOnce()).toBe('failed');
    expect(await f.store.getRecord('s', 'SO-1')).toMatchObject({
      status: 'failed',
      attempts: 2,
      nextAttemptAt: f.clock.iso(2_000),
    });
    f.clock.advance(2_000);
    expect(await writeOnce()).toBe('dead');
    expect(await f.store.getRecord('s', 'SO-1')).toMatchObject({
      status: 'dead',
      attempts: 3,
      nextAttemptAt: null,
      lastError: { kind: 'transient' },
    });
    expect(await outcomes()).toEqual(['failed', 'failed', 'dead']);
    expect(f.failures.map((e) => e.status)).toEqual(['failed', 'failed', 'dead']);
  });

  it('fails a rejected record without an automatic retry', async () => {
    await ingestPending();
    f.target.writeOutcomes.push(new RecordRejectedError('Customer code is required', { code: 'okki.validation' }));
    expect(await writeOnce()).toBe('failed');
    expect(await f.store.getRecord('s', 'SO-1')).toMatchObject({
      status: 'failed',
      attempts: 1,
      nextAttemptAt: null,
      lastError: { code: 'okki.validation' },
    });
  });

  it('records a config failure, then stops the run by throwing it', async () => {
    await ingestPending();
    f.target.writeOutcomes.push(new ConfigError('The OKKI token was revoked', { code: 'okki.auth' }));
    await expect(writeOnce()).rejects.toMatchObject({ code: 'okki.auth', kind: 'config' });
    expect(await f.store.getRecord('s', 'SO-1')).toMatchObject({
      status: 'failed',
      attempts: 1,
      nextAttemptAt: null,
      leaseOwner: null,
    });
    expect(f.failures).toMatchObject([{ key: 'SO-1', status: 'failed', error: { code: 'okki.auth' } }]);
  });

  it('checks the target before repeating a write whose outcome is unknown', async () => {
    await ingestPending();
    f.target.writeOutcomes.push(
      new IntegrationError('No reply after sending', { code: 'okki.timeout', kind: 'outcome_unknown' }),
    );
    expect(await writeOnce()).toBe('failed');
    expect(await outcomes()).toEqual(['outcome_unknown']);
    expect(await f.store.getRecord('s', 'SO-1')).toMatchObject({
      status: 'failed',
      attempts: 1,
      nextAttemptAt: f.clock.iso(1_000),
    });

    f.clock.advance(1_000);
    f.target.landed = { reply: {}, ids: { id: 'T-LANDED' }, warnings: [] };
    expect(await writeOnce()).toBe('succeeded');
    expect(f.target.findWrittenCalls).toBe(1);
    // The repeat edits the document that landed instead of creating a twin.
    expect(f.target.writes.at(-1)?.context.previousIds).toEqual({ id: 'T-LANDED' });
    expect(await f.store.getRecord('s', 'SO-1')).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('parks a document whose lookup is missing without using a try, and re-maps it when it is due', async () => {
    const lookupMissing = new IntegrationError('Customer C-9 has not reached OKKI yet', {
      code: 'lookup.customer',
      kind: 'lookup_missing',
    });
    await f.store.ingest('s', null, [
      {
        key: 'SO-1',
        source,
        sourceVersion: null,
        payload: null,
        payloadHash: null,
        error: serializeError(lookupMissing),
        nextAttemptAt: f.clock.iso(),
      },
    ]);
    const stillMissing = testScheme({ map: async () => Promise.reject(lookupMissing) });
    expect(await writeOnce(stillMissing)).toBe('parked');
    expect(f.target.writes).toEqual([]);
    expect(await f.store.getRecord('s', 'SO-1')).toMatchObject({
      status: 'parked',
      attempts: 0,
      payload: null,
      nextAttemptAt: f.clock.iso(PARK_RECHECK_MS),
    });
    expect(await outcomes()).toEqual(['parked']);

    f.clock.advance(PARK_RECHECK_MS);
    expect(await writeOnce()).toBe('succeeded');
    expect(f.target.writes.map((w) => w.payload)).toEqual([payload]);
    expect(await f.store.getRecord('s', 'SO-1')).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      payload,
      lastError: null,
    });
  });

  it('counts the parks of a waiting document and makes it dead, saying why, once it waited parkedLimit', async () => {
    const lookupMissing = new IntegrationError('$lookup: scheme "customers" has not synced "C-9" yet', {
      code: 'mapping.lookup_missing',
      kind: 'lookup_missing',
      details: { lookupScheme: 'customers', lookupKey: 'C-9' },
    });
    const since = f.clock.iso();
    await f.store.ingest('s', null, [
      {
        key: 'SO-1',
        source,
        sourceVersion: null,
        payload: null,
        payloadHash: null,
        error: serializeError(lookupMissing),
        nextAttemptAt: since,
      },
    ]);
    const hours = 3_600_000;
    const stillMissing = testScheme({ parkedLimitMs: 3 * hours, map: async () => Promise.reject(lookupMissing) });
    f.clock.advance(2 * hours);
    expect(await writeOnce(stillMissing)).toBe('parked');
    expect(await f.store.getRecord('s', 'SO-1')).toMatchObject({ status: 'parked', parkedSince: since, parkCount: 2 });

    f.clock.advance(hours);
    expect(await writeOnce(stillMissing)).toBe('dead');
    const dead = await f.store.getRecord('s', 'SO-1');
    expect(dead).toMatchObject({
      status: 'dead',
      attempts: 0,
      nextAttemptAt: null,
      parkedSince: since,
      parkCount: 2,
      lastError: {
        code: 'runtime.parked_too_long',
        kind: 'lookup_missing',
        details: {
          lookupScheme: 'customers',
          lookupKey: 'C-9',
          parkedSince: since,
          parkCount: 2,
          parkedLimitMs: 3 * hours,
        },
      },
    });
    expect(dead?.lastError?.message).toContain('waiting 3 h for scheme customers to sync "C-9"');
    expect(dead?.lastError?.message).toContain('then retry this record');
    expect(await outcomes()).toEqual(['parked', 'dead']);
    expect(f.failures.map((e) => [e.status, e.error.code])).toEqual([
      ['parked', 'mapping.lookup_missing'],
      ['dead', 'runtime.parked_too_long'],
    ]);
    expect(f.target.writes).toEqual([]);

    // An operator's retry starts a fresh wait: the next park is not dead at once.
    await f.store.requeue('s', { key: 'SO-1' });
    expect(await writeOnce(stillMissing)).toBe('parked');
    expect(await f.store.getRecord('s', 'SO-1')).toMatchObject({ parkedSince: f.clock.iso(), parkCount: 1 });
  });
});
