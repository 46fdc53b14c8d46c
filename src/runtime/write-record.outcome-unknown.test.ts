import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IntegrationError, serializeError } from '../core/errors.js';
import { contentHash } from '../ledger/stable-hash.js';
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
const version = (n: number) => ({ key: 'SO-1', n });
const payloadOf = (n: number) => ({ mapped: version(n) });
const lostReply = () =>
  new IntegrationError('No reply after sending', { code: 'okki.timeout', kind: 'outcome_unknown' });

async function ingest(n: number): Promise<void> {
  await f.store.ingest('s', null, [
    {
      key: 'SO-1',
      source: version(n),
      sourceVersion: null,
      payload: payloadOf(n),
      payloadHash: contentHash(payloadOf(n)),
    },
  ]);
}

async function writeOnce(run = scheme) {
  const [record] = await f.claim();
  expect(record?.key).toBe('SO-1');
  return writeRecord(run, f.deps, null, record!);
}

describe('writeRecord when a write may have landed unrecorded', () => {
  it('reads the target back across a changed version until a write succeeds, then trusts the ledger again', async () => {
    await ingest(1);
    f.target.writeOutcomes.push(lostReply());
    expect(await writeOnce()).toBe('failed');
    await ingest(2); // the source changed before the retry: the doubt must survive it
    expect(await f.store.getRecord('s', 'SO-1')).toMatchObject({
      status: 'pending',
      lastError: null,
      outcomeUnknownSince: f.clock.iso(),
    });

    f.target.landed = { reply: {}, ids: { id: 'T-LANDED', lines: { E1: 'u1' } }, warnings: [] };
    expect(await writeOnce()).toBe('succeeded');
    expect(f.target.findWrittenCalls).toBe(1);
    // What the target holds replaces what the ledger knew.
    expect(f.target.writes.at(-1)).toMatchObject({
      payload: payloadOf(2),
      context: { previousIds: { id: 'T-LANDED', lines: { E1: 'u1' } } },
    });
    expect(await f.store.getRecord('s', 'SO-1')).toMatchObject({ status: 'succeeded', outcomeUnknownSince: null });

    await ingest(3);
    expect(await writeOnce()).toBe('succeeded');
    expect(f.target.findWrittenCalls).toBe(1);
    expect(f.target.writes.at(-1)?.context.previousIds).toEqual({ id: 'T-SO-1' });
  });

  it('writes a re-mapped document equal to the pushed payload instead of skipping it while in doubt', async () => {
    await ingest(1);
    expect(await writeOnce()).toBe('succeeded');
    await ingest(2);
    f.target.writeOutcomes.push(lostReply());
    expect(await writeOnce()).toBe('failed'); // version 2 may be in the target now
    // The source goes back to version 1, but a lookup is missing: parked, re-mapped when claimed.
    const missing = new IntegrationError('Customer C-9 is not in OKKI yet', {
      code: 'lookup.customer',
      kind: 'lookup_missing',
    });
    await f.store.ingest('s', null, [
      {
        key: 'SO-1',
        source: version(1),
        sourceVersion: null,
        payload: null,
        payloadHash: null,
        error: serializeError(missing),
        nextAttemptAt: f.clock.iso(),
      },
    ]);
    const writesBefore = f.target.writes.length;
    expect(await writeOnce()).toBe('succeeded');
    expect(f.target.writes.length).toBe(writesBefore + 1);
    expect(f.target.writes.at(-1)?.payload).toEqual(payloadOf(1));
  });

  it('reads the target back after taking over a lease that expired mid-write', async () => {
    await ingest(1);
    await f.store.claimDue('s', { owner: 'a-stopped-process', limit: 10, leaseMs: 1_000 });
    f.clock.advance(2_000);
    expect(await writeOnce()).toBe('succeeded');
    expect(f.target.findWrittenCalls).toBe(1);
  });
});
