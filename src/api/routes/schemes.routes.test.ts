import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { createApiFixture, schemeYaml, type ApiFixture } from '../../testing/api-fixture.js';

let f: ApiFixture;
beforeEach(async () => {
  f = await createApiFixture();
});
afterEach(async () => {
  await f.close();
});

async function createScheme(id: string) {
  const res = await f.call('POST', '/api/schemes', { yaml: schemeYaml(id) });
  expect(res.status).toBe(201);
  return res.body.summary;
}

describe('scheme routes', () => {
  it('creates a scheme, lists it and returns it with its YAML', async () => {
    const summary = await createScheme('sales-orders');
    expect(summary).toMatchObject({
      id: 'sales-orders',
      enabled: true,
      source: { connection: 'memory', api: 'rows' },
      target: { connection: 'memory', api: 'push' },
      schedule: 'cron */5 * * * *',
      running: false,
      lastRun: null,
      successRate: null,
      backlog: 0,
    });
    expect(await readFile(summary.file, 'utf8')).toBe(schemeYaml('sales-orders'));

    const list = await f.call('GET', '/api/schemes');
    expect(list.status).toBe(200);
    expect(list.body.map((s: { id: string }) => s.id)).toEqual(['sales-orders']);

    const one = await f.call('GET', '/api/schemes/sales-orders');
    expect(one.status).toBe(200);
    expect(one.body.yaml).toBe(schemeYaml('sales-orders'));
    // The scheme as the real loader validated it, defaults applied.
    expect(one.body.scheme.mapping.document.order_no).toBe('FBillNo');
    expect(one.body.scheme.settings).toMatchObject({ retry: { attempts: 1 }, concurrency: 4 });
  });

  it('refuses to create a duplicate id (409) and invalid YAML (400 with issue paths, nothing saved)', async () => {
    await createScheme('dup');
    const again = await f.call('POST', '/api/schemes', { yaml: schemeYaml('dup') });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('scheme.exists');

    const bad = await f.call('POST', '/api/schemes', { yaml: schemeYaml('other').replace('  api: rows\n', '') });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('scheme.invalid');
    expect(bad.body.error.issues).toEqual([
      expect.objectContaining({ path: 'source.api', line: 10, message: 'Missing required field "api"' }),
    ]);

    const unknownConnection = await f.call('POST', '/api/schemes', {
      yaml: schemeYaml('other').replace('  connection: memory\n', '  connection: kingdee\n'),
    });
    expect(unknownConnection.status).toBe(400);
    expect(unknownConnection.body.error.issues).toEqual([
      expect.objectContaining({
        path: 'source.connection',
        message: 'Unknown connection "kingdee"; qiao.yaml defines: memory',
      }),
    ]);
    expect((await f.call('GET', '/api/schemes/other')).status).toBe(404);
  });

  it('validates without saving', async () => {
    const ok = await f.call('POST', '/api/schemes/validate', { yaml: schemeYaml('v1') });
    expect(ok.body).toEqual({ ok: true, id: 'v1' });
    const bad = await f.call('POST', '/api/schemes/validate', {
      yaml: schemeYaml('bad-id').replace('id: bad-id', 'id: Bad Id'),
    });
    expect(bad.status).toBe(200);
    expect(bad.body.ok).toBe(false);
    expect(bad.body.issues).toEqual([
      expect.objectContaining({ path: 'id', line: 2, message: expect.stringContaining('kebab-case') }),
    ]);
    const unversioned = await f.call('POST', '/api/schemes/validate', { yaml: 'id: x\nname: x\n' });
    expect(unversioned.body.issues).toEqual([expect.objectContaining({ path: 'version', line: 1 })]);
    expect((await f.call('GET', '/api/schemes')).body).toEqual([]);
  });

  it('rejects bad bodies with the path of the bad field', async () => {
    const missing = await f.call('POST', '/api/schemes/validate', {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('api.invalid_body');
    expect(missing.body.error.issues[0].path).toBe('yaml');

    const wrongType = await f.call('POST', '/api/schemes', { yaml: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.issues[0].path).toBe('yaml');

    const notJson = await f.call('POST', '/api/schemes', '{ "yaml": ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('api.invalid_json');

    await createScheme('s1');
    const badStatus = await f.call('POST', '/api/schemes/s1/retry', { statuses: ['failed', 'bogus'] });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.issues[0].path).toBe('statuses.1');
    expect(badStatus.body.error.message).toContain('statuses.1');

    const badCursor = await f.call('PUT', '/api/schemes/s1/cursor', { value: 5 });
    expect(badCursor.body.error.issues[0].path).toBe('value');
  });

  it('updates a scheme, refusing a changed id', async () => {
    await createScheme('upd');
    const renamed = await f.call('PUT', '/api/schemes/upd', { yaml: schemeYaml('upd', 'Renamed orders') });
    expect(renamed.status).toBe(200);
    expect(renamed.body.summary.name).toBe('Renamed orders');

    const changedId = await f.call('PUT', '/api/schemes/upd', { yaml: schemeYaml('other-id') });
    expect(changedId.status).toBe(400);
    expect(changedId.body.error.code).toBe('scheme.id_mismatch');
    expect((await f.call('PUT', '/api/schemes/nope', { yaml: schemeYaml('nope') })).status).toBe(404);
  });

  it('enables and disables', async () => {
    await createScheme('toggle');
    f.engine.startScheduler(); // next run times come from the armed scheduler
    const off = await f.call('POST', '/api/schemes/toggle/disable');
    expect(off.body.summary).toMatchObject({ enabled: false, nextRunAt: null });
    const on = await f.call('POST', '/api/schemes/toggle/enable');
    expect(on.body.summary.enabled).toBe(true);
    expect(typeof on.body.summary.nextRunAt).toBe('string');
    expect((await f.call('POST', '/api/schemes/missing/enable')).status).toBe(404);
  });

  it('runs a scheme through the ledger and reports counts, success rate and backlog', async () => {
    await createScheme('run-me');
    f.memory.rows.set('run-me', [
      { FBillNo: 'SO-1', FAmount: 10 },
      { FBillNo: 'SO-2', FAmount: 20 },
      { FBillNo: 'SO-3', FAmount: 30 },
    ]);
    f.memory.rejections.set('SO-3', 'record');
    const res = await f.call('POST', '/api/schemes/run-me/run');
    expect(res.status).toBe(200);
    expect(res.body.run).toMatchObject({
      schemeId: 'run-me',
      trigger: 'api',
      status: 'partial',
      counts: { read: 3, pushed: 2, failed: 1 },
    });

    const summary = (await f.call('GET', '/api/schemes/run-me')).body.summary;
    expect(summary.counts).toMatchObject({ succeeded: 2, failed: 1, pending: 0 });
    expect(summary.backlog).toBe(1);
    expect(summary.successRate).toBeCloseTo(2 / 3);
    expect(summary.lastRun.id).toBe(res.body.run.id);
  });

  it('starts a run in the background with wait=false', async () => {
    await createScheme('bg');
    f.memory.rows.set('bg', [{ FBillNo: 'A' }]);
    const res = await f.call('POST', '/api/schemes/bg/run?wait=false');
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ started: true });
    expect(f.engine.isRunning('bg')).toBe(true);
    const joined = await f.engine.runNow('bg', 'api'); // joins the run in progress
    expect((await f.store.listRuns({ schemeId: 'bg' })).map((r) => r.id)).toEqual([joined.id]);
    expect(f.memory.written.map((w) => w.key)).toEqual(['A']);
    expect((await f.call('POST', '/api/schemes/bg/run?wait=maybe')).status).toBe(400);
  });

  it('maps a failed run to its status and never leaks a stack', async () => {
    await createScheme('broken');
    f.memory.failNextRead(new ConfigError('Kingdee rejected the credentials', { code: 'kingdee.auth_failed' }));
    const res = await f.call('POST', '/api/schemes/broken/run');
    expect(res.status).toBe(200);
    expect(res.body.run.status).toBe('failed');
    expect(res.body.run.error.code).toBe('kingdee.auth_failed');
    expect(res.text).not.toMatch(/\n\s+at /);
  });

  it('reads and moves the cursor', async () => {
    await createScheme('cur');
    expect((await f.call('GET', '/api/schemes/cur/cursor')).body).toEqual({ value: null, updatedAt: null });
    const put = await f.call('PUT', '/api/schemes/cur/cursor', { value: '2026-03-01T00:00:00' });
    expect(put.status).toBe(200);
    expect(put.body.value).toBe('2026-03-01T00:00:00');
    const got = await f.call('GET', '/api/schemes/cur/cursor');
    expect(got.body.value).toBe('2026-03-01T00:00:00');
    expect(typeof got.body.updatedAt).toBe('string');
    expect((await f.call('GET', '/api/schemes/none/cursor')).status).toBe(404);
  });

  it('requeues failed and dead records', async () => {
    await createScheme('rq');
    f.memory.rows.set('rq', [{ FBillNo: 'A' }, { FBillNo: 'B' }]);
    f.memory.rejections.set('A', 'record');
    f.memory.rejections.set('B', 'transient'); // one try allowed: dead at once
    await f.engine.runNow('rq', 'manual');
    expect((await f.store.getRecord('rq', 'A'))!.status).toBe('failed');
    expect((await f.store.getRecord('rq', 'B'))!.status).toBe('dead');
    const onlyFailed = await f.call('POST', '/api/schemes/rq/retry', { statuses: ['failed'] });
    expect(onlyFailed.body).toEqual({ requeued: 1 });
    const both = await f.call('POST', '/api/schemes/rq/retry', { statuses: ['failed', 'dead', 'parked'] });
    expect(both.body).toEqual({ requeued: 1 }); // A is pending now; only B was still dead
    expect((await f.store.getRecord('rq', 'B'))!.status).toBe('pending');
  });

  it('previews mapped payloads without writing', async () => {
    await createScheme('pv');
    f.memory.rows.set('pv', [{ FBillNo: 'P1', FAmount: 5 }]);
    const res = await f.call('POST', '/api/preview', { schemeId: 'pv', limit: 5 });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        key: 'P1',
        source: { FBillNo: 'P1', FAmount: 5 },
        payload: { order_no: 'P1', amount: 5 },
        unchanged: false,
        diff: [
          { path: 'order_no', after: 'P1' },
          { path: 'amount', after: 5 },
        ],
      },
    ]);
    expect(f.memory.written).toEqual([]);
    expect((await f.store.listRecords({ schemeId: 'pv' })).total).toBe(0);
    expect((await f.call('POST', '/api/preview', { schemeId: 'nope' })).status).toBe(404);
    const bad = await f.call('POST', '/api/preview', { schemeId: 'pv', limit: 0 });
    expect(bad.body.error.issues[0].path).toBe('limit');
  });
});
