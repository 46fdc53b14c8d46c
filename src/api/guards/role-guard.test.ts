import { afterEach, describe, expect, it } from 'vitest';
import {
  createApiFixture,
  OPERATOR_TOKEN,
  schemeYaml,
  VIEWER_TOKEN,
  type ApiFixture,
} from '../../testing/api-fixture.js';

let f: ApiFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

const as = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('roles', () => {
  it('lets a viewer read and validate, and refuses it everything that changes state', async () => {
    f = await createApiFixture();
    await f.engine.saveScheme(schemeYaml('r1'));
    const viewer = as(VIEWER_TOKEN);
    expect((await f.call('GET', '/api/schemes', undefined, viewer)).status).toBe(200);
    expect((await f.call('GET', '/metrics', undefined, viewer)).status).toBe(200);
    expect((await f.call('POST', '/api/schemes/validate', { yaml: schemeYaml('v') }, viewer)).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/api/schemes/r1/disable', undefined],
      ['POST', '/api/schemes/r1/run', undefined],
      ['PUT', '/api/schemes/r1/cursor', { value: 'x' }],
      ['POST', '/api/schemes/r1/retry', {}],
      ['POST', '/api/preview', { schemeId: 'r1' }],
      ['POST', '/api/schemes', { yaml: schemeYaml('r2') }],
    ] as const) {
      const res = await f.call(method, path, body, viewer);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('auth.forbidden');
      expect(res.body.error.message).toContain('"grafana" has the role viewer');
    }
    expect(await f.engine.getScheme('r1')).toMatchObject({ enabled: true });
    expect((await f.engine.ledger.getCursor('r1'))?.value ?? null).toBeNull();
    expect(await f.engine.ledger.listRuns({})).toEqual([]);
    expect(await f.engine.getScheme('r2')).toBeFalsy();
  });

  it('lets an operator run, enable and move cursors, but not edit schemes or preview unsaved YAML', async () => {
    f = await createApiFixture();
    await f.engine.saveScheme(schemeYaml('r1'));
    const ops = as(OPERATOR_TOKEN);
    expect((await f.call('POST', '/api/schemes/r1/disable', undefined, ops)).status).toBe(200);
    expect((await f.call('PUT', '/api/schemes/r1/cursor', { value: 'c1' }, ops)).status).toBe(200);
    expect((await f.call('POST', '/api/schemes/r1/run', undefined, ops)).status).toBe(200);
    expect((await f.call('POST', '/api/preview', { schemeId: 'r1' }, ops)).status).toBe(200);
    const unsaved = await f.call('POST', '/api/preview', { schemeId: 'r1', yaml: schemeYaml('r1') }, ops);
    expect(unsaved.status).toBe(403);
    expect(unsaved.body.error.message).toContain('previewing unsaved scheme YAML needs admin');
    const edit = await f.call('PUT', '/api/schemes/r1', { yaml: schemeYaml('r1', 'Renamed') }, ops);
    expect(edit.status).toBe(403);
    expect((await f.call('GET', '/api/schemes/r1')).body.summary.name).toBe('Scheme r1');
    expect((await f.call('POST', '/api/schemes', { yaml: schemeYaml('r3') }, ops)).status).toBe(403);
    // The primary token is admin.
    expect((await f.call('PUT', '/api/schemes/r1', { yaml: schemeYaml('r1', 'Renamed') })).status).toBe(200);
  });
});
