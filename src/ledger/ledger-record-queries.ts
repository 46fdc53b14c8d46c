import type { SerializedError } from '../core/errors.js';
import { encodeJson, normalizeIso, rowToAttempt, rowToRecord, toIso, toNumber } from './ledger-rows.js';
import { insertAttempts } from './ledger-write-queries.js';
import type { StoreDialect } from './ledger-dialect.js';
import {
  RECORD_STATUSES,
  type AttemptEntry,
  type IsoTime,
  type LedgerRecord,
  type ParkedRecord,
  type RecordFilter,
  type RecordStatus,
  type StatusCounts,
} from './ledger.js';

/** Highest code point; `prefix + MAX_CHAR` bounds a key-prefix range from above. */
const MAX_CHAR = '\u{10FFFF}';

/** Reads and operator actions on single records (claim/ingest/mark live in KyselyLedger). */
export class RecordQueries {
  constructor(
    private readonly d: StoreDialect,
    private readonly now: () => IsoTime,
  ) {}

  async addAttempt(entry: AttemptEntry): Promise<void> {
    await this.d.write((db) => insertAttempts(db, [entry]));
  }

  /** Newest first; limit defaults to 50. */
  async listAttempts(schemeId: string, key: string, limit = 50): Promise<AttemptEntry[]> {
    const rows = await this.d.db
      .selectFrom('ledger_attempts')
      .selectAll()
      .where('scheme_id', '=', schemeId)
      .where('key', '=', key)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(0, limit))
      .execute();
    return rows.map((r) => rowToAttempt(r, this.d.decodeJson));
  }

  async getRecord(schemeId: string, key: string): Promise<LedgerRecord | null> {
    const row = await this.d.db
      .selectFrom('ledger_records')
      .selectAll()
      .where('scheme_id', '=', schemeId)
      .where('key', '=', key)
      .executeTakeFirst();
    return row ? rowToRecord(row, this.d.decodeJson) : null;
  }

  /**
   * Most recently updated first (then by scheme and key). `key` ending in '*' is a prefix match
   * (case-sensitive); `updatedFrom` is inclusive, `updatedTo` exclusive. limit defaults to 100,
   * offset to 0; `total` counts all matches regardless of paging.
   */
  async listRecords(filter: RecordFilter): Promise<{ records: LedgerRecord[]; total: number }> {
    const statuses =
      filter.status === undefined ? null : Array.isArray(filter.status) ? filter.status : [filter.status];
    const from = normalizeIso(filter.updatedFrom, 'updatedFrom');
    const to = normalizeIso(filter.updatedTo, 'updatedTo');
    const prefix = filter.key?.endsWith('*') ? filter.key.slice(0, -1) : null;
    const base = this.d.db
      .selectFrom('ledger_records')
      .$if(filter.schemeId !== undefined, (qb) => qb.where('scheme_id', '=', filter.schemeId!))
      .$if(statuses !== null, (qb) =>
        statuses!.length === 0 ? qb.where((eb) => eb.lit(false)) : qb.where('status', 'in', statuses!),
      )
      .$if(filter.key !== undefined && prefix === null, (qb) => qb.where('key', '=', filter.key!))
      .$if(prefix !== null && prefix !== '', (qb) =>
        qb.where('key', '>=', prefix!).where('key', '<', prefix + MAX_CHAR),
      )
      .$if(from !== null, (qb) => qb.where('updated_at', '>=', from!))
      .$if(to !== null, (qb) => qb.where('updated_at', '<', to!));
    const [countRow, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      base
        .selectAll()
        .orderBy('updated_at', 'desc')
        .orderBy('scheme_id')
        .orderBy('key')
        .limit(Math.max(0, filter.limit ?? 100))
        .offset(Math.max(0, filter.offset ?? 0))
        .execute(),
    ]);
    return { records: rows.map((r) => rowToRecord(r, this.d.decodeJson)), total: Number(countRow.n) };
  }

  /** Every status appears (0 when none). With `schemeId`, exactly one entry even for an empty scheme. */
  async countByStatus(schemeId?: string): Promise<StatusCounts[]> {
    const rows = await this.d.db
      .selectFrom('ledger_records')
      .select((eb) => ['scheme_id', 'status', eb.fn.countAll().as('n')])
      .$if(schemeId !== undefined, (qb) => qb.where('scheme_id', '=', schemeId!))
      .groupBy(['scheme_id', 'status'])
      .execute();
    const byScheme = new Map<string, Record<RecordStatus, number>>();
    const countsOf = (id: string) => {
      let counts = byScheme.get(id);
      if (!counts)
        byScheme.set(
          id,
          (counts = Object.fromEntries(RECORD_STATUSES.map((s) => [s, 0])) as Record<RecordStatus, number>),
        );
      return counts;
    };
    if (schemeId !== undefined) countsOf(schemeId);
    for (const r of rows) countsOf(r.scheme_id)[r.status as RecordStatus] = Number(r.n);
    return [...byScheme.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, counts]) => ({ schemeId: id, counts }));
  }

  async nextDueAt(schemeId: string): Promise<IsoTime | null> {
    const row = await this.d.db
      .selectFrom('ledger_records')
      .select((eb) => eb.fn.min('next_attempt_at').as('at'))
      .where('scheme_id', '=', schemeId)
      .where('status', 'in', ['failed', 'parked'])
      .executeTakeFirst();
    return toIso((row?.at ?? null) as string | Date | null);
  }

  /** Pending now, attempts 0, nextAttemptAt and lease cleared; lastError kept until the next outcome. */
  async requeue(schemeId: string, selector: { key: string } | { statuses: RecordStatus[] }): Promise<number> {
    if ('statuses' in selector && selector.statuses.length === 0) return 0;
    const now = this.now();
    const result = await this.d.write((db) =>
      db
        .updateTable('ledger_records')
        .set({
          status: 'pending',
          attempts: 0,
          next_attempt_at: null,
          lease_owner: null,
          lease_until: null,
          updated_at: now,
          park_count: 0,
          parked_since: null,
        })
        .where('scheme_id', '=', schemeId)
        .$if('key' in selector, (qb) => qb.where('key', '=', (selector as { key: string }).key))
        .$if('statuses' in selector, (qb) =>
          qb.where('status', 'in', (selector as { statuses: RecordStatus[] }).statuses),
        )
        .where((eb) => eb.not(eb.and([eb('status', '=', 'writing'), eb('lease_until', '>=', now)])))
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows);
  }

  /** Parked → due now (nextAttemptAt = now); status, tries, park clock and updatedAt are kept. */
  async wakeParked(schemeId: string): Promise<number> {
    const now = this.now();
    const result = await this.d.write((db) =>
      db
        .updateTable('ledger_records')
        .set({ next_attempt_at: now })
        .where('scheme_id', '=', schemeId)
        .where('status', '=', 'parked')
        .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '>', now)]))
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows);
  }

  /** Longest waiting first (a record without a park clock yet counts as waiting since its update). */
  async listParked(schemeId: string, limit = 1000): Promise<ParkedRecord[]> {
    const rows = await this.d.db
      .selectFrom('ledger_records')
      .select(['key', 'last_error', 'parked_since', 'park_count', 'updated_at'])
      .where('scheme_id', '=', schemeId)
      .where('status', '=', 'parked')
      .orderBy((eb) => eb.fn.coalesce('parked_since', 'updated_at'))
      .orderBy('key')
      .limit(Math.max(0, limit))
      .execute();
    return rows.map((r) => ({
      key: r.key,
      lastError: this.d.decodeJson(r.last_error) as SerializedError | null,
      parkedSince: toIso(r.parked_since),
      parkCount: toNumber(r.park_count),
    }));
  }

  /** The reason is kept as lastError (code `ledger.skipped`, kind record) so the console shows it. */
  async skip(schemeId: string, key: string, reason: string): Promise<boolean> {
    const now = this.now();
    const error = { name: 'Skipped', code: 'ledger.skipped', kind: 'record' as const, message: reason };
    const result = await this.d.write((db) =>
      db
        .updateTable('ledger_records')
        .set({
          status: 'skipped',
          last_error: encodeJson(error),
          next_attempt_at: null,
          lease_owner: null,
          lease_until: null,
          updated_at: now,
        })
        .where('scheme_id', '=', schemeId)
        .where('key', '=', key)
        .where((eb) => eb.not(eb.and([eb('status', '=', 'writing'), eb('lease_until', '>=', now)])))
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows) > 0;
  }

  async getTargetIds(schemeId: string, key: string): Promise<Record<string, unknown> | null> {
    const row = await this.d.db
      .selectFrom('ledger_records')
      .select('target_ids')
      .where('scheme_id', '=', schemeId)
      .where('key', '=', key)
      .executeTakeFirst();
    return row ? ((this.d.decodeJson(row.target_ids) as Record<string, unknown> | null) ?? null) : null;
  }
}
