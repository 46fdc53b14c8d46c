import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeAuditContract } from './ledger.contract-audit.js';
import { describeBatchContract } from './ledger.contract-batch.js';
import { describeLedgerContract } from './ledger.contract-runtime.js';
import { describeOperatorContract } from './ledger.contract-operator.js';
import { describeOutcomeUnknownContract } from './ledger.contract-outcome.js';
import { describeParkContract } from './ledger.contract-park.js';
import { describeRetryClockContract } from './ledger.contract-retry-clock.js';
import { doc, TestClock, type ContractContext, type LedgerFactory } from './ledger.contract-kit.js';

export {
  doc,
  failure,
  TestClock,
  type ContractContext,
  type LedgerFactory,
  type LedgerFixture,
} from './ledger.contract-kit.js';

/**
 * The one contract every Ledger implementation must pass. `factory` is called before each
 * test with a fresh TestClock and must return an empty, migrated store.
 */
export function describeLedger(name: string, factory: LedgerFactory): void {
  describe(`Ledger contract: ${name}`, () => {
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
    describeOutcomeUnknownContract(ctx);
    describeParkContract(ctx);
    describeRetryClockContract(ctx);
    describeAuditContract(ctx);
  });
}
