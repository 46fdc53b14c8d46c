import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { describeLedger } from '../ledger.contract.js';
import { PostgresLedger } from './postgres-ledger.js';
import { postgresMigrations } from './migrations/index.js';

const CANDIDATES = process.env.POSTGRES_URL
  ? [process.env.POSTGRES_URL]
  : ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test'];

/** The first reachable candidate URL, with the reason each one failed. */
async function findPostgres(): Promise<{ url: string | null; reasons: string[] }> {
  const reasons: string[] = [];
  for (const url of CANDIDATES) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return { url, reasons };
    } catch (error) {
      reasons.push(`${url.replace(/:[^:@/]*@/, ':***@')}: ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return { url: null, reasons };
}

const found = await findPostgres();
const runTag = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
let counter = 0;

if (found.url === null) {
  const why = `PostgreSQL is not reachable (${found.reasons.join('; ')}). Set POSTGRES_URL to a database where the user may create schemas.`;
  if (process.env.CI) {
    describe('PostgreSQL ledger', () => {
      it('needs a reachable PostgreSQL in CI', () => {
        throw new Error(why);
      });
    });
  } else {
    console.warn(`\n!!! SKIPPING the PostgreSQL Ledger contract: ${why}\n`);
    describe.skip('PostgreSQL ledger (unreachable)', () => {
      it('contract', () => undefined);
    });
  }
} else {
  const url = found.url;
  describeLedger('PostgreSQL', async ({ clock }) => {
    // A schema per test keeps tests (and parallel test runs) apart; dropped afterwards.
    const schema = `qiao_test_${runTag}_${++counter}`;
    const opened: PostgresLedger[] = [];
    const open = async () => {
      const store = new PostgresLedger({ connectionString: url, schema, clock, poolSize: 4 });
      opened.push(store);
      await store.migrate();
      return store;
    };
    const store = await open();
    return {
      store,
      openAnother: open,
      dispose: async () => {
        await store.dropSchema();
        for (const s of opened) await s.close();
      },
    };
  });

  describe('PostgreSQL specifics', () => {
    it('migrates concurrently from several pools without conflicts, once', async () => {
      const schema = `qiao_test_${runTag}_migrate`;
      const stores = [0, 1, 2].map(() => new PostgresLedger({ connectionString: url, schema, poolSize: 2 }));
      try {
        await Promise.all(stores.map((s) => s.migrate()));
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        const { rows } = await client.query(`select version, name from "${schema}".schema_migrations order by version`);
        await client.end();
        expect(rows).toEqual(postgresMigrations.map((m) => ({ version: m.version, name: m.name })));
      } finally {
        await stores[0]!.dropSchema();
        for (const s of stores) await s.close();
      }
    });

    it('rejects schema names that could inject SQL', () => {
      expect(() => new PostgresLedger({ connectionString: url, schema: 'x"; drop table y; --' })).toThrow(
        /schema name/,
      );
    });
  });
}
