import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '../core/errors.js';
import type { StateStore } from './state-store.js';

/**
 * Opens and migrates the ledger named by `url`:
 * - `sqlite:path/to/file.db`, `sqlite://path/to/file.db`, a plain path, or `:memory:` /
 *   `sqlite::memory:` → SQLite (parent directories are created);
 * - `postgres://…` or `postgresql://…` → PostgreSQL; an optional `?schema=name` query
 *   parameter picks the schema (created if missing; default `public`).
 * Drivers load lazily, so SQLite users never load pg and vice versa.
 */
export async function openStateStore(url: string): Promise<StateStore> {
  const text = url.trim();
  if (text === '') {
    throw new ConfigError('The state store URL is empty: use e.g. "sqlite:data/qiao.db" or "postgres://user@host/db".', { code: 'store.invalid_url' });
  }
  if (/^postgres(ql)?:\/\//i.test(text)) {
    const parsed = new URL(text);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    const { PostgresStateStore } = await import('./postgres/postgres-state-store.js');
    const store = new PostgresStateStore({ connectionString: parsed.toString(), schema });
    return migrateOrClose(store, redactUrl(text));
  }
  const filename = sqliteFilename(text);
  if (filename !== ':memory:') await mkdir(dirname(filename), { recursive: true });
  const { SqliteStateStore } = await import('./sqlite/sqlite-state-store.js');
  return migrateOrClose(new SqliteStateStore({ filename }), filename);
}

function sqliteFilename(text: string): string {
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(text) && !/^sqlite:/i.test(text)) {
    throw new ConfigError(`Unsupported state store URL "${redactUrl(text)}": use sqlite:<file>, a file path, or postgres://….`, { code: 'store.invalid_url' });
  }
  const path = text.replace(/^sqlite:(\/\/)?/i, '');
  if (path === '') throw new ConfigError('The SQLite state store URL names no file: use e.g. "sqlite:data/qiao.db".', { code: 'store.invalid_url' });
  return path;
}

async function migrateOrClose(store: StateStore, where: string): Promise<StateStore> {
  try {
    await store.migrate();
    return store;
  } catch (error) {
    await store.close().catch(() => undefined);
    if (error instanceof ConfigError || (error as { kind?: string }).kind === 'config') throw error;
    throw new ConfigError(`Could not open the state store at ${where}: ${(error as Error).message}. Check that the database is reachable and writable.`, {
      code: 'store.open_failed',
      cause: error,
    });
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
