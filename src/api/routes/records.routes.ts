import { Hono } from 'hono';
import type { LedgerRecord } from '../../ledger/ledger.js';
import { parkInfo } from '../../runtime/park-info.js';
import { ApiHttpError, notFound } from '../api-error.js';
import { recordRetryQuery, recordsQuery, skipBody } from '../api-schemas.js';
import { diffPayloads } from '../payload-diff.js';
import { readJsonBody, readQuery } from '../request-validation.js';
import { requireScheme, type RouteDeps } from './route-deps.js';

/** The list view of a record: no source or payload bodies. */
export function toRecordSummary(r: LedgerRecord, now: Date = new Date()) {
  return {
    schemeId: r.schemeId,
    key: r.key,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt,
    lastError: r.lastError,
    updatedAt: r.updatedAt,
    succeededAt: r.succeededAt,
    targetIds: r.targetIds,
    park: parkInfo(r, now),
  };
}

/** What a caller may see of a ledger record: lease bookkeeping stays internal. */
function publicRecord(r: LedgerRecord) {
  const { leaseOwner, leaseUntil, ...rest } = r;
  void leaseOwner;
  return {
    ...rest,
    leased: leaseUntil !== null && Date.parse(leaseUntil) > Date.now(),
    park: parkInfo(r, new Date()),
  };
}

/** /api/records/* */
export function recordRoutes({ engine }: RouteDeps): Hono {
  const app = new Hono();

  // A record under a live lease is being written by a worker; an expired lease is fair game.
  const beingWritten = (r: LedgerRecord): boolean =>
    r.status === 'writing' && r.leaseUntil !== null && Date.parse(r.leaseUntil) > Date.now();

  const requireRecord = async (schemeId: string, key: string): Promise<LedgerRecord> => {
    const record = await engine.ledger.getRecord(schemeId, key);
    if (!record) throw notFound('record', `${schemeId}/${key}`);
    return record;
  };

  app.get('/records', async (c) => {
    const q = readQuery(c, recordsQuery);
    const { records, total } = await engine.ledger.listRecords({
      schemeId: q.schemeId,
      status: q.status,
      key: q.key,
      updatedFrom: q.from,
      updatedTo: q.to,
      limit: q.limit,
      offset: q.offset,
    });
    const now = new Date();
    return c.json({ records: records.map((r) => toRecordSummary(r, now)), total });
  });

  app.get('/records/:schemeId/:key', async (c) => {
    const record = await requireRecord(c.req.param('schemeId'), c.req.param('key'));
    const attempts = await engine.ledger.listAttempts(record.schemeId, record.key, 100);
    const diff = record.previousPayload == null ? [] : diffPayloads(record.previousPayload, record.payload);
    return c.json({ record: publicRecord(record), attempts, diff });
  });

  app.post('/records/:schemeId/:key/retry', async (c) => {
    const schemeId = c.req.param('schemeId');
    const key = c.req.param('key');
    const { now } = readQuery(c, recordRetryQuery);
    await requireScheme(engine, schemeId);
    const record = await requireRecord(schemeId, key);
    if (beingWritten(record))
      throw new ApiHttpError(
        409,
        'record.writing',
        `Record "${key}" is being written right now; wait for that write to finish.`,
      );
    await engine.ledger.requeue(schemeId, { key });
    // The engine writes due records as part of a run; a retry-triggered run picks this one up at once.
    if (now) await engine.runNow(schemeId, 'retry');
    return c.json({ record: publicRecord(await requireRecord(schemeId, key)) });
  });

  app.post('/records/:schemeId/:key/skip', async (c) => {
    const schemeId = c.req.param('schemeId');
    const key = c.req.param('key');
    const { reason } = await readJsonBody(c, skipBody);
    const record = await requireRecord(schemeId, key);
    if (beingWritten(record))
      throw new ApiHttpError(
        409,
        'record.writing',
        `Record "${key}" is being written right now; skip it after that write has finished.`,
      );
    if (!(await engine.ledger.skip(schemeId, key, reason))) throw notFound('record', `${schemeId}/${key}`);
    return c.json({ record: publicRecord(await requireRecord(schemeId, key)) });
  });

  return app;
}
