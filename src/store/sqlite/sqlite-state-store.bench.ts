// Micro-benchmark (not a test): ingest + claim + markSucceeded of N records on a SQLite file.
// Run: node --import tsx src/store/sqlite/sqlite-state-store.bench.ts [records=20000] [batch=1000] [claim=200]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentHash } from '../stable-hash.js';
import type { IngestDocument } from '../state-store.js';
import { SqliteStateStore } from './sqlite-state-store.js';

const total = Number(process.argv[2] ?? 20_000);
const batchSize = Number(process.argv[3] ?? 1000);
const claimSize = Number(process.argv[4] ?? 200);

const dir = mkdtempSync(join(tmpdir(), 'qiao-bench-'));
const store = new SqliteStateStore({ filename: join(dir, 'bench.db') });
await store.migrate();

/** A sales-order-sized payload: header plus 5 lines. */
function order(i: number) {
  return {
    order_no: `XSDD${String(i).padStart(6, '0')}`,
    company_id: 1000 + (i % 300),
    currency: 'CNY',
    remark: `订单 ${i}`,
    product_list: Array.from({ length: 5 }, (_, l) => ({ unique_id: `${i}-${l}`, sku: `SKU-${l}`, count: l + 1, unit_price: 12.5 * (l + 1) })),
  };
}

const docs: IngestDocument[] = Array.from({ length: total }, (_, i) => {
  const payload = order(i);
  return { key: payload.order_no, source: { FBillNo: payload.order_no, lines: payload.product_list }, sourceVersion: '2026-03-01T00:00:00', payload, payloadHash: contentHash(payload) };
});

const t0 = performance.now();
for (let i = 0; i < docs.length; i += batchSize) await store.ingest('bench', 'run', docs.slice(i, i + batchSize), `cursor-${i}`);
const t1 = performance.now();
let written = 0;
for (;;) {
  const claimed = await store.claimDue('bench', { owner: 'bench', limit: claimSize, leaseMs: 600_000 });
  if (claimed.length === 0) break;
  for (const r of claimed) {
    await store.markSucceeded('bench', r.key, { runId: 'run', payloadHash: r.payloadHash!, payload: r.payload, targetReply: { code: 0 }, targetIds: { order_id: written } });
    written += 1;
  }
}
const t2 = performance.now();
const reingest = performance.now();
for (let i = 0; i < docs.length; i += batchSize) await store.ingest('bench', 'run2', docs.slice(i, i + batchSize));
const t3 = performance.now();
await store.close();
rmSync(dir, { recursive: true, force: true });

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')} records/s`;
console.log(`records: ${total}, ingest batch: ${batchSize}, claim batch: ${claimSize}`);
console.log(`ingest (new):            ${(t1 - t0).toFixed(0)} ms  ${rate(total, t1 - t0)}`);
console.log(`claim + markSucceeded:   ${(t2 - t1).toFixed(0)} ms  ${rate(written, t2 - t1)}`);
console.log(`end to end:              ${(t2 - t0).toFixed(0)} ms  ${rate(total, t2 - t0)}`);
console.log(`re-ingest (unchanged):   ${(t3 - reingest).toFixed(0)} ms  ${rate(total, t3 - reingest)}`);
