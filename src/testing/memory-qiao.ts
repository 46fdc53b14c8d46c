import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LoadedConfig } from '../app/config/load-config.js';
import { qiaoConfigSchema } from '../app/config/qiao-config.schema.js';
import { openQiao, type OpenQiaoOptions, type Qiao } from '../app/qiao.js';
import { silentLogger } from '../core/logger.js';
import { openLedger } from '../ledger/open-ledger.js';
import type { Ledger } from '../ledger/ledger.js';
import { createMemoryConnector, type MemoryConnector } from './memory-connector.js';

/** The connection name schemes of these tests use (`source.connection` / `target.connection`). */
export const MEMORY_CONNECTION = 'memory';

export interface MemoryQiao {
  /** The real composition: QiaoEngine, alerts and metrics, as `qiao start` opens them. */
  qiao: Qiao;
  /** The only connection, in memory: put source rows in, read what the target accepted. */
  memory: MemoryConnector;
  /** The engine's ledger (SQLite in memory), with the runtime half tests sometimes drive directly. */
  store: Ledger;
  /** Temporary directory: qiao's base directory, schemes in `schemes/`. */
  dir: string;
  close(): Promise<void>;
}

export interface MemoryQiaoOptions extends Pick<OpenQiaoOptions, 'logger' | 'fetch' | 'alertIntervalMs'> {
  /** qiao.yaml `alerts:` rules. */
  alerts?: unknown[];
  /** Export Node process metrics too (default false: tests open many registries). */
  defaultMetrics?: boolean;
}

/**
 * Opens the real qiao (`openQiao`) over an in-memory SQLite ledger and one `memory` connection,
 * with schemes in a fresh temporary directory. `close()` closes qiao and removes the directory.
 */
export async function openMemoryQiao(options: MemoryQiaoOptions = {}): Promise<MemoryQiao> {
  const dir = await mkdtemp(path.join(tmpdir(), 'qiao-memory-'));
  const store = await openLedger('sqlite::memory:');
  const memory = createMemoryConnector(MEMORY_CONNECTION);
  const config: LoadedConfig = {
    ...qiaoConfigSchema.parse({ store: 'sqlite::memory:', alerts: options.alerts ?? [], logLevel: 'error' }),
    file: null,
    baseDir: dir,
    secrets: [],
  };
  let qiao: Qiao;
  try {
    qiao = await openQiao(config, {
      ledger: store,
      connectors: { [MEMORY_CONNECTION]: memory },
      logger: options.logger ?? silentLogger,
      fetch: options.fetch,
      alertIntervalMs: options.alertIntervalMs,
      defaultMetrics: options.defaultMetrics ?? false,
    });
  } catch (error) {
    await store.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    qiao,
    memory,
    store,
    dir,
    async close() {
      await qiao.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
