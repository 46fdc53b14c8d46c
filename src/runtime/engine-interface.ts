import type { EventEmitter } from 'node:events';
import type { CatalogOperation, Connector } from '../connectors/connector.js';
import type { Logger } from '../core/logger.js';
import type { Ledger, OperatorLedger, RunRecord } from '../ledger/ledger.js';
import type { SchemeValidationResult } from '../scheme/load-scheme.js';
import type { EngineConfig } from './engine-config.js';
import type { EngineEvents } from './engine-events.js';
import type { PreviewItem } from './preview-scheme.js';

/** A scheme as the engine knows it: the parsed document plus where it came from. */
export interface LoadedSchemeInfo {
  id: string;
  name: string;
  /** Absolute path of the YAML file. */
  file: string;
  /** The YAML text as stored (never contains secrets: those live in qiao.yaml / env). */
  yaml: string;
  enabled: boolean;
  /** The validated scheme document (type: Scheme from scheme/scheme.schema.ts). */
  scheme: unknown;
}

/**
 * What the HTTP API, the CLI, alerts and metrics use to drive qiao: schemes, runs, previews and
 * the operator half of the ledger. Implemented by QiaoEngine (engine.ts).
 */
export interface Engine {
  readonly ledger: OperatorLedger;
  readonly events: EventEmitter<EngineEvents>;
  listSchemes(): Promise<LoadedSchemeInfo[]>;
  getScheme(id: string): Promise<LoadedSchemeInfo | null>;
  validateSchemeText(yaml: string, fileName?: string): Promise<SchemeValidationResult>;
  /** Validates and writes the scheme file (refuses invalid text); `expectedId` guards renames. */
  saveScheme(yaml: string, expectedId?: string): Promise<LoadedSchemeInfo>;
  setEnabled(id: string, enabled: boolean): Promise<LoadedSchemeInfo>;
  /** Starts a run now (or joins the one in progress) and resolves when it has finished. */
  runNow(id: string, trigger: RunRecord['trigger']): Promise<RunRecord>;
  /** Whether a run of the scheme is in progress. */
  isRunning(id: string): boolean;
  nextRunAt(id: string): Date | null;
  /** Dry run: read, group, map, diff against the ledger; writes nothing. */
  preview(id: string, options?: { limit?: number; sourceDocument?: unknown; yaml?: string }): Promise<PreviewItem[]>;
  catalog(): CatalogOperation[];
}

export interface EngineOptions {
  config: EngineConfig;
  /** Default: opened from config.store. */
  ledger?: Ledger;
  logger?: Logger;
  now?: () => Date;
  /** How long a run waits for retries falling due soon (milliseconds). */
  drainWindowMs?: number;
  /** Ready-made connectors by connection name (e.g. tests' in-memory one), used instead of creating them from config; the engine closes them. */
  connectors?: Record<string, Connector>;
}
