import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { groupRows, type GroupedDocument, type GroupSpec } from '../../scheme/grouping/group-rows.js';
import { QUARANTINE_KEY_PREFIX } from '../../scheme/grouping/document-key.js';
import { readBody } from '../simulator-kit/http-body.js';
import { startKingdeeSimulator, type KingdeeSimulator } from './simulator/kingdee-simulator.js';
import { createKingdeeConnector } from './kingdee.connector.js';
import type { KingdeeConnectionInput } from './kingdee.config.js';

/**
 * A fake K/3Cloud on 127.0.0.1:0: logins succeed, every ExecuteBillQuery is answered by `answer`
 * with the raw body it returns (bytes as they are, so replies can be broken on purpose).
 */
type Answer = (data: { StartRow: number; Limit: number; FieldKeys: string }) => string | Buffer;
let server: Server;
let baseUrl = '';
let answer: Answer = () => '[]';
let queries: Array<{ StartRow: number; Limit: number }> = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = JSON.parse((await readBody(req)) || '{}');
    if (req.url?.includes('AuthService.ValidateUser')) {
      res.writeHead(200, { 'set-cookie': 'kdservice-sessionid=S1; path=/' });
      return res.end(JSON.stringify({ LoginResultType: 1, KDSVCSessionId: 'S1', Context: { UserName: 'demo' } }));
    }
    queries.push({ StartRow: body.data.StartRow, Limit: body.data.Limit });
    res.end(answer(body.data));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/k3cloud/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(() => {
  queries = [];
  answer = () => '[]';
});

const config = (extra: Partial<KingdeeConnectionInput> = {}): KingdeeConnectionInput => ({
  type: 'kingdee',
  baseUrl,
  acctId: 'a1',
  auth: { method: 'password', username: 'demo', password: 'pw' },
  ...extra,
});

async function read(
  fieldKeys: string,
  extra: Partial<KingdeeConnectionInput> = {},
  limit?: number,
): Promise<Array<Record<string, unknown>>> {
  const connector = createKingdeeConnector('erp', config(extra));
  const rows: Array<Record<string, unknown>> = [];
  for await (const row of connector.read('ExecuteBillQuery', {
    FormId: 'SAL_SaleOrder',
    FieldKeys: fieldKeys,
    OrderKeys: ['FID'],
    Limit: limit,
  }))
    rows.push(row);
  return rows;
}

async function documents(rows: Array<Record<string, unknown>>, spec: GroupSpec): Promise<GroupedDocument[]> {
  const out: GroupedDocument[] = [];
  for await (const doc of groupRows(rows, spec)) out.push(doc);
  return out;
}

describe('Kingdee vendor data (fake server on port 0)', () => {
  it('stops a reply larger than maxReplyBytes and says which connection, the cap and the setting', async () => {
    answer = () => JSON.stringify(Array.from({ length: 5_000 }, (_, i) => [i, `XSDD${i}`, 'x'.repeat(100)]));
    const error = await read('FID,FBillNo,FNote', { maxReplyBytes: 64 * 1024 }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'config',
      code: 'kingdee.reply_too_large',
      details: { connection: 'erp', maxReplyBytes: 65_536, setting: 'maxReplyBytes' },
    });
    expect((error as Error).message).toMatch(
      /connection "erp" is larger than its maxReplyBytes \(65536 bytes.*Raise maxReplyBytes of this connection in qiao\.yaml/,
    );
  });

  it('reads the same reply under the default cap', async () => {
    answer = ({ StartRow }) =>
      StartRow === 0 ? JSON.stringify(Array.from({ length: 5_000 }, (_, i) => [i, `XSDD${i}`, 'x'.repeat(100)])) : '[]';
    expect(await read('FID,FBillNo,FNote', {}, 10_000)).toHaveLength(5_000);
  });

  it('fails the read when the server ignores StartRow (the same full page again), after two pages', async () => {
    answer = () =>
      JSON.stringify([
        [1, 'A'],
        [2, 'B'],
      ]);
    const error = await read('FID,FBillNo', {}, 2).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'config',
      code: 'kingdee.paging_broken',
      message: expect.stringContaining(
        'returned the same 2 rows at StartRow 2 as at StartRow 0: the server ignores StartRow',
      ),
    });
    expect(queries.map((q) => q.StartRow)).toEqual([0, 2]);
  });

  it('also stops a short page repeated forever when reading until an empty page (confirmPageEnd)', async () => {
    answer = () => JSON.stringify([[1, 'A']]);
    await expect(read('FID,FBillNo', { confirmPageEnd: true }, 2)).rejects.toMatchObject({
      code: 'kingdee.paging_broken',
    });
    expect(queries).toHaveLength(2);
  });

  it('fails the read when a page has more rows than Limit', async () => {
    answer = () =>
      JSON.stringify([
        [1, 'A'],
        [2, 'B'],
        [3, 'C'],
      ]);
    await expect(read('FID,FBillNo', {}, 2)).rejects.toMatchObject({
      kind: 'config',
      code: 'kingdee.paging_broken',
      message: expect.stringContaining('returned 3 rows at StartRow 0 for a Limit of 2: the server ignores Limit'),
    });
  });

  it('fails only the document of a malformed row, quarantines rows without a key, and reads on', async () => {
    answer = ({ StartRow }) =>
      StartRow > 0
        ? '[]'
        : JSON.stringify([
            [1, 'SO1', 10],
            { FID: 2, FBillNo: 'SO2', FQty: 20 },
            'garbage',
            null,
            [4, 'SO4'],
            [5, 'SO5', 50],
            [6, 'SO6', 60],
          ]);
    const rows = await read('FID,FBillNo,FQty');
    expect(rows).toHaveLength(7);
    const docs = await documents(rows, { key: 'FBillNo' });
    // Quarantined rows come out at once; SO2 is complete only when the next key (SO5) arrives. The
    // rows without a key may be lines of SO2 or SO5, so SO5 is not synced without them either.
    expect(docs.map((d) => (d.quarantined ? `Q:${d.error!.code}` : `${d.key}:${d.error?.code ?? 'ok'}`))).toEqual([
      'SO1:ok',
      'Q:source.bad_row',
      'Q:source.bad_row',
      'Q:source.bad_row',
      'SO2:source.bad_row',
      'SO5:source.neighbour_quarantined',
      'SO6:ok',
    ]);
    expect(docs[5]!.error!.message).toContain(
      "row 5, next to this document's rows, could not be read and was quarantined as quarantined:",
    );
    expect(docs[4]!.error!.message).toContain(
      'Source document "SO2" cannot be synced: ExecuteBillQuery row 2 of SAL_SaleOrder is an object, not an array of 3 values',
    );
    expect(docs[1]!.error!.message).toMatch(
      /^Source row 3 was quarantined as quarantined:[0-9a-f]{16}: ExecuteBillQuery row 3 of SAL_SaleOrder is a string \("garbage"\)/,
    );
    expect(docs[2]!.error!.message).toContain('is null, not an array of 3 values');
    expect(docs[3]!.error!.message).toContain('is an array of 2 values, not an array of 3 values');
    expect(docs[0]!.document).toEqual({ FID: 1, FBillNo: 'SO1', FQty: 10 });
  });

  it('reports invalid UTF-8 in a value by failing that document and naming the field', async () => {
    answer = ({ StartRow }) =>
      StartRow > 0
        ? '[]'
        : Buffer.concat([Buffer.from('[[1,"SO1","fine"],[2,"SO2","caf'), Buffer.from([0xe9]), Buffer.from('"]]')]);
    const docs = await documents(await read('FID,FBillNo,FNote'), { key: 'FBillNo' });
    expect(docs.map((d) => `${d.key}:${d.error?.code ?? 'ok'}`)).toEqual(['SO1:ok', 'SO2:source.invalid_utf8']);
    expect(docs[1]!.error!.message).toContain('field "FNote" holds bytes that are not valid UTF-8');
  });

  it('never turns a 400-digit key into "Infinity": the row is quarantined', async () => {
    answer = ({ StartRow }) => (StartRow > 0 ? '[]' : `[[${'7'.repeat(400)},"SO1"],[2,"SO2"]]`);
    const docs = await documents(await read('FID,FBillNo'), { key: 'FID' });
    expect(docs.map((d) => (d.key.startsWith(QUARANTINE_KEY_PREFIX) ? 'Q' : d.key))).toEqual(['Q', '2']);
    expect(docs[0]!.error).toMatchObject({
      kind: 'record',
      code: 'source.bad_key',
      message: expect.stringContaining('is the number Infinity'),
    });
  });
});

describe('Kingdee vendor data (simulator dirty-data switch)', () => {
  let sim: KingdeeSimulator;
  beforeAll(async () => {
    sim = await startKingdeeSimulator({ port: 0, orders: 5, seed: 3 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('fails the one order whose remark is a 2-million-character string, naming the field, and keeps the others', async () => {
    const c = sim.credentials;
    const connector = createKingdeeConnector('erp', {
      type: 'kingdee',
      baseUrl: sim.url,
      acctId: c.acctId,
      auth: { method: 'password', username: c.user, password: c.password },
    });
    const numbers: string[] = [];
    for await (const row of connector.read('ExecuteBillQuery', {
      FormId: 'SAL_SaleOrder',
      FieldKeys: 'FID,FBillNo,FNote',
    }))
      numbers.push(String(row.FBillNo));
    const victim = numbers[1]!;
    sim.plantDirtyValue({ formId: 'SAL_SaleOrder', number: victim, field: 'FNote', value: 'x'.repeat(2_000_000) });
    const rows: Array<Record<string, unknown>> = [];
    for await (const row of connector.read('ExecuteBillQuery', {
      FormId: 'SAL_SaleOrder',
      FieldKeys: 'FID,FBillNo,FNote',
    }))
      rows.push(row);
    const docs = await documents(rows, { key: 'FBillNo', sorted: false });
    const failed = docs.filter((d) => d.error);
    expect(failed.map((d) => d.key)).toEqual([victim]);
    expect(failed[0]!.error).toMatchObject({
      kind: 'record',
      code: 'source.field_too_large',
      details: { field: 'FNote' },
    });
    expect(docs.length).toBe(new Set(numbers).size);
  });
});
