import { sql, type Kysely } from 'kysely';
import { attemptRow } from '../ledger-write-queries.js';
import type { LedgerDatabase } from '../ledger-tables.js';
import type { IsoTime, SuccessItem } from '../ledger.js';

/**
 * Records a group of successes and their attempts in ONE statement (one round trip): the items
 * travel as one jsonb array, an UPDATE … FROM applies the markSucceeded rules (same CASEs as
 * ledger-write-queries.ts applySuccess) and an INSERT adds the attempts. Both only act when every
 * key exists (no ledger row is ever deleted, so the count cannot change under the statement), which
 * makes the group all-or-nothing without a transaction. Keys must be distinct: UPDATE … FROM
 * applies one arbitrary item per row. Returns the unknown keys (empty: everything was written).
 */
export async function succeedManyInOneStatement(
  db: Kysely<LedgerDatabase>,
  schemeId: string,
  items: SuccessItem[],
  now: IsoTime,
): Promise<string[]> {
  // JSON.stringify of the whole group: undefined and null become SQL NULL, as encodeJson does.
  const itemsJson = JSON.stringify(
    items.map((i) => ({
      key: i.key,
      hash: i.update.payloadHash,
      payload: i.update.payload ?? null,
      reply: i.update.targetReply ?? null,
      ids: i.update.targetIds ?? null,
      run_id: i.update.runId,
    })),
  );
  // The error travels as a JSON value (attemptRow's is column text, which would become a jsonb string).
  const attemptsJson = JSON.stringify(
    items.flatMap((i) => (i.attempt ? [{ ...attemptRow(i.attempt), error: i.attempt.error ?? null }] : [])),
  );
  const applies = sql`(r.status = 'writing' OR r.payload_hash = i.hash)`;
  // The planner cannot see how few rows jsonb_to_recordset yields; naming the keys as an array
  // makes it look them up by primary key instead of scanning the scheme's records.
  const keys = sql`${items.map((i) => i.key)}::text[]`;
  const { rows } = await sql<{ missing: string[] | null }>`
    WITH items AS (
      SELECT * FROM jsonb_to_recordset(${itemsJson}::jsonb) AS x(key text, hash text, payload jsonb, reply jsonb, ids jsonb, run_id text)
    ),
    missing AS (
      SELECT i.key FROM items i
      WHERE NOT EXISTS (SELECT 1 FROM ledger_records r WHERE r.scheme_id = ${schemeId} AND r.key = ANY(${keys}) AND r.key = i.key)
    ),
    upd AS (
      UPDATE ledger_records r SET
        status = CASE WHEN ${applies} THEN 'succeeded' WHEN r.status = 'succeeded' THEN 'pending' ELSE r.status END,
        attempts = CASE WHEN ${applies} THEN r.attempts + 1 ELSE r.attempts END,
        payload = CASE WHEN ${applies} THEN i.payload ELSE r.payload END,
        payload_hash = CASE WHEN ${applies} THEN i.hash ELSE r.payload_hash END,
        last_error = CASE WHEN ${applies} THEN NULL ELSE r.last_error END,
        next_attempt_at = CASE WHEN ${applies} THEN NULL ELSE r.next_attempt_at END,
        previous_payload = CASE WHEN r.pushed_hash IS NOT NULL AND r.pushed_hash <> i.hash THEN r.pushed_payload ELSE r.previous_payload END,
        park_count = CASE WHEN ${applies} THEN 0 ELSE r.park_count END,
        parked_since = CASE WHEN ${applies} THEN NULL ELSE r.parked_since END,
        pushed_payload = i.payload, pushed_hash = i.hash, target_reply = i.reply, target_ids = i.ids,
        lease_owner = NULL, lease_until = NULL, last_run_id = i.run_id, succeeded_at = ${now}::timestamptz, updated_at = ${now}::timestamptz,
        outcome_unknown_since = NULL
      FROM items i
      WHERE r.scheme_id = ${schemeId} AND r.key = ANY(${keys}) AND r.key = i.key AND NOT EXISTS (SELECT 1 FROM missing)
      RETURNING r.key
    ),
    ins AS (
      INSERT INTO ledger_attempts (scheme_id, key, run_id, at, outcome, duration_ms, error)
      SELECT a.scheme_id, a.key, a.run_id, a.at, a.outcome, a.duration_ms, a.error
      FROM jsonb_to_recordset(${attemptsJson}::jsonb) AS a(scheme_id text, key text, run_id text, at timestamptz, outcome text, duration_ms bigint, error jsonb)
      WHERE NOT EXISTS (SELECT 1 FROM missing)
    )
    SELECT (SELECT array_agg(key) FROM missing) AS missing`.execute(db);
  return rows[0]?.missing ?? [];
}
