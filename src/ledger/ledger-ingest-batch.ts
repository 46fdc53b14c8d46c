import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { SerializedError } from '../core/errors.js';
import { afterWrite, decideIngest, type IngestExisting, type IngestWrite } from './ledger-ingest.js';
import { encodeJson, normalizeIso, toIso, toNumber } from './ledger-rows.js';
import type { LedgerDatabase } from './ledger-tables.js';
import type { StoreDialect } from './ledger-dialect.js';
import type { IngestDocument, IngestOutcome, IsoTime, RecordStatus } from './ledger.js';

/** Keys per SELECT … IN (…) and rows per multi-row upsert; well under both dialects' parameter limits. */
const CHUNK = 500;

export interface IngestBatch {
  schemeId: string;
  runId: string | null;
  documents: IngestDocument[];
  /** undefined: leave the cursor; null or a value: set it in the same transaction. */
  cursor: string | null | undefined;
  now: IsoTime;
}

/**
 * Records a batch in one transaction: reads the existing records (locked on PostgreSQL; SQLite's
 * BEGIN IMMEDIATE holds the write lock), decides each document with `decideIngest`, writes the
 * decisions as multi-row upserts of up to 500 rows, then moves the cursor. Any error rolls back
 * everything, so the cursor never passes a document that is not recorded.
 */
export async function ingestBatch(dialect: StoreDialect, batch: IngestBatch): Promise<IngestOutcome[]> {
  const { schemeId, runId, documents, cursor, now } = batch;
  return dialect.transaction(async (trx) => {
    if (dialect.rowLocks) {
      // Rows that do not exist yet cannot be locked: two workers ingesting the same new document
      // would both decide "new", and the second upsert would reset a record the first had already
      // claimed (written twice). One ingest per scheme at a time closes that gap; claims do not
      // take this lock, so they never wait on it.
      await sql`select pg_advisory_xact_lock(hashtext(${`qiao.ingest:${schemeId}`}))`.execute(trx);
    }
    const existing = await loadForIngest(dialect, trx, schemeId, documents);
    const outcomes: IngestOutcome[] = [];
    const writes = new Map<string, IngestWrite>();
    for (const doc of documents) {
      const before = existing.get(doc.key);
      const decision = decideIngest(
        before,
        { ...doc, nextAttemptAt: normalizeIso(doc.nextAttemptAt, 'nextAttemptAt') },
        now,
      );
      outcomes.push(decision.outcome);
      if (decision.write) {
        writes.set(doc.key, decision.write);
        existing.set(doc.key, afterWrite(before, decision.write)!);
      }
    }
    const rows = [...writes.values()];
    for (let i = 0; i < rows.length; i += CHUNK)
      await upsertIngested(trx, schemeId, runId, rows.slice(i, i + CHUNK), now);
    if (cursor !== undefined) {
      await trx
        .insertInto('ledger_cursors')
        .values({ scheme_id: schemeId, value: cursor, updated_at: now })
        .onConflict((oc) =>
          oc
            .column('scheme_id')
            .doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: eb.ref('excluded.updated_at') })),
        )
        .execute();
    }
    return outcomes;
  });
}

async function loadForIngest(
  dialect: StoreDialect,
  trx: Kysely<LedgerDatabase>,
  schemeId: string,
  documents: IngestDocument[],
): Promise<Map<string, IngestExisting>> {
  const found = new Map<string, IngestExisting>();
  const keys = [...new Set(documents.map((d) => d.key))];
  const withSource = new Set(documents.filter((d) => d.error).map((d) => d.key));
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await trx
      .selectFrom('ledger_records')
      .select([
        'key',
        'status',
        'attempts',
        'payload_hash',
        'pushed_hash',
        'next_attempt_at',
        'last_error',
        'lease_owner',
        'lease_until',
        'updated_at',
        'outcome_unknown_since',
        'parked_since',
        'park_count',
      ])
      .where('scheme_id', '=', schemeId)
      .where('key', 'in', keys.slice(i, i + CHUNK))
      .$if(dialect.rowLocks, (qb) => qb.forUpdate())
      .execute();
    for (const r of rows) {
      found.set(r.key, {
        status: r.status as RecordStatus,
        attempts: toNumber(r.attempts),
        payloadHash: r.payload_hash,
        pushedHash: r.pushed_hash,
        nextAttemptAt: toIso(r.next_attempt_at),
        lastError: dialect.decodeJson(r.last_error) as SerializedError | null,
        leaseOwner: r.lease_owner,
        leaseUntil: toIso(r.lease_until),
        updatedAt: toIso(r.updated_at),
        outcomeUnknownSince: toIso(r.outcome_unknown_since),
        parkedSince: toIso(r.parked_since),
        parkCount: toNumber(r.park_count),
      });
    }
  }
  const sourceKeys = [...withSource].filter((k) => found.has(k));
  for (let i = 0; i < sourceKeys.length; i += CHUNK) {
    const rows = await trx
      .selectFrom('ledger_records')
      .select(['key', 'source'])
      .where('scheme_id', '=', schemeId)
      .where('key', 'in', sourceKeys.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) found.get(r.key)!.source = dialect.decodeJson(r.source);
  }
  return found;
}

async function upsertIngested(
  trx: Kysely<LedgerDatabase>,
  schemeId: string,
  runId: string | null,
  rows: IngestWrite[],
  now: IsoTime,
): Promise<void> {
  await trx
    .insertInto('ledger_records')
    .values(
      rows.map((w) => ({
        scheme_id: schemeId,
        key: w.key,
        status: w.status,
        attempts: w.attempts,
        next_attempt_at: w.nextAttemptAt,
        last_error: encodeJson(w.lastError),
        source: encodeJson(w.source),
        payload: encodeJson(w.payload),
        payload_hash: w.payloadHash,
        source_version: w.sourceVersion,
        last_run_id: runId,
        lease_owner: w.leaseOwner,
        lease_until: w.leaseUntil,
        created_at: now,
        updated_at: w.updatedAt,
        outcome_unknown_since: w.outcomeUnknownSince,
        parked_since: w.parkedSince,
        park_count: w.parkCount,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['scheme_id', 'key']).doUpdateSet((eb) => ({
        status: eb.ref('excluded.status'),
        attempts: eb.ref('excluded.attempts'),
        next_attempt_at: eb.ref('excluded.next_attempt_at'),
        last_error: eb.ref('excluded.last_error'),
        source: eb.ref('excluded.source'),
        payload: eb.ref('excluded.payload'),
        payload_hash: eb.ref('excluded.payload_hash'),
        source_version: eb.ref('excluded.source_version'),
        last_run_id: eb.ref('excluded.last_run_id'),
        lease_owner: eb.ref('excluded.lease_owner'),
        lease_until: eb.ref('excluded.lease_until'),
        updated_at: eb.ref('excluded.updated_at'),
        outcome_unknown_since: eb.ref('excluded.outcome_unknown_since'),
        parked_since: eb.ref('excluded.parked_since'),
        park_count: eb.ref('excluded.park_count'),
      })),
    )
    .execute();
}
