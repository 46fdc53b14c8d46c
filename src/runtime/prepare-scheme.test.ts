import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schemeSchema, type Scheme } from '../scheme/scheme.schema.js';
import { contentHash } from '../ledger/stable-hash.js';
import { prepareScheme, type PrepareDeps } from './prepare-scheme.js';
import type { SourceDocument } from './run-context.js';
import { openRuntimeFixture, type RuntimeFixture } from './runtime.test-helpers.js';

let f: RuntimeFixture;
let deps: PrepareDeps;
beforeEach(async () => {
  f = await openRuntimeFixture();
  deps = { ledger: f.store, connectors: f.deps.connectors, now: f.clock.now };
});
afterEach(async () => {
  await f.close();
});

function orders(extra: Record<string, unknown> = {}): Scheme {
  return schemeSchema.parse({
    version: 1,
    id: 'orders',
    name: 'orders',
    source: {
      connection: 'src',
      api: 'rows',
      group: { key: 'FBillNo', lineKey: 'FEntryID', lineFields: ['FQty'] },
      filter: { line: '$number(FQty) > 0' },
    },
    mapping: {
      document: {
        order_no: 'FBillNo',
        company_id: "$lookup('customers', FCustId, 'company_id')",
        qty: '$sum(lines.$number(FQty))',
      },
    },
    target: { connection: 'dst', api: 'save', key: 'order_no' },
    settings: { batchSize: 7 },
    ...extra,
  });
}

/** Records that the customers scheme wrote `key` with these ids (what $lookup reads). */
async function customerSynced(key: string, ids: Record<string, unknown>): Promise<void> {
  await f.store.ingest('customers', null, [
    { key, source: { key, ids }, sourceVersion: null, payload: ids, payloadHash: contentHash(ids) },
  ]);
  const [claimed] = await f.store.claimDue('customers', { owner: 'test', limit: 1, leaseMs: 60_000 });
  await f.store.markSucceeded('customers', claimed!.key, {
    runId: null,
    payload: ids,
    payloadHash: contentHash(ids),
    targetReply: null,
    targetIds: ids,
  });
}

async function documentsOf(
  rows: Array<Record<string, unknown>>,
  scheme = prepareScheme(orders(), deps),
): Promise<SourceDocument[]> {
  const out: SourceDocument[] = [];
  for await (const doc of scheme.documents(
    (async function* () {
      yield* rows;
    })(),
  ))
    out.push(doc);
  return out;
}

const rows = [
  { FBillNo: 'SO-1', FCustId: 'C1', FEntryID: 1, FQty: '2' },
  { FBillNo: 'SO-1', FCustId: 'C1', FEntryID: 2, FQty: '0' },
  { FBillNo: 'SO-1', FCustId: 'C1', FEntryID: 3, FQty: '3' },
  { FBillNo: 'SO-2', FCustId: 'C2', FEntryID: 4, FQty: '1' },
];

describe('prepareScheme', () => {
  it.each([
    ['source', { source: { connection: 'erp', api: 'rows', key: 'FBillNo' } }, 'erp'],
    ['target', { target: { connection: 'crm', api: 'save', key: 'order_no' } }, 'crm'],
    [
      'write-back',
      {
        target: {
          connection: 'dst',
          api: 'save',
          key: 'order_no',
          writeBack: { connection: 'erp', api: 'Save', params: {} },
        },
      },
      'erp',
    ],
  ])('refuses a %s connection that qiao.yaml does not define', (_, extra, name) => {
    expect(() => prepareScheme(orders(extra), deps)).toThrow(
      expect.objectContaining({ kind: 'config', code: 'runtime.unknown_connection', details: { connection: name } }),
    );
  });

  it('carries the settings the run loop needs', () => {
    const prepared = prepareScheme(orders(), deps);
    expect(prepared).toMatchObject({
      id: 'orders',
      batchSize: 7,
      source: { connection: 'src', cursor: null },
      target: { connection: 'dst', api: 'save', params: {} },
      writeBack: null,
    });
    expect(prepared.documentKey({ FBillNo: 'SO-9' })).toBe('SO-9');
  });

  it('groups rows into documents and drops filtered lines', async () => {
    const docs = await documentsOf(rows);
    expect(docs.map((d) => d.key)).toEqual(['SO-1', 'SO-2']);
    expect((docs[0]!.document.lines as Array<{ FEntryID: number }>).map((l) => l.FEntryID)).toEqual([1, 3]);
  });

  it('parks a document whose lookup has not synced yet and maps it once it has', async () => {
    const prepared = prepareScheme(orders(), deps);
    const [order] = await documentsOf(rows, prepared);
    await expect(prepared.map(order!.document, 'SO-1')).rejects.toMatchObject({ kind: 'lookup_missing' });
    // A miss is not remembered: the customer arriving later in the same run resolves it.
    await customerSynced('C1', { company_id: 1001 });
    expect(await prepared.map(order!.document, 'SO-1')).toEqual({ order_no: 'SO-1', company_id: 1001, qty: 5 });
  });

  it('remembers found lookups for one run only', async () => {
    await customerSynced('C1', { company_id: 1001 });
    const prepared = prepareScheme(orders(), deps);
    const [order] = await documentsOf(rows, prepared);
    expect(await prepared.map(order!.document, 'SO-1')).toMatchObject({ company_id: 1001 });
    await f.store.markSucceeded('customers', 'C1', {
      runId: null,
      payload: {},
      payloadHash: contentHash({}),
      targetReply: null,
      targetIds: { company_id: 2002 },
    });
    expect(await prepared.map(order!.document, 'SO-1')).toMatchObject({ company_id: 1001 });
    await documentsOf(rows, prepared); // the next run
    expect(await prepared.map(order!.document, 'SO-1')).toMatchObject({ company_id: 2002 });
  });
});
