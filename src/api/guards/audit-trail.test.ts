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

describe('audit trail', () => {
  it('records each state-changing call with who, what, when and how it ended; not reads', async () => {
    f = await createApiFixture();
    const before = new Date().toISOString();
    expect((await f.call('POST', '/api/schemes', { yaml: schemeYaml('a1') })).status).toBe(201);
    await f.call('POST', '/api/schemes/a1/run?wait=false', undefined, { Authorization: `Bearer ${OPERATOR_TOKEN}` });
    await f.call('POST', '/api/schemes/a1/disable', undefined, { Authorization: `Bearer ${VIEWER_TOKEN}` });
    await f.call('PUT', '/api/schemes/a1/cursor', { value: 'c1' }, { 'Content-Type': 'text/plain' });
    await f.call('GET', '/api/schemes');
    await f.call('POST', '/api/schemes/validate', { yaml: schemeYaml('v') });
    await f.call('POST', '/api/schemes/a1/enable', undefined, { Authorization: '' }); // never authenticated: not recorded

    const { entries, total } = await f.engine.ledger.listAuditEntries();
    expect(total).toBe(4);
    const [cursor, disable, run, create] = entries;
    expect(create).toMatchObject({ actor: 'admin', role: 'admin', method: 'POST', path: '/api/schemes', status: 201 });
    expect(create!.at >= before).toBe(true);
    // A scheme's YAML is kept as its hash, not stored a second time.
    expect(create!.details).toMatchObject({ body: { yaml: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } } });
    expect(run).toMatchObject({
      actor: 'ops',
      role: 'operator',
      path: '/api/schemes/a1/run',
      status: 202,
      details: { query: { wait: 'false' } },
    });
    expect(disable).toMatchObject({ actor: 'grafana', role: 'viewer', status: 403 });
    expect(cursor).toMatchObject({ actor: 'admin', method: 'PUT', status: 415 });

    const listed = await f.call('GET', '/api/audit?actor=ops');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ total: 1, entries: [{ actor: 'ops', path: '/api/schemes/a1/run' }] });
    expect((await f.call('GET', '/api/audit?limit=0')).status).toBe(400);
  });

  it('records logins, refused ones as anonymous, and never their credentials', async () => {
    f = await createApiFixture();
    const code = f.access.loginUrl('http://127.0.0.1').split('#')[1]!;
    expect((await f.call('POST', '/api/session', { code }, { Authorization: '' })).status).toBe(201);
    expect(
      (await f.call('POST', '/api/session', { token: 'wrong-token-0123456789' }, { Authorization: '' })).status,
    ).toBe(401);
    const { entries } = await f.engine.ledger.listAuditEntries();
    expect(entries.map((e) => [e.actor, e.status])).toEqual([
      ['anonymous', 401],
      ['admin', 201],
    ]);
    expect(JSON.stringify(entries)).not.toContain(code);
    expect(JSON.stringify(entries)).not.toContain('wrong-token');
  });

  it('masks secret-looking fields in recorded bodies', async () => {
    f = await createApiFixture();
    await f.engine.saveScheme(schemeYaml('a2'));
    await f.call('POST', '/api/records/a2/K1/skip', { reason: 'x', password: 'hunter2-secret' });
    const [entry] = (await f.engine.ledger.listAuditEntries()).entries;
    expect(entry!.status).toBe(400);
    expect(JSON.stringify(entry)).not.toContain('hunter2-secret');
  });
});
