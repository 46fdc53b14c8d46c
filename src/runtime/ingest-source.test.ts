import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IntegrationError, type ErrorKind } from '../core/errors.js';
import type { RunCounts } from '../ledger/ledger.js';
import { ingestSource, mapForIngest, sourceWindow } from './ingest-source.js';
import { PARK_RECHECK_MS } from './record-policy.js';
import { openRuntimeFixture, testScheme, type RuntimeFixture } from './runtime.test-helpers.js';

let f: RuntimeFixture;
beforeEach(async () => {
  f = await openRuntimeFixture();
});
afterEach(async () => {
  await f.close();
});

const cursor = { start: null, overlapSeconds: 60, timezone: '+08:00', format: 'yyyy-MM-ddTHH:mm:ss' };
const withCursor = testScheme({
  source: { connection: 'src', api: 'rows', params: { since: '{{ window.from }}' }, cursor },
});
const zeroCounts = (): RunCounts => ({ read: 0, documents: 0, pushed: 0, skipped: 0, failed: 0, retried: 0 });

describe('sourceWindow', () => {
  it('reads everything when the scheme has no cursor', () => {
    const now = f.clock.now();
    expect(sourceWindow(testScheme(), null, now)).toEqual({
      cursorFrom: null,
      cursorTo: null,
      variables: {
        now: now.toISOString(),
        lastSyncTime: null,
        window: { from: null, to: now.toISOString() },
        waitingKeys: "''",
      },
    });
  });

  it('starts the window the overlap before the cursor and ends it now, in the source wall clock', () => {
    // 08:00Z is 16:00 in +08:00.
    expect(sourceWindow(withCursor, '2026-03-01T15:00:00', f.clock.now())).toEqual({
      cursorFrom: '2026-03-01T15:00:00',
      cursorTo: '2026-03-01T16:00:00',
      variables: {
        now: '2026-03-01T16:00:00',
        lastSyncTime: '2026-03-01T15:00:00',
        window: { from: '2026-03-01T14:59:00', to: '2026-03-01T16:00:00' },
        waitingKeys: "''", // none known yet: an IN list that matches nothing
      },
    });
  });

  it('reads from the beginning of time on the first run without a start', () => {
    expect(sourceWindow(withCursor, null, f.clock.now()).variables).toMatchObject({
      lastSyncTime: '1970-01-01T08:00:00',
      window: { from: '1970-01-01T08:00:00' },
    });
  });

  it('refuses a cursor that is not a timestamp and says how to set one', () => {
    expect(() => sourceWindow(withCursor, 'yesterday', f.clock.now())).toThrow(
      expect.objectContaining({
        code: 'runtime.bad_cursor',
        kind: 'config',
        message: expect.stringContaining('qiao cursor s --set'),
      }),
    );
  });
});

describe('mapForIngest', () => {
  const failingWith = (kind: ErrorKind) =>
    testScheme({
      map: () => Promise.reject(new IntegrationError(`mapping hit a ${kind} failure`, { code: `test.${kind}`, kind })),
    });

  // Mapping failures become ledger states before anything is written: status from the ledger, retry time from the policy.
  it.each<[ErrorKind, 'parked' | 'failed', number | null]>([
    ['lookup_missing', 'parked', PARK_RECHECK_MS],
    ['transient', 'failed', 1_000],
    ['rate_limited', 'failed', 1_000],
    ['record', 'failed', null],
    ['internal', 'failed', null],
  ])('records a %s mapping failure as %s with its retry time and no try used', async (kind, status, delayMs) => {
    const doc = await mapForIngest(failingWith(kind), 'SO-1', { key: 'SO-1' }, null, f.clock.now());
    expect(doc).toMatchObject({
      payload: null,
      payloadHash: null,
      error: { kind },
      nextAttemptAt: delayMs === null ? null : f.clock.iso(delayMs),
    });
    await f.store.ingest('s', null, [doc]);
    expect(await f.store.getRecord('s', 'SO-1')).toMatchObject({
      status,
      attempts: 0,
      nextAttemptAt: doc.nextAttemptAt,
    });
  });

  it('throws a config failure instead of recording it', async () => {
    await expect(
      mapForIngest(failingWith('config'), 'SO-1', { key: 'SO-1' }, null, f.clock.now()),
    ).rejects.toMatchObject({ kind: 'config' });
  });

  it('gives the payload and its hash when mapping works', async () => {
    const doc = await mapForIngest(testScheme(), 'SO-1', { key: 'SO-1' }, 'v1', f.clock.now());
    expect(doc).toMatchObject({
      key: 'SO-1',
      sourceVersion: 'v1',
      payload: { mapped: { key: 'SO-1' } },
      payloadHash: expect.any(String),
    });
    expect(doc.error).toBeUndefined();
  });
});

describe('ingestSource', () => {
  const rows = ['A', 'B', 'C', 'D', 'E'].map((key) => ({ key, version: '2026-03-01T15:30:00' }));

  it('offers the keys parked documents of dependent schemes wait for as {{waitingKeys}}', async () => {
    const waitingFor = (key: string, lookupScheme = 's') => ({
      key: `SO-${key}`,
      source: { key },
      sourceVersion: null,
      payload: null,
      payloadHash: null,
      error: {
        name: 'IntegrationError',
        code: 'mapping.lookup_missing',
        kind: 'lookup_missing' as const,
        message: `"${key}" not synced`,
        details: { lookupScheme, lookupKey: key },
      },
    });
    await f.store.ingest('orders', null, [
      waitingFor('C-1'),
      { ...waitingFor("O'NEIL"), key: 'SO-2' },
      { ...waitingFor('C-1'), key: 'SO-3' }, // the same customer once
      waitingFor('M-1', 'materials'), // waits for another scheme
    ]);
    const filtered = testScheme({
      source: { ...testScheme().source, params: { Filter: 'FNumber IN ({{waitingKeys}})' } },
    });
    const read = async (deps: typeof f.deps) => {
      await ingestSource(filtered, deps, 'run-1', sourceWindow(filtered, null, f.clock.now()), zeroCounts(), () => 0);
      return f.source.readParams.at(-1);
    };
    expect(await read({ ...f.deps, dependentsOf: (id) => (id === 's' ? ['orders'] : []) })).toEqual({
      Filter: "FNumber IN ('O''NEIL','C-1')", // longest waiting first (then by order key: SO-2 before SO-C-1)
    });
    // No scheme depends on it (or none waits): a list that matches nothing keeps the filter valid.
    expect(await read(f.deps)).toEqual({ Filter: "FNumber IN ('')" });
  });

  it('records every document in batches and moves the cursor with the last one', async () => {
    f.source.rows = rows;
    const counts = zeroCounts();
    let batches = 0;
    const window = sourceWindow(withCursor, '2026-03-01T15:00:00', f.clock.now());
    await ingestSource(withCursor, f.deps, 'run-1', window, counts, () => batches++);
    expect(batches).toBe(3); // batchSize 2: A+B, C+D, E
    expect(counts).toMatchObject({ read: 5, documents: 5, failed: 0, skipped: 0 });
    expect((await f.store.getCursor('s'))?.value).toBe('2026-03-01T16:00:00');
    expect((await f.store.countByStatus('s'))[0]?.counts.pending).toBe(5);
  });

  it('leaves the cursor where it was when reading breaks off, keeping what was recorded', async () => {
    await f.store.setCursor('s', '2026-03-01T15:00:00');
    f.source.rows = rows.slice(0, 3);
    f.source.readError = new IntegrationError('Kingdee dropped the connection', {
      code: 'kingdee.network',
      kind: 'transient',
    });
    const window = sourceWindow(withCursor, '2026-03-01T15:00:00', f.clock.now());
    await expect(
      ingestSource(withCursor, f.deps, 'run-1', window, zeroCounts(), () => undefined),
    ).rejects.toMatchObject({ code: 'kingdee.network' });
    expect((await f.store.getCursor('s'))?.value).toBe('2026-03-01T15:00:00');
    expect(await f.store.getRecord('s', 'B')).toMatchObject({ status: 'pending' });
  });

  it('counts mapping failures and stops before reading on when the run is aborted', async () => {
    f.source.rows = rows;
    const counts = zeroCounts();
    const rejectB = testScheme({
      map: async (document, key) =>
        key === 'B'
          ? Promise.reject(new IntegrationError('B is malformed', { code: 'mapping.failed', kind: 'record' }))
          : { mapped: document },
    });
    await ingestSource(rejectB, f.deps, 'run-1', sourceWindow(rejectB, null, f.clock.now()), counts, () => undefined);
    expect(counts).toMatchObject({ documents: 5, failed: 1 });

    const controller = new AbortController();
    controller.abort();
    await expect(
      ingestSource(
        rejectB,
        { ...f.deps, signal: controller.signal },
        'run-2',
        sourceWindow(rejectB, null, f.clock.now()),
        zeroCounts(),
        () => undefined,
      ),
    ).rejects.toMatchObject({ code: 'runtime.aborted', kind: 'transient' });
  });
});
