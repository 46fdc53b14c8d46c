import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCHEME_ORDER, demoConfigYaml, copyShippedSchemes } from '../../app/demo.js';
import { startKingdeeSimulator, type KingdeeSimulator } from '../../connectors/kingdee/simulator/kingdee-simulator.js';
import { startOkkiSimulator, type OkkiSimulator } from '../../connectors/okki/simulator/okki-simulator.js';
import { openLedger } from '../../ledger/open-ledger.js';
import type { RecordStatus, RunRecord } from '../../ledger/ledger.js';
import { startWebhookReceiver } from '../../testing/webhook-receiver.js';

/**
 * The operator commands end to end: the real `bin/qiao.js` against both simulators (in this
 * process) and a working directory with qiao.yaml, the shipped schemes and a SQLite ledger.
 * Each launch costs ~2.5 s of tsx start-up, so the steps share one ledger and run in order.
 */

const root = fileURLToPath(new URL('../../../', import.meta.url));
const FLAGSHIP = 'kingdee-sales-orders-to-okki';
const CUSTOMERS = 'kingdee-customers-to-okki';
const MATERIALS = 'kingdee-materials-to-okki';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

let kingdee: KingdeeSimulator;
let okki: OkkiSimulator;
let alertReceiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let dir: string;
let secrets: Record<string, string>;
/** Flagship documents read by its first run (set by the run step, used by the later steps). */
let documents = 0;
/** Keys of the flagship records left waiting by the outage. */
let waitingKeys: string[] = [];

function qiao(args: string[], env: Record<string, string | undefined> = secrets): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/qiao.js', ...args, '--config', join(dir, 'qiao.yaml')],
      { cwd: root, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

function json<T>(result: Result): T {
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]) as T;
}

interface StatusJson {
  schemes: Array<{
    id: string;
    enabled: boolean;
    schedule: string;
    lastRun: RunRecord | null;
    nextRunAt: string | null;
    records: Record<RecordStatus, number>;
    cursor: { value: string | null } | null;
  }>;
  problems: Array<{ file: string; issues: string[] }>;
}

beforeAll(async () => {
  kingdee = await startKingdeeSimulator({ port: 0, orders: 30, seed: 3 });
  okki = await startOkkiSimulator({ port: 0, seed: 3 });
  dir = await mkdtemp(join(tmpdir(), 'qiao-cli-ops-'));
  await mkdir(join(dir, 'schemes'));
  await copyShippedSchemes(dir);
  // One try per order: a write that fails goes straight to dead, so the retry step has work without waiting for backoff.
  const flagshipFile = join(dir, 'schemes', `${FLAGSHIP}.yaml`);
  const doc = parseDocument(await readFile(flagshipFile, 'utf8'));
  doc.setIn(['settings', 'retry', 'attempts'], 1);
  await writeFile(flagshipFile, doc.toString());
  // An invalid scheme file is reported by `qiao status`, not fatal.
  await writeFile(join(dir, 'schemes', 'broken.yaml'), 'version: 1\nid: broken\n');
  // Alerts go to a webhook receiver: a one-shot `run --once` must deliver them before it exits.
  alertReceiver = await startWebhookReceiver();
  const config = parseDocument(demoConfigYaml(kingdee, okki, { store: 'sqlite:.qiao/qiao.db', apiPort: 0 }));
  // 5xx on every call stays a per-document failure here (the dead/retry steps need that); a refused
  // connection still opens the breaker at once, and a run waits for OKKI only briefly.
  config.setIn(['connections', 'okki', 'breaker'], { failureStreak: 1000, probeAfterMs: 100, waitInRunMs: 500 });
  config.set('alerts', [
    { type: 'documents_dead', channels: [{ type: 'webhook', url: `${alertReceiver.url}/alert` }] },
  ]);
  await writeFile(join(dir, 'qiao.yaml'), config.toString());
  secrets = { KINGDEE_APP_SECRET: kingdee.credentials.appSecret, OKKI_CLIENT_SECRET: okki.credentials.clientSecret };
});

afterAll(async () => {
  await Promise.allSettled([kingdee?.close(), okki?.close(), alertReceiver?.close()]);
});

describe('qiao operator commands against the simulators', () => {
  it('refuses the flagship before its preconditions ran, and a config without secrets exits 2 naming the variable', async () => {
    const [refused, noSecret] = await Promise.all([
      qiao(['run', FLAGSHIP, '--once']),
      qiao(['status'], { KINGDEE_APP_SECRET: undefined, OKKI_CLIENT_SECRET: undefined }),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Scheme "${FLAGSHIP}" waits for ${CUSTOMERS}, ${MATERIALS}`);
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('Environment variable KINGDEE_APP_SECRET is not set');
  });

  it('run --once runs the companions, then the flagship (under an OKKI outage nothing is pushed)', async () => {
    const customers = await qiao(['run', CUSTOMERS, '--once']);
    expect(customers.code).toBe(0);
    expect(customers.stdout).toMatch(new RegExp(`^${CUSTOMERS}: succeeded in `));
    expect(customers.stdout).toMatch(/read \d+, documents \d+, pushed [1-9]\d*, skipped 0, failed 0, retried 0/);
    expect(customers.stdout).toMatch(/cursor \(start\) → \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);

    const materials = json<{ run: RunRecord }>(await qiao(['run', MATERIALS, '--once', '--json']));
    expect(materials.run).toMatchObject({ schemeId: MATERIALS, status: 'succeeded', trigger: 'cli' });
    expect(materials.run.counts.pushed).toBe(materials.run.counts.documents);

    // Every OKKI business call fails while the flagship runs: no order reaches OKKI, every one waits in the ledger.
    okki.setFaults({ error5xxEveryNCalls: 1 });
    const pushesBefore = okki.stats().pushes;
    const flagship = json<{ run: RunRecord }>(await qiao(['run', FLAGSHIP, '--once', '--json']));
    okki.setFaults({});
    expect(flagship.run).toMatchObject({ schemeId: FLAGSHIP, trigger: 'cli' });
    expect(flagship.run.counts.documents).toBeGreaterThan(3);
    expect(flagship.run.counts.pushed).toBe(0);
    expect(okki.stats().pushes).toBe(pushesBefore);
    documents = flagship.run.counts.documents;
    // The orders went dead (one try each): the one-shot command itself sent the alert before exiting.
    const alerts = alertReceiver.requests.map((r) => r.body as { state?: string; scheme?: string; rule?: string });
    expect(alerts).toEqual([expect.objectContaining({ state: 'firing' })]);
    expect(JSON.stringify(alerts[0])).toContain(FLAGSHIP);
  });

  it('status --json shows every scheme, the waiting records, the cursor and the invalid file', async () => {
    const status = json<StatusJson>(await qiao(['status', '--json']));
    expect(status.schemes.map((s) => s.id).sort()).toEqual([...DEMO_SCHEME_ORDER].sort());
    const flagship = status.schemes.find((s) => s.id === FLAGSHIP)!;
    expect(flagship).toMatchObject({ enabled: true, schedule: 'cron */5 * * * *' });
    expect(flagship.lastRun?.counts.documents).toBe(documents);
    expect(flagship.records.failed + flagship.records.parked + flagship.records.dead).toBe(documents);
    expect(flagship.records.succeeded).toBe(0);
    expect(flagship.cursor?.value).toBe(flagship.lastRun!.cursorTo);
    expect(Date.parse(flagship.nextRunAt!)).toBeGreaterThan(Date.now() - 1000);
    expect(status.schemes.find((s) => s.id === CUSTOMERS)!.records.succeeded).toBeGreaterThan(0);
    expect(status.problems).toHaveLength(1);
    expect(status.problems[0].file).toContain('broken.yaml');
  });

  it('records filters by status and pages; unknown keys exit 1', async () => {
    const [waiting, page, succeeded, unknown] = await Promise.all([
      qiao(['records', FLAGSHIP, '--status', 'failed,parked,dead', '--json']),
      qiao(['records', FLAGSHIP, '--status', 'failed,parked,dead', '--limit', '2', '--offset', '1']),
      qiao(['records', FLAGSHIP, '--status', 'succeeded,pending']),
      qiao(['records', FLAGSHIP, '--key', 'XSDD999999']),
    ]);
    const list = json<{
      records: Array<{ key: string; status: string; lastError: { code: string; message: string } | null }>;
      total: number;
    }>(waiting);
    expect(list.total).toBe(documents);
    waitingKeys = list.records.map((r) => r.key);
    expect(
      list.records.every(
        (r) => ['failed', 'parked', 'dead'].includes(r.status) && r.lastError?.code.startsWith('okki.'),
      ),
    ).toBe(true);

    expect(page.code).toBe(0);
    const lines = page.stdout.split('\n');
    expect(lines[0]).toMatch(/^KEY\s+STATUS\s+ATTEMPTS\s+PARKED\s+NEXT ATTEMPT\s+UPDATED\s+LAST ERROR$/);
    expect(lines.filter((l) => /^XSDD\d+\s+(failed|parked|dead)\s+\d+\s.*okki\./.test(l))).toHaveLength(2);
    expect(page.stdout).toContain(`2–3 of ${documents}; next page: --offset 3`);
    expect(succeeded.stdout).toContain('No records with status succeeded/pending');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`No record "XSDD999999" in scheme ${FLAGSHIP}`);
  });

  it('retry requeues the waiting records and a write-only pass pushes every one; --key shows the full record', async () => {
    const [retried, noSelector] = await Promise.all([
      qiao(['retry', FLAGSHIP, '--failed', '--parked', '--dead', '--json']),
      qiao(['retry', FLAGSHIP]),
    ]);
    const result = json<{ requeued: number; run: RunRecord }>(retried);
    expect(result.requeued).toBe(documents);
    expect(result.run).toMatchObject({ trigger: 'retry', status: 'succeeded' });
    expect(result.run.counts).toMatchObject({ read: 0, pushed: documents, failed: 0 });
    expect(noSelector.code).toBe(2);
    expect(noSelector.stderr).toContain('Say what to retry: --key K, or one or more of --failed, --dead, --parked');
    expect(okki.dumpOrders()).toHaveLength(documents);

    const [key, other] = waitingKeys;
    const [full, again] = await Promise.all([
      qiao(['records', FLAGSHIP, '--key', key]),
      qiao(['retry', FLAGSHIP, '--key', other]),
    ]);
    expect(full.code).toBe(0);
    expect(full.stdout).toContain(`${FLAGSHIP} / ${key}: succeeded, 1 attempt(s)`);
    expect(full.stdout).toMatch(/target ids {5}\{"order_id":"\d+","lines":\{/);
    expect(full.stdout).toMatch(/ {2}source:\n {4}\{\n(?: {6}.*\n)*? {6}"FBillNo": "XSDD\d+"/);
    expect(full.stdout).toContain(`"order_no": "${key}"`);
    expect(full.stdout).toMatch(/attempts \(newest first\):\n {4}\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}succeeded/);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Requeued 1 record (record ${other}) in ${FLAGSHIP}.`);
    expect(again.stdout).toMatch(/pushed 1, skipped 0, failed 0/);
    expect(again.stdout).toContain(`${other} is now succeeded`);
  });

  it('preview shows changed orders with a field-level diff and writes nothing', async () => {
    const changed = kingdee.changeOrdersAfterAudit({ count: 2, kinds: ['qty'] });
    expect(changed).toHaveLength(2);
    const pushes = okki.stats().pushes;
    const human = await qiao(['preview', FLAGSHIP, '--limit', '50']);
    expect(human.code).toBe(0);
    for (const key of changed)
      expect(human.stdout).toMatch(new RegExp(`^${key}  changed \\(\\d+ field\\(s\\)\\)$`, 'm'));
    expect(human.stdout).toMatch(/^ {4}~ product_list\[\d+\]\.count: \d+ → \d+$/m);
    expect(human.stdout).toMatch(
      /\d+ document\(s\): 0 new, 2 changed, \d+ unchanged, 0 with errors \(nothing was written\)/,
    );
    expect(okki.stats().pushes).toBe(pushes);
    const store = await openLedger(`sqlite:${join(dir, '.qiao', 'qiao.db')}`);
    try {
      const [counts] = await store.countByStatus(FLAGSHIP);
      expect(counts.counts).toMatchObject({ succeeded: documents, pending: 0 });
      for (const key of changed) {
        const record = await store.getRecord(FLAGSHIP, key);
        expect(record?.payloadHash).toBe(record?.pushedHash);
      }
    } finally {
      await store.close();
    }
  });

  it('cursor shows, refuses a bad time with exit 2, moves to a time and clears', async () => {
    const [shown, bad, unknownScheme] = await Promise.all([
      qiao(['cursor', FLAGSHIP, '--json']),
      qiao(['cursor', FLAGSHIP, '--set', '2026-13-01T00:00:00']),
      qiao(['cursor', 'no-such-scheme']),
    ]);
    const current = json<{ value: string; format: string; timezone: string; start: string }>(shown);
    expect(current).toMatchObject({ format: 'yyyy-MM-ddTHH:mm:ss', timezone: '+08:00', start: '2020-01-01T00:00:00' });
    expect(current.value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--set "2026-13-01T00:00:00" is not a time');
    expect(bad.stderr).toContain(`e.g. qiao cursor ${FLAGSHIP} --set 2026-11-01T00:00:00`);
    expect(unknownScheme.code).toBe(2);
    expect(unknownScheme.stderr).toContain(`loaded schemes: ${[...DEMO_SCHEME_ORDER].sort().join(', ')}`);

    const moved = await qiao(['cursor', FLAGSHIP, '--set', '2026-11-01 08:30']);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain(`${FLAGSHIP}: cursor moved ${current.value} → 2026-11-01T08:30:00`);
    const cleared = json<{ value: string | null; previous: string }>(
      await qiao(['cursor', FLAGSHIP, '--clear', '--json']),
    );
    expect(cleared).toMatchObject({ value: null, previous: '2026-11-01T08:30:00' });
  });

  it('against an OKKI that refuses connections, retry --key exits 1 (target_unavailable) and leaves the record waiting, not dead', async () => {
    const key = waitingKeys[0];
    await okki.goOffline();
    let down: Result;
    try {
      down = await qiao(['retry', FLAGSHIP, '--key', key]);
    } finally {
      await okki.goOnline();
    }
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(new RegExp(`^${FLAGSHIP}: target_unavailable in `, 'm'));
    expect(down.stdout).toContain(
      'error runtime.target_unavailable: The target connection "okki" has been unavailable',
    );
    // One try allowed by this scheme, yet not dead: a refused connection uses up no try.
    expect(down.stdout).toContain(`${key} is now failed: okki.network`);
    const back = await qiao(['retry', FLAGSHIP, '--key', key]);
    expect(back.code).toBe(0);
    expect(back.stdout).toContain(`${key} is now succeeded`);
  });
});
