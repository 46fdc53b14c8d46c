import { randomUUID } from 'node:crypto';
import { IntegrationError, type SerializedError } from '../core/errors.js';
import { encodeJson, normalizeIso, rowToRun, toIso } from './ledger-rows.js';
import type { StoreDialect } from './ledger-dialect.js';
import type { IsoTime, RunCounts, RunRecord, RunStatus, SchemeCursor } from './ledger.js';

const ZERO_COUNTS: RunCounts = { read: 0, documents: 0, pushed: 0, skipped: 0, failed: 0, retried: 0 };

/** Runs and cursors: the part of the ledger that is not per record. */
export class RunQueries {
  constructor(
    private readonly d: StoreDialect,
    private readonly now: () => IsoTime,
  ) {}

  async getCursor(schemeId: string): Promise<SchemeCursor | null> {
    const row = await this.d.db
      .selectFrom('ledger_cursors')
      .selectAll()
      .where('scheme_id', '=', schemeId)
      .executeTakeFirst();
    return row ? { schemeId: row.scheme_id, value: row.value, updatedAt: toIso(row.updated_at) } : null;
  }

  async setCursor(schemeId: string, value: string | null): Promise<void> {
    await this.d.write(async (db) => {
      await db
        .insertInto('ledger_cursors')
        .values({ scheme_id: schemeId, value, updated_at: this.now() })
        .onConflict((oc) =>
          oc
            .column('scheme_id')
            .doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: eb.ref('excluded.updated_at') })),
        )
        .execute();
    });
  }

  async startRun(schemeId: string, trigger: RunRecord['trigger'], cursorFrom: string | null): Promise<RunRecord> {
    const run: RunRecord = {
      id: randomUUID(),
      schemeId,
      trigger,
      status: 'running',
      startedAt: this.now(),
      finishedAt: null,
      durationMs: null,
      counts: { ...ZERO_COUNTS },
      cursorFrom,
      cursorTo: null,
      error: null,
    };
    await this.d.write((db) =>
      db
        .insertInto('ledger_runs')
        .values({
          id: run.id,
          scheme_id: schemeId,
          trigger,
          status: 'running',
          started_at: run.startedAt,
          cursor_from: cursorFrom,
          ...countColumns(run.counts),
        })
        .execute(),
    );
    return run;
  }

  /** Finishes a run: finishedAt = now, durationMs = finishedAt − startedAt. Throws `store.run_not_found`. */
  async finishRun(
    runId: string,
    result: { status: RunStatus; counts: RunCounts; cursorTo: string | null; error: SerializedError | null },
  ): Promise<RunRecord> {
    const run = await this.getRun(runId);
    if (!run) throw runNotFound(runId);
    const finishedAt = this.now();
    const durationMs = Math.max(0, Date.parse(finishedAt) - Date.parse(run.startedAt));
    await this.d.write((db) =>
      db
        .updateTable('ledger_runs')
        .set({
          status: result.status,
          finished_at: finishedAt,
          duration_ms: durationMs,
          cursor_to: result.cursorTo,
          error: encodeJson(result.error),
          ...countColumns(result.counts),
        })
        .where('id', '=', runId)
        .execute(),
    );
    return {
      ...run,
      status: result.status,
      finishedAt,
      durationMs,
      counts: { ...ZERO_COUNTS, ...result.counts },
      cursorTo: result.cursorTo,
      error: result.error,
    };
  }

  async getRun(runId: string): Promise<RunRecord | null> {
    const row = await this.d.db.selectFrom('ledger_runs').selectAll().where('id', '=', runId).executeTakeFirst();
    return row ? rowToRun(row, this.d.decodeJson) : null;
  }

  /** Newest first; `since` keeps runs started at or after it; limit defaults to 50. */
  async listRuns(filter: {
    schemeId?: string;
    limit?: number;
    offset?: number;
    since?: IsoTime;
  }): Promise<RunRecord[]> {
    const since = normalizeIso(filter.since, 'since');
    const rows = await this.d.db
      .selectFrom('ledger_runs')
      .selectAll()
      .$if(filter.schemeId !== undefined, (qb) => qb.where('scheme_id', '=', filter.schemeId!))
      .$if(since !== null, (qb) => qb.where('started_at', '>=', since!))
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(0, filter.limit ?? 50))
      .offset(Math.max(0, filter.offset ?? 0))
      .execute();
    return rows.map((r) => rowToRun(r, this.d.decodeJson));
  }

  async lastSuccessfulRun(schemeId: string): Promise<RunRecord | null> {
    const row = await this.d.db
      .selectFrom('ledger_runs')
      .selectAll()
      .where('scheme_id', '=', schemeId)
      .where('status', 'in', ['succeeded', 'partial'])
      .where('finished_at', 'is not', null)
      .orderBy('finished_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? rowToRun(row, this.d.decodeJson) : null;
  }

  /** Runs still 'running' that started before `olderThan` become 'aborted' with error `run.aborted`. */
  async abortStaleRuns(olderThan: IsoTime): Promise<number> {
    const cutoff = normalizeIso(olderThan, 'olderThan');
    return this.d.transaction(async (trx) => {
      const stale = await trx
        .selectFrom('ledger_runs')
        .select(['id', 'started_at'])
        .where('status', '=', 'running')
        .where('started_at', '<', cutoff)
        .execute();
      const finishedAt = this.now();
      const error: SerializedError = {
        name: 'IntegrationError',
        code: 'run.aborted',
        kind: 'internal',
        message:
          'The process running this run stopped before it finished; records it had claimed become due again when their leases expire.',
      };
      for (const row of stale) {
        const durationMs = Math.max(0, Date.parse(finishedAt) - Date.parse(toIso(row.started_at)));
        await trx
          .updateTable('ledger_runs')
          .set({ status: 'aborted', finished_at: finishedAt, duration_ms: durationMs, error: encodeJson(error) })
          .where('id', '=', row.id)
          .where('status', '=', 'running')
          .execute();
      }
      return stale.length;
    });
  }
}

function countColumns(counts: Partial<RunCounts>) {
  const c = { ...ZERO_COUNTS, ...counts };
  return {
    count_read: c.read,
    count_documents: c.documents,
    count_pushed: c.pushed,
    count_skipped: c.skipped,
    count_failed: c.failed,
    count_retried: c.retried,
  };
}

function runNotFound(runId: string): IntegrationError {
  return new IntegrationError(
    `Run ${runId} is not in the ledger; finish only runs returned by startRun on the same database.`,
    {
      code: 'store.run_not_found',
      kind: 'internal',
      details: { runId },
    },
  );
}
