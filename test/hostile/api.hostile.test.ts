import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiFixture, schemeYaml, TEST_TOKEN, type ApiFixture } from '../../src/testing/api-fixture.js';
import { BODY_CASES } from './api-body-cases.js';
import { admin } from './api-hostile-case.js';
import { REQUEST_CASES } from './api-request-cases.js';

/**
 * Hostile requests against the real API app (real engine, in-memory ledger): forged hosts,
 * missing, wrong and misplaced tokens, foreign origins, wrong content types, oversized and
 * malformed bodies, prototype keys, alias bombs, path tricks. Each case names the status and a
 * fragment of the message the caller gets; none may crash, hang or be silently accepted, and
 * afterwards nothing in the engine has changed. The cases: api-request-cases.ts, api-body-cases.ts.
 */
const CASES = [...REQUEST_CASES, ...BODY_CASES];

describe('hostile API requests', () => {
  let f: ApiFixture;
  let before: unknown;

  const state = async () => {
    const { engine } = f;
    return {
      schemes: (await engine.listSchemes()).map((s) => [s.id, s.enabled, s.yaml.length]),
      runs: (await engine.ledger.listRuns({})).length,
      cursor: (await engine.ledger.getCursor('victim'))?.value ?? null,
      records: (await engine.ledger.listRecords({ schemeId: 'victim' })).records.map((r) => [
        r.key,
        r.status,
        r.attempts,
      ]),
      prototypeClean:
        ({} as Record<string, unknown>).polluted === undefined && ({} as Record<string, unknown>).admin === undefined,
    };
  };

  beforeAll(async () => {
    f = await createApiFixture();
    await f.engine.saveScheme(schemeYaml('victim'));
    f.memory.rows.set('victim', [{ FBillNo: 'A' }, { FBillNo: 'C' }]);
    f.memory.rejections.set('C', 'record');
    await f.engine.runNow('victim', 'manual');
    await f.engine.ledger.setCursor('victim', 'c0');
    before = await state();
  });
  afterAll(async () => {
    await f?.close();
  });

  it('has at least 40 cases, each named once', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  for (const c of CASES) {
    it(`${c.name} → ${c.status}`, { timeout: 5_000 }, async () => {
      const body = c.body === undefined ? undefined : typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
      const res = await f.call(c.method ?? 'GET', c.path, body, { ...admin, ...c.headers });
      expect(res.status, res.text.slice(0, 300)).toBe(c.status);
      const message: string =
        typeof res.body === 'object' && res.body?.error
          ? `${res.body.error.code}: ${res.body.error.message}`
          : res.text;
      expect(message).toContain(c.says);
      // A refusal never echoes the admin token, and never carries a stack trace.
      expect(res.text).not.toContain(TEST_TOKEN);
      expect(res.text).not.toMatch(/\n\s+at /);
    });
  }

  it('changed nothing: schemes, runs, cursor, records and Object.prototype are as before', async () => {
    expect(await state()).toEqual(before);
  });
});
