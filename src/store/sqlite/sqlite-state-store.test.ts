import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStateStore } from '../state-store.contract.js';
import { SqliteStateStore } from './sqlite-state-store.js';

describeStateStore('SQLite file', async ({ clock }) => {
  const dir = mkdtempSync(join(tmpdir(), 'qiao-ledger-'));
  const filename = join(dir, 'ledger.db');
  const opened: SqliteStateStore[] = [];
  const open = async () => {
    const store = new SqliteStateStore({ filename, clock });
    opened.push(store);
    await store.migrate();
    return store;
  };
  return {
    store: await open(),
    openAnother: open,
    dispose: async () => {
      for (const s of opened) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeStateStore('SQLite :memory:', async ({ clock }) => {
  const store = new SqliteStateStore({ filename: ':memory:', clock });
  await store.migrate();
  return {
    store,
    // A private in-memory database cannot be shared; a second claimer uses the same store.
    openAnother: async () => store,
    dispose: () => store.close(),
  };
});
