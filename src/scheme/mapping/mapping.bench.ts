/**
 * Micro-benchmark of scheme mapping (issue #4): the flagship scheme mapping ~2,000 grouped sales
 * orders of 5 lines each, with services answering from in-memory maps (async, like the ledger and
 * the connectors). Not a test.
 *
 *   node --import tsx src/scheme/mapping/mapping.bench.ts [--docs 2000] [--rounds 5] [--concurrency 1] [--isolated] [--dump payloads.json]
 *
 * `--isolated` maps in the mapping worker pool (isolation/, what the runtime uses) instead of this
 * thread: the same payloads (same sha256), plus the cost of the thread hop per document.
 *
 * Prints µs/document and documents/s (median of the rounds after one warm-up round) and a sha256 of
 * every payload, so a change to the mapping code can be checked to give the same payloads.
 *
 * Measured on the shared 2-core box, alternating with the pre-change code (payload sha256
 * f00d728bd68315db both): async JSONata with per-step hooks 1,760–2,350 µs/doc → synchronous
 * engine, hoisted literal calls, cached lookups, Number money 530–560 µs/doc (≈1,800 docs/s), 3.3×.
 * End to end (`npm run bench:sync`, 20,000 orders, only src/scheme/mapping swapped): qiao CPU per order
 * 3.64 → 2.09 ms, full re-read CPU 33.1 → 11.2 s, GC during the flagship run 5.5 → 2.6 s.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { loadSchemeFile } from '../load-scheme.js';
import { compileMapping } from './compile-mapping.js';
import { isolateMapping } from './isolation/isolated-mapping.js';
import { sharedMappingPool } from './isolation/mapping-pool.js';
import type { MappingServices } from './mapping-services.js';
import { mulberry32 as random } from '../../core/seeded-random.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const DOCS = arg('docs', 2000);
const ROUNDS = arg('rounds', 5);
const CONCURRENCY = arg('concurrency', 1);

const CUSTOMERS = 40;
const MATERIALS = 300;
const SALESPEOPLE = 12;
const DEPARTMENTS = ['华东销售部', '华南销售部', '海外销售部', '华北销售部'];
const CURRENCIES = [
  { number: 'PRE001', rate: 1 },
  { number: 'PRE007', rate: 7.1 },
  { number: 'PRE003', rate: 7.8 },
];
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const iso = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19);

/** Grouped documents as groupRows yields them: header fields, then `lines` with the line fields. */
function buildDocuments(count: number): Array<Record<string, unknown>> {
  const next = random(1);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const base = Date.parse('2026-01-01T00:00:00Z');
  let entryId = 200_001;
  return Array.from({ length: count }, (_, n) => {
    const c = int(1, CUSTOMERS);
    const s = int(1, SALESPEOPLE);
    const currency = CURRENCIES[c % 3 === 0 ? 1 : c % 7 === 0 ? 2 : 0]!;
    const date = base + int(0, 364) * 86_400_000;
    const changed = next() < 0.1;
    const lines = Array.from({ length: 5 }, () => {
      const qty = [10, 20, 50, 100, 200][int(0, 4)]!;
      const price = Math.round((10 + next() * 990) * 100) / 100;
      const m = int(1, MATERIALS);
      return {
        FSaleOrderEntry_FEntryID: entryId++,
        FMaterialId_FNumber: `MAT${pad(m, 5)}`,
        FMaterialName: `物料 ${m}`,
        FQty: qty,
        FTaxPrice: price,
        FAllAmount: Math.round(qty * price * 100) / 100,
        FEntryTaxRate: 13,
        FEntryNote: next() < 0.1 ? ' 加急 ' : ' ',
        FChangeFlag: changed && next() < 0.3 ? 'B' : ' ',
      };
    });
    return {
      FID: 100_000 + n,
      FBillNo: `XSDD${pad(n, 6)}`,
      FDocumentStatus: 'C',
      FDate: iso(date),
      FCustId_FNumber: `CUST${pad(c, 4)}`,
      FCustId_FName: `客户 ${c} 有限公司`,
      FSalerId_FNumber: `SAL${pad(s, 3)}`,
      FSalerId_FName: `销售 ${s}`,
      FSaleDeptId_FNumber: `DEPT${pad((s % DEPARTMENTS.length) + 1, 2)}`,
      FSaleDeptId_FName: DEPARTMENTS[s % DEPARTMENTS.length],
      FSettleCurrId_FNumber: currency.number,
      FExchangeRate: currency.rate,
      FNote: next() < 0.3 ? ' 请尽快发货 ' : ' ',
      FCloseStatus: next() < 0.05 ? 'B' : 'A',
      FCancelStatus: 'A',
      FChangeDate: changed ? iso(date + 5 * 86_400_000) : null,
      FChangeReason: changed ? '客户调整数量' : ' ',
      FVersionNo: changed ? '001' : '000',
      FModifyDate: iso(date + 3_600_000),
      FApproveDate: iso(date + 7_200_000),
      lines,
    };
  });
}

const CUSTOM_FIELDS: Record<string, string> = {
  金蝶标识状态: '5094664372700',
  物流费: '5094664372713',
  Q1返利: '5094664372714',
  Q2返利: '5094664372715',
  Q3返利: '5094664372716',
  Q4返利: '5094664372717',
  售后费: '5094664372718',
  年度返利: '5094664372719',
  前返: '5094664372720',
  出样补贴: '5094664372721',
};

/** Answers like the runtime's services (async, memo-free), from maps built up front. */
function memoryServices(): MappingServices {
  const synced = new Map<string, Record<string, unknown>>();
  for (let c = 1; c <= CUSTOMERS; c++)
    synced.set(`kingdee-customers-to-okki\u0000CUST${pad(c, 4)}`, { company_id: 30_000_000 + c });
  for (let m = 1; m <= MATERIALS; m++)
    synced.set(`kingdee-materials-to-okki\u0000MAT${pad(m, 5)}`, {
      product_id: 40_000_000 + m,
      sku_id: 50_000_000 + m,
    });
  const users = new Map(Array.from({ length: SALESPEOPLE }, (_, i) => [`SAL${pad(i + 1, 3)}`, 60_000 + i]));
  const departments = new Map(DEPARTMENTS.map((name, i) => [name, 700 + i]));
  return {
    async lookupSynced(schemeId, key) {
      return synced.get(`${schemeId}\u0000${key}`) ?? null;
    },
    async lookupTarget(_connection, object, query) {
      const q = query as Record<string, string>;
      return object === 'user' ? users.get(q.employee_no) : departments.get(q.name);
    },
    async customFieldId(_connection, _module, name) {
      const id = CUSTOM_FIELDS[name];
      if (!id) throw new Error(`no custom field ${name}`);
      return id;
    },
    now: () => new Date('2026-03-01T04:05:06Z'),
  };
}

async function main(): Promise<void> {
  const loaded = await loadSchemeFile('schemes/kingdee-sales-orders-to-okki.yaml');
  if (!loaded.ok) throw new Error(`flagship scheme does not load: ${loaded.issues.map((i) => i.message).join('; ')}`);
  const isolated = process.argv.includes('--isolated');
  const mapping = isolated ? isolateMapping(loaded.scheme) : compileMapping(loaded.scheme);
  const documents = buildDocuments(DOCS);

  const round = async (): Promise<{ ms: number; hash: string }> => {
    const services = memoryServices(); // a fresh services object = a fresh per-run cache, like a run
    const payloads: unknown[] = new Array(documents.length);
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < documents.length) {
          const i = next++;
          payloads[i] = await mapping.map(documents[i], services);
        }
      }),
    );
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const json = JSON.stringify(payloads);
    const dump = process.argv.indexOf('--dump');
    if (dump >= 0) writeFileSync(process.argv[dump + 1]!, json);
    return { ms, hash: createHash('sha256').update(json).digest('hex').slice(0, 16) };
  };

  await round(); // warm-up: JIT, caches of the code (not of the run)
  const times: number[] = [];
  let hash = '';
  for (let r = 0; r < ROUNDS; r++) {
    const result = await round();
    times.push(result.ms);
    if (hash && result.hash !== hash) throw new Error(`payloads differ between rounds: ${hash} vs ${result.hash}`);
    hash = result.hash;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const usPerDoc = (median * 1000) / DOCS;
  console.log(
    `mapping flagship${isolated ? ' (in the mapping worker pool)' : ''}: ${DOCS} docs × 5 lines, concurrency ${CONCURRENCY}, ${ROUNDS} rounds: median ${median.toFixed(0)} ms → ${usPerDoc.toFixed(0)} µs/doc, ` +
      `${Math.round(DOCS / (median / 1000))} docs/s (best ${((times[0]! * 1000) / DOCS).toFixed(0)} µs/doc); payloads sha256 ${hash}`,
  );
  if (isolated) await sharedMappingPool().close();
}

await main();
