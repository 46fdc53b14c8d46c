import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentHash } from '../ledger/stable-hash.js';
import { recoverInterruptedWrites } from './recover-interrupted.js';
import { openRuntimeFixture, type RuntimeFixture } from './runtime.test-helpers.js';

let f: RuntimeFixture;
beforeEach(async () => {
  f = await openRuntimeFixture();
});
afterEach(async () => {
  await f.close();
});

/** The pid of a process that has already exited. */
function exitedPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

/** Ingests `key` and leaves it `writing` under a lease held by `owner`. */
async function leasedBy(key: string, owner: string): Promise<void> {
  await f.store.ingest('s', null, [
    { key, source: { key }, sourceVersion: null, payload: { key }, payloadHash: contentHash({ key }) },
  ]);
  const claimed = await f.store.claimDue('s', { owner, limit: 1, leaseMs: 600_000 });
  expect(claimed.map((r) => r.key)).toEqual([key]);
}

describe('recoverInterruptedWrites', () => {
  it('fails writes of a dead process on this host as outcome-unknown, due now, without using a try', async () => {
    const host = hostname();
    await leasedBy('DEAD', `${host}:${exitedPid()}:run-1`);
    await leasedBy('SELF', `${host}:${process.pid}:run-2`);
    await leasedBy('ALIVE', `${host}:${process.ppid}:run-3`);
    await leasedBy('ELSEWHERE', `another-host:${exitedPid()}:run-4`);
    await leasedBy('ODD', 'not-a-lease-owner');

    expect(await recoverInterruptedWrites(f.store, f.clock.now)).toBe(1);

    expect(await f.store.getRecord('s', 'DEAD')).toMatchObject({
      status: 'failed',
      attempts: 0,
      nextAttemptAt: f.clock.iso(),
      leaseOwner: null,
      lastError: { code: 'runtime.interrupted', kind: 'outcome_unknown' },
    });
    for (const key of ['SELF', 'ALIVE', 'ELSEWHERE', 'ODD'])
      expect((await f.store.getRecord('s', key))?.status).toBe('writing');
  });

  it('has nothing to do when no write was interrupted', async () => {
    expect(await recoverInterruptedWrites(f.store, f.clock.now)).toBe(0);
  });
});
