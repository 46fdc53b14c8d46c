import type { SerializedError } from '../core/errors.js';
import { IntegrationError } from '../core/errors.js';
import { contentHash } from './stable-hash.js';
import type { IngestDocument, IngestOutcome, IsoTime, RecordStatus } from './ledger.js';

/** What ingest needs to know about a record that is already in the ledger. */
export interface IngestExisting {
  status: RecordStatus;
  attempts: number;
  payloadHash: string | null;
  pushedHash: string | null;
  nextAttemptAt: IsoTime | null;
  lastError: SerializedError | null;
  leaseOwner: string | null;
  leaseUntil: IsoTime | null;
  updatedAt: IsoTime;
  /** The stored source; only loaded when a document of the batch carries an error. */
  source?: unknown;
}

/** The columns ingest writes (insert of a new record, or update of an existing one). */
export interface IngestWrite {
  key: string;
  status: RecordStatus;
  attempts: number;
  nextAttemptAt: IsoTime | null;
  lastError: SerializedError | null;
  source: unknown;
  payload: unknown;
  payloadHash: string | null;
  sourceVersion: string | null;
  leaseOwner: string | null;
  leaseUntil: IsoTime | null;
  updatedAt: IsoTime;
}

export interface IngestDecision {
  outcome: IngestOutcome;
  /** null: leave the stored record exactly as it is. */
  write: IngestWrite | null;
}

/** Statuses an operator or the retry policy put a record in; they stick while the source is the same. */
const STICKY_ERROR_STATUSES: ReadonlySet<RecordStatus> = new Set(['succeeded', 'dead', 'skipped']);

/**
 * Decides what one ingested document does to the ledger (pure; no I/O). Rules:
 * - new key: pending, or failed/parked (`error.kind` lookup_missing → parked) with the error and
 *   `nextAttemptAt` when the document carries an error;
 * - document with an error (payload could not be built): held when the stored source is identical
 *   and the record is succeeded/dead/skipped, writing under a live lease, or already failed/parked
 *   without payload for the same error code (keeps its retry schedule); otherwise failed/parked
 *   ('changed', attempts 0);
 * - payloadHash = pushedHash: 'unchanged'; the record becomes (or stays) succeeded, source and
 *   sourceVersion refreshed, updatedAt kept when it already was succeeded;
 * - payloadHash = current payloadHash of a not-succeeded record: 'held', untouched;
 * - anything else: 'changed' → pending, attempts 0, error/lease/nextAttemptAt cleared.
 */
export function decideIngest(existing: IngestExisting | undefined, doc: IngestDocument, now: IsoTime): IngestDecision {
  const payloadHash =
    doc.payloadHash ?? (doc.payload === null || doc.payload === undefined ? null : contentHash(doc.payload));
  if (!doc.error && payloadHash === null) {
    throw new IntegrationError(
      `Document "${doc.key}" has neither a payload nor an error; the runtime must give one of them.`,
      {
        code: 'store.ingest_invalid_document',
        kind: 'internal',
      },
    );
  }
  const base = {
    key: doc.key,
    source: doc.source,
    payload: doc.payload ?? null,
    payloadHash,
    sourceVersion: doc.sourceVersion,
    updatedAt: now,
  };
  if (doc.error) {
    const errorState = {
      ...base,
      status: (doc.error.kind === 'lookup_missing' ? 'parked' : 'failed') as RecordStatus,
      attempts: 0,
      nextAttemptAt: doc.nextAttemptAt ?? null,
      lastError: doc.error,
      leaseOwner: null,
      leaseUntil: null,
    };
    if (!existing) return { outcome: 'new', write: errorState };
    if (holdsErrorDocument(existing, doc, now)) return { outcome: 'held', write: null };
    return { outcome: 'changed', write: errorState };
  }
  const fresh = { ...base, attempts: 0, nextAttemptAt: null, lastError: null, leaseOwner: null, leaseUntil: null };
  if (!existing) return { outcome: 'new', write: { ...fresh, status: 'pending' } };
  if (payloadHash === existing.pushedHash) {
    const wasSucceeded = existing.status === 'succeeded';
    return {
      outcome: 'unchanged',
      write: {
        ...fresh,
        status: 'succeeded',
        attempts: wasSucceeded ? existing.attempts : 0,
        updatedAt: wasSucceeded ? existing.updatedAt : now,
      },
    };
  }
  if (payloadHash === existing.payloadHash && existing.status !== 'succeeded') return { outcome: 'held', write: null };
  return { outcome: 'changed', write: { ...fresh, status: 'pending' } };
}

function holdsErrorDocument(existing: IngestExisting, doc: IngestDocument, now: IsoTime): boolean {
  if (!('source' in existing) || contentHash(existing.source) !== contentHash(doc.source)) return false;
  if (STICKY_ERROR_STATUSES.has(existing.status)) return true;
  if (existing.status === 'writing') return existing.leaseUntil !== null && existing.leaseUntil >= now;
  const sameError = existing.lastError?.code === doc.error?.code;
  return (existing.status === 'failed' || existing.status === 'parked') && existing.payloadHash === null && sameError;
}

/** The state a later document of the same batch and key is decided against. */
export function afterWrite(
  existing: IngestExisting | undefined,
  write: IngestWrite | null,
): IngestExisting | undefined {
  if (!write) return existing;
  return {
    status: write.status,
    attempts: write.attempts,
    payloadHash: write.payloadHash,
    pushedHash: existing?.pushedHash ?? null,
    nextAttemptAt: write.nextAttemptAt,
    lastError: write.lastError,
    leaseOwner: write.leaseOwner,
    leaseUntil: write.leaseUntil,
    updatedAt: write.updatedAt,
    source: write.source,
  };
}
