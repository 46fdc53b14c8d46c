import { encodeJson, normalizeIso, toIso } from './ledger-rows.js';
import type { StoreDialect } from './ledger-dialect.js';
import type { AuditEntry, AuditFilter } from './ledger.js';

/** The audit log table (migration 0005): appended, never updated. */
export class AuditQueries {
  constructor(private readonly d: StoreDialect) {}

  async add(entry: Omit<AuditEntry, 'id'>): Promise<void> {
    await this.d.write((db) =>
      db
        .insertInto('audit_log')
        .values({
          at: normalizeIso(entry.at, 'at'),
          actor: entry.actor,
          role: entry.role,
          method: entry.method,
          path: entry.path,
          status: entry.status,
          remote: entry.remote,
          details: encodeJson(entry.details),
        })
        .execute(),
    );
  }

  async list(filter: AuditFilter = {}): Promise<{ entries: AuditEntry[]; total: number }> {
    const since = normalizeIso(filter.since, 'since');
    const base = this.d.db
      .selectFrom('audit_log')
      .$if(filter.actor !== undefined, (qb) => qb.where('actor', '=', filter.actor!))
      .$if(since !== null, (qb) => qb.where('at', '>=', since!));
    const [countRow, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      base
        .selectAll()
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(Math.max(0, filter.limit ?? 100))
        .offset(Math.max(0, filter.offset ?? 0))
        .execute(),
    ]);
    return {
      total: Number(countRow.n),
      entries: rows.map((r) => ({
        id: Number(r.id),
        at: toIso(r.at),
        actor: r.actor,
        role: r.role,
        method: r.method,
        path: r.path,
        status: Number(r.status),
        remote: r.remote,
        details: r.details === null ? null : this.d.decodeJson(r.details),
      })),
    };
  }
}
