import { dirname } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { ensurePrivateDir } from '../core/private-paths.js';
import type { Ledger } from './ledger.js';

/**
 * Opens and migrates the ledger named by `url`:
 * - `sqlite:path/to/file.db`, `sqlite://path/to/file.db`, a plain path, or `:memory:` /
 *   `sqlite::memory:` → SQLite (parent directories are created 0700, the file 0600);
 * - `postgres://…` or `postgresql://…` → PostgreSQL; an optional `?schema=name` query
 *   parameter picks the schema (created if missing; default `public`).
 * Drivers load lazily, so SQLite users never load pg and vice versa.
 */
export async function openLedger(url: string): Promise<Ledger> {
  const text = url.trim();
  if (text === '') {
    throw new ConfigError('The ledger URL is empty: use e.g. "sqlite:data/qiao.db" or "postgres://user@host/db".', {
      code: 'store.invalid_url',
    });
  }
  if (/^postgres(ql)?:\/\//i.test(text)) {
    const parsed = new URL(text);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    const { PostgresLedger } = await import('./postgres/postgres-ledger.js');
    const store = new PostgresLedger({ connectionString: parsed.toString(), schema });
    return migrateOrClose(store, redactUrl(text));
  }
  const filename = sqliteFilename(text);
  if (filename !== ':memory:') await ensurePrivateDir(dirname(filename));
  const { SqliteLedger } = await import('./sqlite/sqlite-ledger.js');
  return migrateOrClose(new SqliteLedger({ filename }), filename);
}

function sqliteFilename(text: string): string {
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(text) && !/^sqlite:/i.test(text)) {
    throw new ConfigError(
      `Unsupported ledger URL "${redactUrl(text)}": use sqlite:<file>, a file path, or postgres://….`,
      { code: 'store.invalid_url' },
    );
  }
  const path = text.replace(/^sqlite:(\/\/)?/i, '');
  if (path === '')
    throw new ConfigError('The SQLite ledger URL names no file: use e.g. "sqlite:data/qiao.db".', {
      code: 'store.invalid_url',
    });
  return path;
}

async function migrateOrClose(store: Ledger, where: string): Promise<Ledger> {
  try {
    await store.migrate();
    return store;
  } catch (error) {
    await store.close().catch(() => undefined);
    if (error instanceof ConfigError || (error as { kind?: string }).kind === 'config') throw error;
    throw new ConfigError(
      `Could not open the ledger at ${where}: ${(error as Error).message}. Check that the database is reachable and writable.`,
      {
        code: 'store.open_failed',
        cause: error,
      },
    );
  }
}

/** The URL with its password masked, for messages. */
function redactUrl(text: string): string {
  try {
    const parsed = new URL(text);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return text.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}
