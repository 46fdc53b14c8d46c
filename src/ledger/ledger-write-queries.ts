import { sql, type Kysely } from 'kysely';
import { IntegrationError } from '../core/errors.js';
import { encodeJson, normalizeIso } from './ledger-rows.js';
import type { LedgerDatabase } from './ledger-tables.js';
import type { AttemptEntry, FailureUpdate, IsoTime, SuccessUpdate } from './ledger.js';

/**
 * The markSucceeded update on any Kysely connection or transaction (the rules are in the
 * Ledger JSDoc; sqlite/sqlite-hot-path.ts repeats them as SQL text). False: unknown key.
 */
export async function applySuccess(
  db: Kysely<LedgerDatabase>,
  schemeId: string,
  key: string,
  update: SuccessUpdate,
  now: IsoTime,
): Promise<boolean> {
  const h = update.payloadHash;
  const payload = encodeJson(update.payload);
  const result = await db
    .updateTable('ledger_records')
    .set((eb) => {
      const applies = eb.or([eb('status', '=', 'writing'), eb('payload_hash', '=', h)]);
      return {
        status: eb
          .case()
          .when(applies)
          .then('succeeded')
          .when('status', '=', 'succeeded')
          .then('pending')
          .else(eb.ref('status'))
          .end(),
        attempts: eb
          .case()
          .when(applies)
          .then(eb('attempts', '+', 1))
          .else(eb.ref('attempts'))
          .end(),
        payload: eb.case().when(applies).then(payload).else(eb.ref('payload')).end().$castTo<string | null>(),
        payload_hash: eb.case().when(applies).then(h).else(eb.ref('payload_hash')).end(),
        last_error: eb.case().when(applies).then(null).else(eb.ref('last_error')).end().$castTo<string | null>(),
        next_attempt_at: eb
          .case()
          .when(applies)
          .then(null)
          .else(eb.ref('next_attempt_at'))
          .end()
          .$castTo<string | null>(),
        previous_payload: eb
          .case()
          .when(eb.and([eb('pushed_hash', 'is not', null), eb('pushed_hash', '<>', h)]))
          .then(eb.ref('pushed_payload'))
          .else(eb.ref('previous_payload'))
          .end()
          .$castTo<string | null>(),
        pushed_payload: payload,
        pushed_hash: h,
        target_reply: encodeJson(update.targetReply),
        target_ids: encodeJson(update.targetIds),
        lease_owner: null,
        lease_until: null,
        last_run_id: update.runId,
        succeeded_at: now,
        outcome_unknown_since: null,
        updated_at: now,
        park_count: eb.case().when(applies).then(0).else(eb.ref('park_count')).end().$castTo<number>(),
        parked_since: eb.case().when(applies).then(null).else(eb.ref('parked_since')).end().$castTo<string | null>(),
      };
    })
    .where('scheme_id', '=', schemeId)
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The markFailed update. Returns the number of rows changed: 0 for an unknown key, and also for
 * a record that is pending without a lease (changed by ingest, requeued or released since it was
 * claimed: the report is about an older state, and the record must stay due).
 */
export async function applyFailure(
  db: Kysely<LedgerDatabase>,
  schemeId: string,
  key: string,
  update: FailureUpdate,
  now: IsoTime,
): Promise<number> {
  // The marker goes first and on its own: a write that may have landed is never forgotten, even
  // when the rest of the report is ignored (ingest changed the record while it was being written).
  if (update.error.kind === 'outcome_unknown') await markOutcomeUnknown(db, schemeId, key, now);
  const remapped = update.payload !== undefined || update.payloadHash !== undefined;
  const result = await db
    .updateTable('ledger_records')
    .set((eb) => ({
      status: update.status,
      last_error: encodeJson(update.error),
      next_attempt_at: normalizeIso(update.nextAttemptAt, 'nextAttemptAt'),
      attempts: update.countAttempt ? eb('attempts', '+', 1) : eb.ref('attempts'),
      lease_owner: null,
      lease_until: null,
      last_run_id: update.runId,
      updated_at: now,
      ...(remapped ? { payload: encodeJson(update.payload), payload_hash: update.payloadHash ?? null } : {}),
      ...parkClockUpdate(update, now),
      ...(update.countAttempt
        ? {
            first_failed_at: eb
              .case()
              .when('attempts', '=', 0)
              .then(now)
              .else(eb.ref('first_failed_at'))
              .end()
              .$castTo<string | null>(),
          }
        : {}),
    }))
    .where('scheme_id', '=', schemeId)
    .where('key', '=', key)
    .where((eb) => eb.not(eb.and([eb('status', '=', 'pending'), eb('lease_owner', 'is', null)])))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * What a failure does to the park clock: a park counts one more in the current wait; a document
 * dead for waiting too long keeps its wait (what the operator is shown); anything else ends it.
 */
export function parkClockAction(update: Pick<FailureUpdate, 'status' | 'error'>): 'park' | 'keep' | 'clear' {
  if (update.status === 'parked') return 'park';
  return update.status === 'dead' && update.error.kind === 'lookup_missing' ? 'keep' : 'clear';
}

/** markFailed's park clock (sqlite-hot-path.ts repeats it as SQL text). */
function parkClockUpdate(update: FailureUpdate, now: IsoTime) {
  const action = parkClockAction(update);
  if (action === 'keep') return {};
  if (action === 'clear') return { park_count: 0, parked_since: null };
  return {
    park_count: sql<number>`park_count + 1`,
    parked_since: sql<string>`coalesce(parked_since, ${now})`,
  };
}

/** Sets `outcome_unknown_since` to `now` unless it is already set (the earliest doubt is kept). */
export async function markOutcomeUnknown(
  db: Kysely<LedgerDatabase>,
  schemeId: string,
  key: string,
  now: IsoTime,
): Promise<void> {
  await db
    .updateTable('ledger_records')
    .set({ outcome_unknown_since: sql<string>`coalesce(outcome_unknown_since, ${now})` })
    .where('scheme_id', '=', schemeId)
    .where('key', '=', key)
    .execute();
}

/** The ledger_attempts row of an entry: canonical time, whole non-negative milliseconds. */
export function attemptRow(entry: AttemptEntry) {
  return {
    scheme_id: entry.schemeId,
    key: entry.key,
    run_id: entry.runId,
    at: normalizeIso(entry.at, 'at'),
    outcome: entry.outcome,
    duration_ms: Math.max(0, Math.round(entry.durationMs)),
    error: encodeJson(entry.error),
  };
}

/** Inserts attempt rows (one multi-row INSERT); nothing for an empty list. */
export async function insertAttempts(db: Kysely<LedgerDatabase>, entries: AttemptEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insertInto('ledger_attempts').values(entries.map(attemptRow)).execute();
}

export function recordNotFound(schemeId: string, key: string, method: string): IntegrationError {
  return new IntegrationError(
    `${method}: record "${key}" of scheme "${schemeId}" is not in the ledger; ingest it before writing it.`,
    {
      code: 'store.record_not_found',
      kind: 'internal',
      details: { schemeId, key },
    },
  );
}
