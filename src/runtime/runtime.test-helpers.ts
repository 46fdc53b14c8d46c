import { EventEmitter } from 'node:events';
import { ConfigError, type IntegrationError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { retryPolicySchema } from '../core/retry.js';
import type { Connector, WriteContext, WriteResult } from '../connectors/connector.js';
import type { LedgerRecord } from '../ledger/ledger.js';
import { SqliteLedger } from '../ledger/sqlite/sqlite-ledger.js';
import type { EngineEvents } from './engine-events.js';
import type { PreparedScheme, RunDeps } from './run-context.js';

/**
 * Shared by this folder's tests: a real in-memory SQLite ledger on a clock the test moves, and
 * scripted connectors whose answers the test chooses (the runtime never sees a vendor).
 */

/** Three tries, 1 s doubling to a 5 s cap, no jitter: every retry time is exact. */
export const EXACT_RETRY = retryPolicySchema.parse({
  attempts: 3,
  initialDelayMs: 1_000,
  multiplier: 2,
  maxDelayMs: 5_000,
  jitter: 0,
});

export class ManualClock {
  private ms = Date.parse('2026-03-01T08:00:00.000Z');
  readonly now = (): Date => new Date(this.ms);
  iso(offsetMs = 0): string {
    return new Date(this.ms + offsetMs).toISOString();
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A connection that reads `rows` and answers writes from `writeOutcomes` (thrown when an error), else accepts. */
export class ScriptedConnector implements Connector {
  readonly type = 'scripted';
  readonly readOperations = ['rows'];
  readonly writeOperations = ['save'];
  rows: Array<Record<string, unknown>> = [];
  /** Thrown by `read` after the last row (a source that breaks off mid-read). */
  readError: Error | null = null;
  readonly writeOutcomes: Array<IntegrationError | WriteResult> = [];
  readonly writes: Array<{ payload: Record<string, unknown>; context: WriteContext }> = [];
  /** What `findWritten` answers (an outcome-unknown write that did or did not land). */
  landed: WriteResult | null = null;
  findWrittenCalls = 0;

  constructor(readonly name: string) {}

  async check(): Promise<void> {}

  /** The params of every read, rendered (what a vendor would have been asked). */
  readonly readParams: Array<Record<string, unknown>> = [];

  async *read(_operation: string, params: Record<string, unknown>): AsyncIterable<Record<string, unknown>> {
    this.readParams.push(params);
    for (const row of this.rows) yield row;
    if (this.readError) throw this.readError;
  }

  async write(_operation: string, payload: Record<string, unknown>, context: WriteContext): Promise<WriteResult> {
    this.writes.push({ payload, context: { ...context } });
    const next = this.writeOutcomes.shift();
    if (next instanceof Error) throw next;
    return next ?? { reply: { ok: true }, ids: { id: `T-${context.key}` }, warnings: [] };
  }

  async findWritten(): Promise<WriteResult | null> {
    this.findWrittenCalls++;
    return this.landed;
  }

  async lookup(): Promise<unknown> {
    throw new ConfigError('The scripted connector has no lookups', { code: 'test.no_lookup' });
  }

  async customFieldId(): Promise<string> {
    throw new ConfigError('The scripted connector has no custom fields', { code: 'test.no_custom_fields' });
  }

  async call(): Promise<unknown> {
    return null;
  }

  async close(): Promise<void> {}
}

/** A prepared scheme reading `src` rows (one document per row, keyed by `key`) into `dst`. */
export function testScheme(overrides: Partial<PreparedScheme> = {}): PreparedScheme {
  return {
    id: 's',
    name: 'test scheme',
    source: { connection: 'src', api: 'rows', params: {}, cursor: null },
    target: { connection: 'dst', api: 'save', params: {} },
    writeBack: null,
    retry: EXACT_RETRY,
    concurrency: 1,
    batchSize: 2,
    preconditions: [],
    parkedLimitMs: 7 * 86_400_000,
    retryMaxAgeMs: 86_400_000,
    async *documents(rows) {
      for await (const row of rows)
        yield { key: String(row.key), document: row, version: typeof row.version === 'string' ? row.version : null };
    },
    documentKey: (document) => String(document.key ?? ''),
    map: async (document) => ({ mapped: document }),
    ...overrides,
  };
}

export interface RuntimeFixture {
  clock: ManualClock;
  store: SqliteLedger;
  source: ScriptedConnector;
  target: ScriptedConnector;
  deps: RunDeps;
  /** Every `record.failed` event, in order. */
  failures: Array<EngineEvents['record.failed'][0]>;
  /** Leases the due records of scheme `s` (as a run's writer would) and returns them. */
  claim(): Promise<LedgerRecord[]>;
  close(): Promise<void>;
}

export async function openRuntimeFixture(): Promise<RuntimeFixture> {
  const clock = new ManualClock();
  const store = new SqliteLedger({ filename: ':memory:', clock: clock.now });
  await store.migrate();
  const source = new ScriptedConnector('src');
  const target = new ScriptedConnector('dst');
  const events = new EventEmitter<EngineEvents>();
  const failures: RuntimeFixture['failures'] = [];
  events.on('record.failed', (event) => failures.push(event));
  const deps: RunDeps = {
    ledger: store,
    connectors: new Map([
      ['src', source],
      ['dst', target],
    ]),
    events,
    logger: silentLogger,
    owner: 'test-owner',
    now: clock.now,
  };
  return {
    clock,
    store,
    source,
    target,
    deps,
    failures,
    claim: () => store.claimDue('s', { owner: deps.owner, limit: 100, leaseMs: 60_000 }),
    close: () => store.close(),
  };
}
