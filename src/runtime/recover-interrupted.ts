import { hostname } from 'node:os';
import type { Ledger } from '../ledger/ledger.js';

/** Whether a process with this pid runs on this machine. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Records left in `writing` by a process of this host that no longer runs (killed, crashed).
 * Their last write may have reached the target without the reply being recorded, so they become
 * failed with an outcome-unknown error, due now: the next write checks the target before
 * repeating. Leases of other hosts expire on their own (PostgreSQL, several workers).
 * Returns how many records were recovered.
 */
export async function recoverInterruptedWrites(store: Ledger, now: () => Date = () => new Date()): Promise<number> {
  const host = hostname();
  let recovered = 0;
  for (;;) {
    const { records } = await store.listRecords({ status: 'writing', limit: 500 });
    const orphaned = records.filter((r) => {
      const [ownerHost, pid] = (r.leaseOwner ?? '').split(':');
      return (
        ownerHost === host &&
        pid !== undefined &&
        /^\d+$/.test(pid) &&
        Number(pid) !== process.pid &&
        !processAlive(Number(pid))
      );
    });
    if (orphaned.length === 0) return recovered;
    for (const record of orphaned) {
      await store.markFailed(record.schemeId, record.key, {
        runId: null,
        status: 'failed',
        nextAttemptAt: now().toISOString(),
        countAttempt: false,
        error: {
          name: 'IntegrationError',
          code: 'runtime.interrupted',
          kind: 'outcome_unknown',
          message: `The process writing this document (${record.leaseOwner}) stopped before recording the outcome; the target is checked before the write is repeated`,
        },
      });
      recovered++;
    }
  }
}
