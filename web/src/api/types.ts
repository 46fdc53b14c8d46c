import type { AttemptEntry, LedgerRecord, RecordStatus, RunRecord } from '../../../src/store/state-store.js';
import type { CatalogOperation, PreviewItem, SchemeValidationIssue } from '../../../src/runtime/engine.types.js';
import type { SerializedError } from '../../../src/core/errors.js';

export { RECORD_STATUSES } from '../../../src/store/state-store.js';
export type { AttemptEntry, LedgerRecord, RecordStatus, RunRecord, CatalogOperation, PreviewItem, SchemeValidationIssue, SerializedError };

/** One row of GET /api/schemes (see the HTTP API contract). */
export interface SchemeSummary {
  id: string;
  name: string;
  enabled: boolean;
  file: string;
  source: { connection: string; api: string };
  target: { connection: string; api: string };
  schedule: string | null;
  running: boolean;
  lastRun: RunRecord | null;
  nextRunAt: string | null;
  counts: Partial<Record<RecordStatus, number>>;
  /** Last 24 h: succeeded / (succeeded + failed + dead), 0..1, null when nothing finished. */
  successRate: number | null;
  /** pending + failed + parked. */
  backlog: number;
}

export interface SchemeDetail {
  summary: SchemeSummary;
  scheme: unknown;
  yaml: string;
}

export interface RecordSummary {
  schemeId: string;
  key: string;
  status: RecordStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: SerializedError | null;
  updatedAt: string;
  succeededAt: string | null;
  targetIds: Record<string, unknown> | null;
}

export interface RecordDetail {
  record: LedgerRecord;
  attempts: AttemptEntry[];
  diff: DiffEntry[];
}

export interface DiffEntry {
  path: string;
  before: unknown;
  after: unknown;
}

export interface TimeBucket {
  at: string;
  pushed: number;
  failed: number;
  skipped: number;
  read: number;
}

export type ValidationResult = { ok: true; id: string } | { ok: false; issues: SchemeValidationIssue[] };
