/**
 * The HTTP API's contract: the shapes its routes answer with. The console (web/) imports this file
 * and nothing else of the server; everything re-exported here is a type (or a constant list), so
 * the browser bundle pulls in no server code.
 */
import type { CatalogOperation } from '../connectors/connector.js';
import type { SerializedError } from '../core/errors.js';
import type { AttemptEntry, AuditEntry, LedgerRecord, RecordStatus, RunRecord } from '../ledger/ledger.js';
import type { ParkInfo } from '../runtime/park-info.js';
import type { PreviewItem } from '../runtime/preview-scheme.js';
import type { SchemeValidationIssue } from '../scheme/load-scheme.js';
import type { SchemeInput } from '../scheme/scheme.schema.js';

export { RECORD_STATUSES, RUN_STATUSES } from '../ledger/ledger.js';
export type {
  AttemptEntry,
  AuditEntry,
  CatalogOperation,
  LedgerRecord,
  ParkInfo,
  PreviewItem,
  RecordStatus,
  RunRecord,
  SchemeInput,
  SchemeValidationIssue,
  SerializedError,
};

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
  /** A document waiting on a missing lookup (or dead after waiting too long): since when, how often, for what. */
  park: ParkInfo | null;
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

/** What a token may do (qiao.yaml `api.tokens`): viewer reads; operator runs, retries, skips, enables, moves cursors; admin edits schemes. */
export type ApiRole = 'viewer' | 'operator' | 'admin';

/** GET /api/session: who the bearer is. */
export interface SessionInfo {
  name: string;
  role: ApiRole;
  via: 'token' | 'session';
}

/** POST /api/session: the console session to send as bearer from now on. */
export interface LoginResult {
  session: string;
  expiresAt: string;
  name: string;
  role: ApiRole;
}
