// A claimer in its own process, for the cross-process test in sqlite-state-store.test.ts.
// Usage: node --import tsx sqlite-claim-worker.fixture.ts <db file> <owner> <start at, epoch ms>;
// prints the claimed keys as JSON. All workers start claiming at the same moment so that they overlap.
import { SqliteStateStore } from './sqlite-state-store.js';

const [filename, owner, startAt] = process.argv.slice(2);
if (!filename || !owner) throw new Error('usage: sqlite-claim-worker.fixture.ts <db file> <owner>');
const store = new SqliteStateStore({ filename, busyTimeoutMs: 10_000 });
await store.migrate();
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt ?? 0) - Date.now())));
const claimed: string[] = [];
for (;;) {
  const batch = await store.claimDue('s', { owner, limit: 5, leaseMs: 600_000 });
  if (batch.length === 0) break;
  for (const r of batch) {
    claimed.push(r.key);
    await store.markSucceeded('s', r.key, { runId: owner, payloadHash: r.payloadHash!, payload: r.payload, targetReply: null, targetIds: { by: owner } });
  }
}
await store.close();
process.stdout.write(JSON.stringify(claimed));
