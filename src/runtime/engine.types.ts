import type { EventEmitter } from 'node:events';
import type { SerializedError } from '../core/errors.js';
import type { RunRecord, StateStore } from '../store/state-store.js';

/** A scheme as the engine knows it: the parsed document plus where it came from. */
export interface LoadedSchemeInfo {
  id: string;
  name: string;
  /** Absolute path of the YAML file. */
  file: string;
  /** The YAML text as stored (never contains secrets: those live in qiao.yaml / env). */
  yaml: string;
  enabled: boolean;
  /** The validated scheme document (type: Scheme from core/scheme/scheme.schema.ts). */
  scheme: unknown;
}

export interface SchemeValidationIssue {
  /** JSON path inside the document, e.g. "mapping.fields.company_id". */
  path: string;
  /** 1-based line in the YAML text, when known. */
  line?: number;
  column?: number;
  message: string;
}

export type SchemeValidationResult =
  | { ok: true; id: string; scheme: unknown }
  | { ok: false; issues: SchemeValidationIssue[] };

export interface PreviewItem {
  key: string;
  source: unknown;
  payload?: unknown;
  error?: SerializedError;
  /** Field-level differences against the payload last pushed for this key. */
  diff?: Array<{ path: string; before: unknown; after: unknown }>;
  unchanged?: boolean;
}

/** One connector operation with its request/response fields, for the API catalog page. */
export interface CatalogOperation {
  connector: string;
  operation: string;
  label: string;
  method?: string;
  path?: string;
  requestFields: Array<{ key: string; label: string; type: string; description?: string }>;
  responseFields: Array<{ key: string; label: string; type: string; description?: string }>;
}

/** Events the engine emits (for alerts and metrics). */
export interface EngineEvents {
  'run.started': [run: RunRecord];
  'run.finished': [run: RunRecord];
  'record.failed': [event: { schemeId: string; key: string; error: SerializedError; status: 'failed' | 'parked' | 'dead' }];
  'api.call': [event: { connection: string; operation: string; durationMs: number; ok: boolean; errorCode?: string }];
}

/**
 * What the HTTP API and the CLI use to drive qiao. Implemented in runtime/engine.ts on top of
 * the scheme loader, the connectors, the state store and the scheduler.
 */
export interface Engine {
  readonly store: StateStore;
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
