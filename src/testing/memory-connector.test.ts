import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, IntegrationError } from '../core/errors.js';
import { createMemoryConnector } from './memory-connector.js';
import { openMemoryQiao, type MemoryQiao } from './memory-qiao.js';

const context = (key: string, previousIds: Record<string, unknown> | null = null) => ({ key, previousIds, params: {} });

async function collect(rows: AsyncIterable<Record<string, unknown>>): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe('createMemoryConnector', () => {
  it('streams the rows of params.table, within a change window when one is given', async () => {
    const memory = createMemoryConnector('mem', {
      rows: {
        orders: [
          { no: 'A', changed: '2026-01-01T10:00:00' },
          { no: 'B', changed: '2026-01-02T10:00:00' },
          { no: 'C', changed: '2026-01-03T10:00:00' },
          { no: 'D' },
        ],
      },
    });
    expect((await collect(memory.read('rows', { table: 'orders' }))).map((r) => r.no)).toEqual(['A', 'B', 'C', 'D']);
    const window = {
      table: 'orders',
      changedField: 'changed',
      changedFrom: '2026-01-02T00:00:00',
      changedTo: '2026-01-02T23:59:59',
    };
    expect((await collect(memory.read('rows', window))).map((r) => r.no)).toEqual(['B']);
    expect(await collect(memory.read('rows', { table: 'nothing-here' }))).toEqual([]);
    // Rows are copies: the engine cannot change what the test put in.
    const [first] = await collect(memory.read('rows', { table: 'orders' }));
    first!.no = 'changed';
    expect(memory.rows.get('orders')![0]!.no).toBe('A');
  });

  it('refuses unknown operations and a read without a table with config errors', async () => {
    const memory = createMemoryConnector('mem');
    await expect(collect(memory.read('ExecuteBillQuery', { table: 'x' }))).rejects.toMatchObject({
      kind: 'config',
      code: 'memory.unknown_operation',
    });
    await expect(collect(memory.read('rows', {}))).rejects.toMatchObject({
      kind: 'config',
      code: 'memory.param_missing',
    });
    await expect(memory.write('orders.push', {}, context('A'))).rejects.toMatchObject({
      kind: 'config',
      code: 'memory.unknown_operation',
    });
  });

  it('fails the next read only, with the error given', async () => {
    const memory = createMemoryConnector('mem', { rows: { t: [{ no: 'A' }] } });
    memory.failNextRead(new IntegrationError('source down', { code: 'test.down', kind: 'transient' }));
    await expect(collect(memory.read('rows', { table: 't' }))).rejects.toMatchObject({ code: 'test.down' });
    expect(await collect(memory.read('rows', { table: 't' }))).toEqual([{ no: 'A' }]);
  });

  it('keeps one id per document key across writes, and finds what was written', async () => {
    const memory = createMemoryConnector('mem');
    expect(await memory.findWritten('push', { n: 1 }, context('A'))).toBeNull();
    const first = await memory.write('push', { n: 1 }, context('A'));
    const second = await memory.write('push', { n: 2 }, context('A', first.ids));
    const other = await memory.write('push', { n: 3 }, context('B'));
    expect(second.ids).toEqual(first.ids);
    expect(other.ids.id).not.toBe(first.ids.id);
    expect(first.reply).toMatchObject({ created: true });
    expect(second.reply).toMatchObject({ created: false });
    expect(memory.sink.get('A')).toEqual({ id: first.ids.id, operation: 'push', payload: { n: 2 }, writes: 2 });
    expect(memory.written.map((w) => [w.key, w.payload])).toEqual([
      ['A', { n: 1 }],
      ['A', { n: 2 }],
      ['B', { n: 3 }],
    ]);
    expect(await memory.findWritten('push', { n: 2 }, context('A'))).toMatchObject({ ids: first.ids });
    // A document the target already knows by id (written by an earlier process) keeps that id.
    const known = await memory.write('push', { n: 4 }, context('C', { id: 'crm-77' }));
    expect(known.ids).toEqual({ id: 'crm-77' });
  });

  it('rejects chosen keys with the error or the kind given, and writes nothing for them', async () => {
    const memory = createMemoryConnector('mem');
    memory.rejections.set('A', 'record');
    memory.rejections.set('B', new IntegrationError('order_no taken', { code: 'crm.duplicate', kind: 'record' }));
    memory.rejections.set('C', 'lookup_missing');
    await expect(memory.write('push', {}, context('A'))).rejects.toMatchObject({
      code: 'memory.record',
      kind: 'record',
      retryable: false,
    });
    await expect(memory.write('push', {}, context('B'))).rejects.toMatchObject({ code: 'crm.duplicate' });
    await expect(memory.write('push', {}, context('C'))).rejects.toMatchObject({ kind: 'lookup_missing' });
    memory.rejections.set('A', 'transient');
    await expect(memory.write('push', {}, context('A'))).rejects.toMatchObject({ kind: 'transient', retryable: true });
    expect(memory.written).toEqual([]);
    memory.rejections.delete('A');
    await expect(memory.write('push', {}, context('A'))).resolves.toMatchObject({ warnings: [] });
  });

  it('looks objects up, has no custom fields, records raw calls, checks and closes', async () => {
    const memory = createMemoryConnector('mem', { objects: { user: [{ employee_no: 'E1', user_id: 7 }] } });
    expect(memory.type).toBe('memory');
    expect([memory.readOperations, memory.writeOperations]).toEqual([['rows'], ['push']]);
    expect(await memory.lookup('user', { employee_no: 'E1' }, 'user_id')).toBe(7);
    expect(await memory.lookup('user', { employee_no: 'E2' }, 'user_id')).toBeNull();
    await expect(memory.lookup('company', {}, 'company_id')).rejects.toMatchObject({
      kind: 'config',
      code: 'memory.lookup_unknown_object',
    });
    await expect(memory.customFieldId('order', '金蝶标识')).rejects.toBeInstanceOf(ConfigError);
    expect(await memory.call('Save', { FormId: 'SAL_SaleOrder' })).toEqual({ ok: true });
    expect(memory.calls).toEqual([{ operation: 'Save', params: { FormId: 'SAL_SaleOrder' } }]);
    await expect(memory.check()).resolves.toBeUndefined();
    memory.checkError = new ConfigError('bad credentials', { code: 'memory.auth_failed' });
    await expect(memory.check()).rejects.toMatchObject({ code: 'memory.auth_failed' });
    expect(memory.closed).toBe(false);
    await memory.close();
    expect(memory.closed).toBe(true);
  });
});

describe('the memory connection under the real engine', () => {
  let opened: MemoryQiao | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });

  it('counts as a known connection, reads incrementally with a cursor and is closed with the engine', async () => {
    opened = await openMemoryQiao();
    const { qiao, memory, store } = opened;
    const yaml = [
      'version: 1',
      'id: changed-orders',
      'name: Changed orders',
      'source:',
      '  connection: memory',
      '  api: rows',
      '  key: no',
      '  params: { table: orders, changedField: changed, changedFrom: "{{window.from}}", changedTo: "{{window.to}}" }',
      '  cursor: { fields: [changed], start: "2026-01-01T00:00:00", overlapSeconds: 0, timezone: "Z" }',
      'mapping:',
      '  document: { order_no: no }',
      'target: { connection: memory, api: push, key: order_no }',
      '',
    ].join('\n');
    expect(
      await qiao.engine.validateSchemeText(
        yaml.replace('connection: memory, api: push', 'connection: okki, api: push'),
      ),
    ).toMatchObject({ ok: false, issues: [expect.objectContaining({ path: 'target.connection' })] });
    await qiao.engine.saveScheme(yaml);
    memory.rows.set('orders', [
      { no: 'OLD', changed: '2025-12-31T00:00:00' },
      { no: 'A', changed: '2026-01-02T00:00:00' },
    ]);
    expect((await qiao.engine.runNow('changed-orders', 'manual')).counts).toMatchObject({ read: 1, pushed: 1 });
    const cursor = (await store.getCursor('changed-orders'))!.value;
    memory.rows.get('orders')!.push({ no: 'B', changed: '2999-01-01T00:00:00' }, { no: 'C', changed: cursor });
    expect((await qiao.engine.runNow('changed-orders', 'manual')).counts).toMatchObject({ read: 1, pushed: 1 });
    expect(memory.written.map((w) => w.key)).toEqual(['A', 'C']);
    await opened.close();
    opened = undefined;
    expect(memory.closed).toBe(true);
  });
});
