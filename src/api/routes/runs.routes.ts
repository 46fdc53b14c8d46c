import { Hono } from 'hono';
import { notFound } from '../api-error.js';
import { runsQuery, timeseriesQuery } from '../api-schemas.js';
import { readQuery } from '../request-validation.js';
import type { RouteDeps } from './route-deps.js';

/** Most runs a time series reads (a scheme every minute for a month is ~45k). */
const MAX_SERIES_RUNS = 50_000;

/** /api/runs/* and /api/stats/timeseries */
export function runRoutes({ engine }: RouteDeps): Hono {
  const app = new Hono();

  app.get('/runs', async (c) => {
    const q = readQuery(c, runsQuery);
    return c.json({ runs: await engine.ledger.listRuns({ schemeId: q.schemeId, limit: q.limit, offset: q.offset }) });
  });

  app.get('/runs/:id', async (c) => {
    const run = await engine.ledger.getRun(c.req.param('id'));
    if (!run) throw notFound('run', c.req.param('id'));
    return c.json({ run });
  });

  app.get('/stats/timeseries', async (c) => {
    const q = readQuery(c, timeseriesQuery);
    const bucketMs = q.bucketMinutes * 60_000;
    const end = Math.ceil(Date.now() / bucketMs) * bucketMs;
    const start = end - Math.ceil((q.hours * 3_600_000) / bucketMs) * bucketMs;
    const buckets = [];
    for (let at = start; at < end; at += bucketMs)
      buckets.push({ at: new Date(at).toISOString(), pushed: 0, failed: 0, skipped: 0, read: 0 });
    const runs = await engine.ledger.listRuns({
      schemeId: q.schemeId,
      since: new Date(start).toISOString(),
      limit: MAX_SERIES_RUNS,
    });
    for (const run of runs) {
      // A run counts where it ended: that is when its writes became visible.
      const t = Date.parse(run.finishedAt ?? run.startedAt);
      const bucket = buckets[Math.floor((t - start) / bucketMs)];
      if (t < start || !bucket) continue;
      bucket.pushed += run.counts.pushed;
      bucket.failed += run.counts.failed;
      bucket.skipped += run.counts.skipped;
      bucket.read += run.counts.read;
    }
    return c.json({ buckets });
  });

  return app;
}
