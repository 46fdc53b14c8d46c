// A claimer in its own process, for the cross-process test in sqlite-ledger.test.ts.
// Usage: node --import tsx sqlite-claim-worker.fixture.ts <db file> <owner> <worker count>;
// prints the claimed keys as JSON. Workers wait for each other (ready files next to the database)
// so that their claiming overlaps however slowly each process starts.
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SqliteLedger } from './sqlite-ledger.js';

const [filename, owner, workers] = process.argv.slice(2);
if (!filename || !owner) throw new Error('usage: sqlite-claim-worker.fixture.ts <db file> <owner> <worker count>');
const store = new SqliteLedger({ filename, busyTimeoutMs: 10_000 });
await store.migrate();
writeFileSync(join(dirname(filename), `ready-${owner}`), '');
const deadline = Date.now() + 20_000;
while (
  readdirSync(dirname(filename)).filter((f) => f.startsWith('ready-')).length < Number(workers) &&
  Date.now() < deadline
) {
  await new Promise((resolve) => setTimeout(resolve, 5));
}
const claimed: string[] = [];
for (let round = 0; ; round++) {
  const batch = await store.claimDue('s', { owner, limit: 5, leaseMs: 600_000 });
  if (batch.length === 0) break;
  // A real worker waits for the target between claim and success; without that pause, one fast
  // process could drain the whole ledger before the others got going.
  await new Promise((resolve) => setTimeout(resolve, 1));
  claimed.push(...batch.map((r) => r.key));
  const success = (r: (typeof batch)[number]) => ({
    runId: owner,
    payloadHash: r.payloadHash!,
    payload: r.payload,
    targetReply: null,
    targetIds: { by: owner },
  });
  const attempt = (r: (typeof batch)[number]) => ({
    schemeId: 's',
    key: r.key,
    runId: owner,
    at: new Date().toISOString(),
    outcome: 'succeeded' as const,
    durationMs: 1,
    error: null,
  });
  // Both success paths compete: a group in one transaction, and one record at a time.
  if (round % 2 === 0)
    await store.markSucceededMany(
      's',
      batch.map((r) => ({ key: r.key, update: success(r), attempt: attempt(r) })),
    );
  else for (const r of batch) await store.markSucceeded('s', r.key, success(r), attempt(r));
}
await store.close();
process.stdout.write(JSON.stringify(claimed));
