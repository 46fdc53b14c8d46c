/**
 * The cost of evaluating mappings in the worker pool (issue 11: hard limits), measured in the qiao
 * side of `bench/sync.bench.ts` after its runs: the flagship's stored source documents mapped one
 * after the other — like ingest does — in this thread (compileMapping) and in a fresh mapping
 * worker pool (isolateMapping, what the runtime uses), with the same services (ledger lookups,
 * OKKI lookups through the connector, cached per pass). Same payloads both ways, or the bench fails.
 */
import { createMappingServices } from '../src/runtime/prepare-scheme.js';
import type { QiaoEngine } from '../src/runtime/engine.js';
import type { Ledger } from '../src/ledger/ledger.js';
import { type CompiledMapping, compileMapping } from '../src/scheme/mapping/compile-mapping.js';
import { isolateMapping } from '../src/scheme/mapping/isolation/isolated-mapping.js';
import { MappingPool } from '../src/scheme/mapping/isolation/mapping-pool.js';
import type { Scheme } from '../src/scheme/scheme.schema.js';

export interface MappingCost {
  documents: number;
  /** Median of the passes, microseconds per document, one document at a time. */
  inlineUsPerDoc: number;
  workerUsPerDoc: number;
  samePayloads: boolean;
}

export async function measureMappingCost(engine: QiaoEngine, schemeId: string, documents = 1000): Promise<MappingCost> {
  const info = await engine.getScheme(schemeId);
  if (!info) throw new Error(`scheme ${schemeId} is not loaded`);
  const { records } = await engine.ledger.listRecords({ schemeId, limit: documents });
  const sources = records.map((r) => ({ key: r.key, source: r.source }));
  const deps = {
    ledger: engine.ledger as unknown as Ledger,
    connectors: new Map([...['kingdee', 'okki']].map((name) => [name, engine.connector(name)!])),
    now: () => new Date(),
  };
  const pool = new MappingPool();
  const scheme = info.scheme as Scheme;
  const inline = compileMapping(scheme);
  const worker = isolateMapping(scheme, pool);
  const pass = async (mapping: CompiledMapping): Promise<{ us: number; json: string }> => {
    const services = createMappingServices(deps); // fresh per pass, like a run
    const payloads: unknown[] = [];
    const started = performance.now();
    for (const { key, source } of sources) payloads.push(await mapping.map(source, services, { key }));
    return { us: ((performance.now() - started) * 1000) / Math.max(1, sources.length), json: JSON.stringify(payloads) };
  };
  try {
    await pass(inline); // warm-up: JIT, worker start
    await pass(worker);
    const inlineUs: number[] = [];
    const workerUs: number[] = [];
    let samePayloads = true;
    for (let round = 0; round < 3; round++) {
      const a = await pass(inline);
      const b = await pass(worker);
      inlineUs.push(a.us);
      workerUs.push(b.us);
      samePayloads &&= a.json === b.json;
    }
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    return {
      documents: sources.length,
      inlineUsPerDoc: Math.round(median(inlineUs)),
      workerUsPerDoc: Math.round(median(workerUs)),
      samePayloads,
    };
  } finally {
    await pool.close();
  }
}
