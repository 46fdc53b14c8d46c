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
  parkedSince: IsoTime | null;
  parkCount: number;
  /** Set while a write may have landed unrecorded; ingest keeps it and never calls such a record unchanged. */
  outcomeUnknownSince?: IsoTime | null;
  /** The stored source; only loaded when a document of the batch carries an error. */
  source?: unknown;
}

/** The columns ingest writes (insert of a new record, or update of an existing one). */
export interface IngestWrite {
  key: string;
  /** Kept from the record; set when the record was being written (that write may still land). */
  outcomeUnknownSince: IsoTime | null;
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
  parkedSince: IsoTime | null;
  parkCount: number;
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
 * - every written state keeps the record's outcome-unknown marker, and sets it when the record was
 *   being written: the write in flight (or cut short) may land after this;
 * - payloadHash = pushedHash and no outcome-unknown marker: 'unchanged'; the record becomes (or
 *   stays) succeeded, source and sourceVersion refreshed, updatedAt kept when it already was
 *   succeeded (with the marker the target may hold a later write, so the rules below apply);
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
    outcomeUnknownSince: inDoubtSince(existing, now),
    source: doc.source,
    payload: doc.payload ?? null,
    payloadHash,
    sourceVersion: doc.sourceVersion,
    updatedAt: now,
  };
  if (doc.error) {
    const parked = doc.error.kind === 'lookup_missing';
    const errorState = {
      ...base,
      ...(parked ? parkClock(existing, now) : NOT_WAITING),
      status: (parked ? 'parked' : 'failed') as RecordStatus,
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
  const fresh = {
    ...base,
    ...NOT_WAITING,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    leaseOwner: null,
    leaseUntil: null,
  };
  if (!existing) return { outcome: 'new', write: { ...fresh, status: 'pending' } };
  if (payloadHash === existing.pushedHash && !base.outcomeUnknownSince) {
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

const NOT_WAITING = { parkedSince: null, parkCount: 0 } as const;

/** The record's outcome-unknown marker after ingest: kept, and set now for a record being written. */
function inDoubtSince(existing: IngestExisting | undefined, now: IsoTime): IsoTime | null {
  if (!existing) return null;
  return existing.outcomeUnknownSince ?? (existing.status === 'writing' ? now : null);
}

/** One more park: the record's current wait goes on (a dead record's does not: a change starts afresh). */
function parkClock(existing: IngestExisting | undefined, now: IsoTime): { parkedSince: IsoTime; parkCount: number } {
  if (existing && existing.parkedSince !== null && existing.status !== 'dead')
    return { parkedSince: existing.parkedSince, parkCount: existing.parkCount + 1 };
  return { parkedSince: now, parkCount: 1 };
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
    parkedSince: write.parkedSince,
    parkCount: write.parkCount,
    outcomeUnknownSince: write.outcomeUnknownSince,
    source: write.source,
  };
}
