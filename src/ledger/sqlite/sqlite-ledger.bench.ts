// Micro-benchmark (not a test): the ledger's per-record write path on a SQLite file.
// Run: node --import tsx src/ledger/sqlite/sqlite-ledger.bench.ts [records=20000] [batch=500] [claim=16] [modes=per-record,attempt-in-mark,batched]
// Each mode drains its own scheme of `records` sales-order-sized documents:
// - per-record: claimDue(claim) then, per record, markSucceeded + addAttempt (the runtime's path so far);
// - attempt-in-mark: claimDue(claim) then markSucceeded(…, attempt) per record (one statement pair, one lock);
// - batched: claimDue(claim) then one markSucceededMany for the whole claim.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentHash } from '../stable-hash.js';
import type { AttemptEntry, IngestDocument, LedgerRecord, Ledger, SuccessUpdate } from '../ledger.js';
import { SqliteLedger } from './sqlite-ledger.js';

const total = Number(process.argv[2] ?? 20_000);
const batchSize = Number(process.argv[3] ?? 500);
const claimSize = Number(process.argv[4] ?? 16);

const dir = mkdtempSync(join(tmpdir(), 'qiao-bench-'));
const store = new SqliteLedger({ filename: join(dir, 'bench.db') });
await store.migrate();

/** A sales-order-sized payload: header plus 5 lines. */
function order(i: number) {
  return {
    order_no: `XSDD${String(i).padStart(6, '0')}`,
    company_id: 1000 + (i % 300),
    currency: 'CNY',
    remark: `订单 ${i}`,
    product_list: Array.from({ length: 5 }, (_, l) => ({
      unique_id: `${i}-${l}`,
      sku: `SKU-${l}`,
      count: l + 1,
      unit_price: 12.5 * (l + 1),
    })),
  };
}

/** A grouped Kingdee sales order as the flagship reads it: 20 header fields, 5 lines of 9 fields (~1.6 KB of JSON). */
function source(i: number) {
  const no = `XSDD${String(i).padStart(6, '0')}`;
  return {
    FID: 100000 + i,
    FBillNo: no,
    FDocumentStatus: 'C',
    FDate: '2026-02-27T00:00:00',
    'FCustId.FNumber': `CUST${i % 300}`,
    'FCustId.FName': `客户 ${i % 300} 有限公司`,
    'FSalerId.FNumber': 'SAL001',
    'FSalerId.FName': '王小明',
    'FSaleDeptId.FNumber': 'D01',
    'FSaleDeptId.FName': '外贸一部',
    'FSettleCurrId.FNumber': 'PRE001',
    FExchangeRate: 1,
    FNote: `备注 ${i}`,
    FCloseStatus: 'A',
    FCancelStatus: 'A',
    FChangeDate: null,
    FChangeReason: '',
    FVersionNo: '000',
    FModifyDate: '2026-03-01T09:12:33.517',
    FApproveDate: '2026-03-01T09:13:02.100',
    lines: Array.from({ length: 5 }, (_, l) => ({
      FSaleOrderEntry_FEntryID: i * 10 + l,
      'FMaterialId.FNumber': `MAT-${l}`,
      FMaterialName: `物料 ${l}`,
      FQty: l + 1,
      FTaxPrice: 12.5 * (l + 1),
      FAllAmount: 12.5 * (l + 1) * (l + 1),
      FEntryTaxRate: 13,
      FEntryNote: '',
      FChangeFlag: '',
    })),
  };
}

const docs: IngestDocument[] = Array.from({ length: total }, (_, i) => {
  const payload = order(i);
  return {
    key: payload.order_no,
    source: source(i),
    sourceVersion: '2026-03-01T00:00:00',
    payload,
    payloadHash: contentHash(payload),
  };
});

type Mode = 'per-record' | 'attempt-in-mark' | 'batched';
type Batched = Ledger & {
  markSucceededMany?: (
    schemeId: string,
    items: Array<{ key: string; update: SuccessUpdate; attempt?: AttemptEntry }>,
  ) => Promise<void>;
};

const success = (r: LedgerRecord, n: number): SuccessUpdate => ({
  runId: 'run',
  payloadHash: r.payloadHash!,
  payload: r.payload,
  targetReply: { code: 0 },
  targetIds: { order_id: n },
});
const attemptOf = (scheme: string, r: LedgerRecord): AttemptEntry => ({
  schemeId: scheme,
  key: r.key,
  runId: 'run',
  at: new Date().toISOString(),
  outcome: 'succeeded',
  durationMs: 42,
  error: null,
});

async function drain(scheme: string, mode: Mode): Promise<number> {
  const s = store as Batched;
  let written = 0;
  for (;;) {
    const claimed = await s.claimDue(scheme, { owner: 'bench', limit: claimSize, leaseMs: 600_000 });
    if (claimed.length === 0) return written;
    if (mode === 'batched') {
      await s.markSucceededMany!(
        scheme,
        claimed.map((r) => ({ key: r.key, update: success(r, written++), attempt: attemptOf(scheme, r) })),
      );
      continue;
    }
    for (const r of claimed) {
      if (mode === 'per-record') {
        await s.markSucceeded(scheme, r.key, success(r, written++));
        await s.addAttempt(attemptOf(scheme, r));
      } else {
        await (s.markSucceeded as (a: string, b: string, c: SuccessUpdate, d?: AttemptEntry) => Promise<void>)(
          scheme,
          r.key,
          success(r, written++),
          attemptOf(scheme, r),
        );
      }
    }
  }
}

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')} records/s`;
console.log(`records: ${total}, ingest batch: ${batchSize}, claim batch: ${claimSize}`);
const modes = (process.argv[5] ?? 'per-record,attempt-in-mark,batched').split(',') as Mode[];
for (const mode of modes) {
  if (mode === 'batched' && typeof (store as Batched).markSucceededMany !== 'function') continue;
  const scheme = `bench-${mode}`;
  const t0 = performance.now();
  for (let i = 0; i < docs.length; i += batchSize)
    await store.ingest(scheme, 'run', docs.slice(i, i + batchSize), `cursor-${i}`);
  const t1 = performance.now();
  const cpu = process.cpuUsage();
  const written = await drain(scheme, mode);
  const t2 = performance.now();
  const { user, system } = process.cpuUsage(cpu);
  for (let i = 0; i < docs.length; i += batchSize) await store.ingest(scheme, 'run2', docs.slice(i, i + batchSize));
  const t3 = performance.now();
  if (written !== total) throw new Error(`${mode}: wrote ${written} of ${total}`);
  console.log(`[${mode}]`);
  console.log(`  ingest (new):           ${(t1 - t0).toFixed(0).padStart(6)} ms  ${rate(total, t1 - t0)}`);
  console.log(
    `  claim + success:        ${(t2 - t1).toFixed(0).padStart(6)} ms  ${rate(written, t2 - t1)}  (CPU ${((user + system) / 1000).toFixed(0)} ms: ${((user + system) / written).toFixed(0)} µs/record, ${(system / written).toFixed(0)} of it system)`,
  );
  console.log(`  re-ingest (unchanged):  ${(t3 - t2).toFixed(0).padStart(6)} ms  ${rate(total, t3 - t2)}`);
}
await store.close();
rmSync(dir, { recursive: true, force: true });
