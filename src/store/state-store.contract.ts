import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SerializedError } from '../core/errors.js';
import { describeBatchContract } from './state-store.contract-batch.js';
import { describeLedgerContract } from './state-store.contract-ledger.js';
import { describeOperatorContract } from './state-store.contract-operator.js';
import { contentHash } from './stable-hash.js';
import type { IngestDocument, StateStore } from './state-store.js';

/** What a store implementation hands the shared contract suite for one test. */
export interface StateStoreFixture {
  /** A migrated, empty store using the given clock. */
  store: StateStore;
  /** Opens another store on the same database (a second connection or pool), migrated. */
  openAnother(): Promise<StateStore>;
  /** Closes everything the fixture opened and removes its data (files, schemas). */
  dispose(): Promise<void>;
}

export type StateStoreFactory = (options: { clock: () => Date }) => Promise<StateStoreFixture>;

/** A clock the tests move by hand. */
export class TestClock {
  private ms: number;
  constructor(start = '2026-03-01T08:00:00.000Z') {
    this.ms = Date.parse(start);
  }
  readonly now = (): Date => new Date(this.ms);
  iso(offsetMs = 0): string {
    return new Date(this.ms + offsetMs).toISOString();
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Per-test context shared by the contract sections. */
export interface ContractContext {
  store: StateStore;
  clock: TestClock;
  fixture: StateStoreFixture;
}

export function doc(key: string, payload: unknown, extra: Partial<IngestDocument> = {}): IngestDocument {
  return { key, source: { key, payload }, sourceVersion: null, payload, payloadHash: payload === null ? null : contentHash(payload), ...extra };
}

export function failure(kind: SerializedError['kind'], code = `test.${kind}`, message = `${kind} happened`): SerializedError {
  return { name: 'IntegrationError', code, kind, message };
}

/**
 * The one contract every StateStore implementation must pass. `factory` is called before each
 * test with a fresh TestClock and must return an empty, migrated store.
 */
export function describeStateStore(name: string, factory: StateStoreFactory): void {
  describe(`StateStore contract: ${name}`, () => {
    const ctx = {} as ContractContext;
    beforeEach(async () => {
      ctx.clock = new TestClock();
      ctx.fixture = await factory({ clock: ctx.clock.now });
      ctx.store = ctx.fixture.store;
    });
    afterEach(async () => {
      await ctx.fixture?.dispose();
    });

    it('migrate() is idempotent and keeps data', async () => {
      await ctx.store.ingest('s', null, [doc('A-1', { n: 1 })], 'c1');
      await ctx.store.migrate();
      await ctx.store.migrate();
      expect((await ctx.store.getRecord('s', 'A-1'))?.status).toBe('pending');
      expect((await ctx.store.getCursor('s'))?.value).toBe('c1');
    });

    describeLedgerContract(ctx);
    describeOperatorContract(ctx);
    describeBatchContract(ctx);
  });
}
