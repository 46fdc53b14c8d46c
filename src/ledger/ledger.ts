import type { SerializedError } from '../core/errors.js';

/**
 * Lifecycle of one document (one Kingdee sales order, one customer…) in one scheme's ledger.
 * - pending:   mapped, waiting to be written (new or changed since the last successful write)
 * - writing:   claimed by a worker under a lease; an expired lease makes it claimable again
 * - succeeded: the target accepted the current payload
 * - failed:    the last try failed; retried at `nextAttemptAt` unless that is null (record-level errors)
 * - parked:    waiting for a lookup to resolve (e.g. the customer has not reached OKKI yet)
 * - dead:      retries exhausted; kept, visible, replayable by hand
 * - skipped:   an operator chose not to sync it (until its source changes again)
 */
export const RECORD_STATUSES = ['pending', 'writing', 'succeeded', 'failed', 'parked', 'dead', 'skipped'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/** ISO-8601 UTC timestamp string, e.g. 2026-11-28T16:39:50.123Z. */
export type IsoTime = string;

export interface LedgerRecord {
  schemeId: string;
  /** Document key, unique within the scheme (for sales orders: the Kingdee bill number FBillNo). */
  key: string;
  status: RecordStatus;
  /** Write tries made since the payload last changed or the record was last retried by hand. */
  attempts: number;
  nextAttemptAt: IsoTime | null;
  lastError: SerializedError | null;
  /** The grouped source document as read (header fields + lines). */
  source: unknown;
  /** The mapped target payload; null when mapping failed or a lookup is missing. */
  payload: unknown | null;
  /** Content hash of `payload` (stable JSON, sha256 hex). */
  payloadHash: string | null;
  /** Hash of the payload the target last accepted; equal to payloadHash means nothing to write. */
  pushedHash: string | null;
  /**
   * The payload the target last accepted (what `pushedHash` hashes), for a field-level diff of a
   * pending change against what the target holds. Optional so that test doubles may omit it;
   * both stores always fill it.
   */
  pushedPayload?: unknown | null;
  /** The payload written before the current one succeeded, for a field-level diff. */
  previousPayload: unknown | null;
  /** The target's reply to the last successful write. */
  targetReply: unknown | null;
  /** Ids the target assigned, e.g. { order_id, lines: { "<kingdee entry id>": unique_id } }. */
  targetIds: Record<string, unknown> | null;
  /** Cursor value of this document in the source (e.g. its latest FModifyDate). */
  sourceVersion: string | null;
  lastRunId: string | null;
  leaseOwner: string | null;
  leaseUntil: IsoTime | null;
  createdAt: IsoTime;
  updatedAt: IsoTime;
  succeededAt: IsoTime | null;
  /**
   * When the first counted try of the record's current retry budget failed: set by a counted
   * failure while `attempts` is 0 (a new or changed payload, or a retry by hand), kept by later
   * failures. The runtime reads it only while `attempts` > 0: a time-based budget (e.g. 24 h) runs
   * from it. Optional so that test doubles may omit it; both stores fill it.
   */
  firstFailedAt?: IsoTime | null;
  /**
   * Since when a write of this document may have reached the target without its reply being
   * recorded (a timeout or 5xx after sending, a process stopped mid-write, a lease taken over).
   * While set, the next write reads the target back before writing, and an unchanged payload is
   * not taken as already written. Only a recorded success clears it; ingest never does. Optional
   * so that test doubles may omit it; both stores always fill it (null when the ledger is sure).
   */
  outcomeUnknownSince?: IsoTime | null;
  /**
   * When the document's current wait on a missing lookup began: set by its first park, kept while
   * it stays parked (and when it goes dead for waiting too long), cleared by any other outcome and
   * by an operator's requeue. Optional so that test doubles may omit it; both stores fill it.
   */
  parkedSince?: IsoTime | null;
  /** How many times the document was parked in its current wait (0 when not waiting). */
  parkCount?: number;
}

/** A parked record as `listParked` gives it: what it waits for is in `lastError.details`. */
export interface ParkedRecord {
  key: string;
  lastError: SerializedError | null;
  parkedSince: IsoTime | null;
  parkCount: number;
}

/** A document read and mapped during a run, to be recorded before anything is written. */
export interface IngestDocument {
  key: string;
  source: unknown;
  sourceVersion: string | null;
  /** null when mapping failed (`error` says why) or a lookup is missing (`error.kind` = lookup_missing). */
  payload: unknown | null;
  payloadHash: string | null;
  error?: SerializedError;
  /** When to look again at a parked/failed document (lookup missing, record error: null = only by hand). */
  nextAttemptAt?: IsoTime | null;
}

/**
 * What ingest decided for a document:
 * - new:       first time seen; status pending (or failed/parked when `error` was given)
 * - changed:   payload hash differs from the last pushed one; reset to pending, attempts 0
 * - unchanged: payload hash equals the pushed hash; no write needed (status kept)
 * - held:      same payload already pending/failed/dead/skipped/writing; left as it is
 */
export type IngestOutcome = 'new' | 'changed' | 'unchanged' | 'held';

export interface ClaimOptions {
  /** Worker identity holding the lease (host:pid:random). */
  owner: string;
  /** Most records to claim at once. */
  limit: number;
  /** Lease length (milliseconds); an unfinished record becomes claimable again after it. */
  leaseMs: number;
  now?: IsoTime;
  /** Also claim parked records whose nextAttemptAt has come (default true). */
  includeParked?: boolean;
}

export interface SuccessUpdate {
  runId: string | null;
  payloadHash: string;
  /** The payload that was written (it becomes `previousPayload` on the next success). */
  payload: unknown;
  targetReply: unknown;
  targetIds: Record<string, unknown> | null;
}

/**
 * One success of a group recorded by `Ledger.markSucceededMany` (added for issue #4: the
 * runtime records a claim's successes in one transaction instead of two writes per record).
 */
export interface SuccessItem {
  key: string;
  update: SuccessUpdate;
  /** Attempt row written in the same transaction, as given (its own schemeId/key are used). */
  attempt?: AttemptEntry;
}

export interface FailureUpdate {
  runId: string | null;
  error: SerializedError;
  /** failed (with nextAttemptAt = retry time, or null for no automatic retry), parked, or dead. */
  status: 'failed' | 'parked' | 'dead';
  nextAttemptAt: IsoTime | null;
  /** Count this as a write try (false for lookups that never reached the target). */
  countAttempt: boolean;
  /** A re-mapped payload (parked records are re-mapped when claimed). */
  payload?: unknown | null;
  payloadHash?: string | null;
}

export interface AttemptEntry {
  schemeId: string;
  key: string;
  runId: string | null;
  at: IsoTime;
  outcome: 'succeeded' | 'failed' | 'parked' | 'dead' | 'outcome_unknown';
  durationMs: number;
  error: SerializedError | null;
}

export interface RecordFilter {
  schemeId?: string;
  status?: RecordStatus | RecordStatus[];
  /** Exact key, or a prefix when it ends with '*'. */
  key?: string;
  updatedFrom?: IsoTime;
  updatedTo?: IsoTime;
  limit?: number;
  offset?: number;
}

/**
 * How a run ended. target_unavailable: the target connection stayed down (its circuit breaker
 * open) past the breaker's waitInRunMs; what was read is recorded and its documents wait.
 */
export const RUN_STATUSES = ['running', 'succeeded', 'partial', 'failed', 'aborted', 'target_unavailable'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunCounts {
  read: number; // source rows read
  documents: number; // grouped documents after filters
  pushed: number; // written successfully in this run
  skipped: number; // unchanged, no write needed
  failed: number; // failed, parked or dead in this run
  retried: number; // writes that were retries of earlier failures
}

export interface RunRecord {
  id: string;
  schemeId: string;
  trigger: 'schedule' | 'manual' | 'cli' | 'api' | 'retry';
  status: RunStatus;
  startedAt: IsoTime;
  finishedAt: IsoTime | null;
  durationMs: number | null;
  counts: RunCounts;
  /** Cursor before and after the run. */
  cursorFrom: string | null;
  cursorTo: string | null;
  error: SerializedError | null;
}

export interface SchemeCursor {
  schemeId: string;
  value: string | null;
  updatedAt: IsoTime;
}

export interface StatusCounts {
  schemeId: string;
  counts: Record<RecordStatus, number>;
}

/**
 * The durable ledger. Every method is atomic on its own; `ingest` records a batch of documents
 * and advances the cursor in one transaction, so the cursor never passes a document that is not
 * durably recorded. Implementations: SQLite (embedded default) and PostgreSQL (several workers).
 */
export interface Ledger extends RuntimeLedger, OperatorLedger {}

/** The write path: what the runtime (runs, ingest, writes, recovery) does to the ledger. */
export interface RuntimeLedger {
  /** Creates or upgrades the schema (numbered, append-only migrations). */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * Records documents and, in the same transaction, moves the cursor to `cursor` when given
   * (undefined leaves it; null clears it). One outcome per document, in order; a failure records
   * nothing. Rules: new → pending (failed/parked with the error when `error` is given; parked for
   * lookup_missing); payloadHash = pushedHash → unchanged (becomes/stays succeeded, source and
   * sourceVersion refreshed); same payloadHash as a not-succeeded record → held (untouched);
   * otherwise → changed (pending, attempts 0, error/lease/nextAttemptAt cleared, whatever the
   * status was, dead and skipped included). An `error` document is held when the stored source is
   * identical and the record is succeeded/dead/skipped/writing or failed/parked without payload
   * for the same error code. A repeated key in one batch is decided against the earlier one.
   * Park clock: a document recorded parked counts one park and continues the wait its record was
   * in (unless that record was dead: a changed document gets a fresh wait, as it gets fresh tries);
   * any other written state clears the clock.
   * Outcome unknown: ingest never clears `outcomeUnknownSince`, and a record carrying it is never
   * `unchanged` (the target may hold a later write than pushedHash says): it becomes pending.
   */
  ingest(
    schemeId: string,
    runId: string | null,
    documents: IngestDocument[],
    cursor?: string | null,
  ): Promise<IngestOutcome[]>;
  /**
   * Leases due records: pending; failed/parked with nextAttemptAt <= now; writing with an expired
   * lease. Oldest `updatedAt` first (then key). Claiming counts no attempt and keeps updatedAt.
   * Concurrent claimers (other processes, other PostgreSQL workers) never get the same record.
   * Taking over an expired `writing` lease sets `outcomeUnknownSince` (now, unless already set):
   * the owner that lost it may have sent the write.
   */
  claimDue(schemeId: string, options: ClaimOptions): Promise<LedgerRecord[]>;
  /** Gives back leases held by `owner` without counting a try (graceful shutdown); they become pending. */
  releaseLeases(owner: string): Promise<number>;
  /**
   * Records a successful write: pushedHash/pushedPayload = the written payload (the one pushed
   * before moves to previousPayload when different), reply, targetIds, succeededAt; clears lease,
   * lastError, nextAttemptAt and the park clock; attempts + 1; status succeeded; payload/payloadHash = the written
   * ones (a re-mapped parked record). If ingest changed the record while it was being written
   * (it is no longer 'writing' and its payloadHash differs), only the push is recorded and the
   * record stays due for its newer payload. Throws `store.record_not_found` for an unknown key.
   * `attempt`, when given, is recorded in the same transaction (as `addAttempt` would; nothing of
   * either is written when the key is unknown).
   * A recorded success is the one thing that clears `outcomeUnknownSince` (also when only the push
   * is recorded: its reply tells what the target holds).
   */
  markSucceeded(schemeId: string, key: string, update: SuccessUpdate, attempt?: AttemptEntry): Promise<void>;
  /**
   * `markSucceeded` (with its optional attempt) for each item, in order, in one transaction
   * (SQLite: one write transaction; PostgreSQL: one statement when the keys are distinct). All or
   * nothing: an unknown key throws `store.record_not_found` and records none of the group. An
   * empty list does nothing.
   */
  markSucceededMany(schemeId: string, items: SuccessItem[]): Promise<void>;
  /**
   * Applies the FailureUpdate, clears the lease, attempts + 1 when `countAttempt` (and a counted
   * failure at attempts 0 sets `firstFailedAt` to now). Ignored when the
   * record is pending without a lease (changed by ingest, requeued or released since the claim).
   * Park clock: parked → parkCount + 1 and parkedSince kept (now when it was not waiting); dead on
   * a lookup_missing error (waited too long) → both kept; anything else → cleared. Throws
   * `store.record_not_found` for an unknown key.
   * An `outcome_unknown` error sets `outcomeUnknownSince` (now, unless already set) even when the
   * rest of the update is ignored; no failure clears it.
   */
  markFailed(schemeId: string, key: string, update: FailureUpdate): Promise<void>;
  addAttempt(entry: AttemptEntry): Promise<void>;
  /**
   * Makes the scheme's parked records due now (a lookup they wait for may have arrived), keeping
   * their status, tries and park clock: unlike `requeue`, waking starts no new wait. Returns how many.
   */
  wakeParked(schemeId: string): Promise<number>;
  /** The scheme's parked records, longest waiting first (at most `limit`, default 1000), without their bodies. */
  listParked(schemeId: string, limit?: number): Promise<ParkedRecord[]>;
  /** Looks up target ids of documents other schemes have synced (e.g. customer number → company_id). */
  getTargetIds(schemeId: string, key: string): Promise<Record<string, unknown> | null>;
  startRun(schemeId: string, trigger: RunRecord['trigger'], cursorFrom: string | null): Promise<RunRecord>;
  finishRun(
    runId: string,
    result: { status: RunStatus; counts: RunCounts; cursorTo: string | null; error: SerializedError | null },
  ): Promise<RunRecord>;
  /** Marks runs left 'running' that started before `olderThan` as aborted (error code `run.aborted`). */
  abortStaleRuns(olderThan: IsoTime): Promise<number>;
}

/**
 * What an operator sees and does through the API, the CLI and alerts: records, runs and cursors,
 * and the operator actions (retry, skip, move the cursor). The engine exposes only this half.
 */
export interface OperatorLedger extends AuditLedger {
  getCursor(schemeId: string): Promise<SchemeCursor | null>;
  /** Moves the cursor by hand (re-sync a period, or skip ahead). */
  setCursor(schemeId: string, value: string | null): Promise<void>;
  getRecord(schemeId: string, key: string): Promise<LedgerRecord | null>;
  /** Newest updatedAt first; limit defaults to 100; `total` ignores paging. */
  listRecords(filter: RecordFilter): Promise<{ records: LedgerRecord[]; total: number }>;
  /** Newest first; limit defaults to 50. */
  listAttempts(schemeId: string, key: string, limit?: number): Promise<AttemptEntry[]>;
  countByStatus(schemeId?: string): Promise<StatusCounts[]>;
  /** Earliest nextAttemptAt among failed/parked records of the scheme (for the scheduler). */
  nextDueAt(schemeId: string): Promise<IsoTime | null>;
  /**
   * Makes records due now with attempts reset: by key, or all with the given statuses. Returns how
   * many. Records under a live lease are left alone; lastError stays until the next outcome. A
   * parked or dead record's park clock restarts (an operator's retry gives it a fresh wait).
   */
  requeue(schemeId: string, selector: { key: string } | { statuses: RecordStatus[] }): Promise<number>;
  /**
   * Marks a record skipped (an operator's decision); a later payload change makes it pending again.
   * The reason is kept as lastError (code `ledger.skipped`). False when the key is unknown or leased.
   */
  skip(schemeId: string, key: string, reason: string): Promise<boolean>;
  getRun(runId: string): Promise<RunRecord | null>;
  /** Newest first; `since` keeps runs started at or after it; limit defaults to 50. */
  listRuns(filter: { schemeId?: string; limit?: number; offset?: number; since?: IsoTime }): Promise<RunRecord[]>;
  /** The latest finished run per scheme with status succeeded or partial (for preconditions). */
  lastSuccessfulRun(schemeId: string): Promise<RunRecord | null>;
}

/** One state-changing API call (issue 11): who, what, when, from where, and how it ended. */
export interface AuditEntry {
  id: number;
  at: IsoTime;
  /** The token's name (`admin` for the primary token), or `anonymous` for a refused login. */
  actor: string;
  role: string | null;
  method: string;
  /** The request path as sent (percent-encoded), e.g. /api/schemes/orders/run. */
  path: string;
  /** The HTTP status of the answer. */
  status: number;
  /** The peer's address, as the socket saw it. */
  remote: string | null;
  /** A small, secret-free summary of the request (query, body fields; long text as a hash). */
  details: unknown | null;
}

export interface AuditFilter {
  actor?: string;
  /** Entries at or after this time. */
  since?: IsoTime;
  limit?: number;
  offset?: number;
}

/** The audit log: appended by the API for every state-changing call, read by `GET /api/audit` and `qiao audit`. */
export interface AuditLedger {
  addAuditEntry(entry: Omit<AuditEntry, 'id'>): Promise<void>;
  /** Newest first (then highest id); limit defaults to 100; `total` ignores paging. */
  listAuditEntries(filter?: AuditFilter): Promise<{ entries: AuditEntry[]; total: number }>;
}
