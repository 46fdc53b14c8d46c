import { resolve } from 'node:path';
import type { ConnectionConfig } from '../connectors/registry.js';

/** What the engine needs of qiao.yaml (app/config's EngineConfig has it all). */
export interface EngineConfig {
  connections: Record<string, ConnectionConfig>;
  /** Ledger URL: sqlite:<path relative to baseDir> or postgres://… */
  store: string;
  /** Directory of scheme files, relative to baseDir. */
  schemesDir: string;
  /** Directory of qiao.yaml. */
  baseDir: string;
  logLevel?: string;
  /** Secret values to mask in logs. */
  secrets?: readonly string[];
}

/** The ledger URL with a relative SQLite path resolved against the config file's directory. */
export function storeUrl(config: EngineConfig): string {
  if (!config.store.startsWith('sqlite:')) return config.store;
  const path = config.store.slice('sqlite:'.length);
  return path === ':memory:' ? config.store : `sqlite:${resolve(config.baseDir, path)}`;
}
