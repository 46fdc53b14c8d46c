import { afterEach, describe, expect, it } from 'vitest';
import { QUARANTINE_KEY_PREFIX } from '../scheme/grouping/document-key.js';
import { openMemoryQiao, type MemoryQiao } from '../testing/memory-qiao.js';

/** Bad source data through the real engine: each bad document fails alone, the run goes on. */
const yaml = [
  'version: 1',
  'id: bad-data',
  'name: Bad data',
  'source: { connection: memory, api: rows, key: no, params: { table: orders } }',
  'mapping:',
  '  document: { order_no: no, note: note }',
  'target: { connection: memory, api: push, key: order_no }',
  '',
].join('\n');

describe('bad source data under the real engine', () => {
  let opened: MemoryQiao | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });

  it('pushes the good documents, fails the bad ones with clear errors, and refuses them again on retry', async () => {
    opened = await openMemoryQiao();
    const { qiao, memory, store } = opened;
    await qiao.engine.saveScheme(yaml);
    memory.rows.set('orders', [
      { no: 'A', note: 'fine' },
      { no: JSON.parse('1'.padEnd(400, '0')), note: 'key parsed as Infinity' },
      { no: '../../etc/passwd', note: 'path in the key' },
      { no: 'SO\u00001', note: 'NUL in the key' },
      { no: 'BIG', note: 'x'.repeat(10 * 1024 * 1024) },
      { no: 'B', note: 'fine' },
    ]);
    const run = await qiao.engine.runNow('bad-data', 'manual');
    expect(run).toMatchObject({ status: 'partial', counts: { read: 6, documents: 6, pushed: 2, failed: 4 } });
    expect(memory.written.map((w) => w.key)).toEqual(['A', 'B']);

    const { records } = await store.listRecords({ schemeId: 'bad-data' });
    const byKey = new Map(records.map((r) => [r.key, r]));
    expect(byKey.has('Infinity')).toBe(false);
    expect(byKey.get('BIG')).toMatchObject({
      status: 'failed',
      payload: null,
      lastError: { kind: 'record', code: 'source.field_too_large', details: { field: 'note' } },
    });
    expect(JSON.stringify(byKey.get('BIG')!.source).length).toBeLessThan(10_000);
    const quarantined = records.filter((r) => r.key.startsWith(QUARANTINE_KEY_PREFIX));
    expect(quarantined).toHaveLength(3);
    for (const record of quarantined)
      expect(record).toMatchObject({
        status: 'failed',
        lastError: { kind: 'record', code: 'source.bad_key', message: expect.stringContaining('was quarantined') },
      });
    const messages = quarantined.map((r) => r.lastError!.message);
    for (const problem of [/is the number Infinity/, /contains a path separator/, /unprintable character U\+0000/])
      expect(messages.filter((m) => problem.test(m))).toHaveLength(1);

    // A retry by hand re-maps the stored document: its stored defects fail it the same way.
    await store.requeue('bad-data', { statuses: ['failed'] });
    await qiao.engine.runNow('bad-data', 'retry');
    expect(memory.written.map((w) => w.key)).toEqual(['A', 'B']);
    expect(await store.getRecord('bad-data', 'BIG')).toMatchObject({
      status: 'failed',
      lastError: { code: 'source.field_too_large' },
    });
  });
});
