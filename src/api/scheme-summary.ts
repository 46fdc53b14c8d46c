import type { z } from 'zod';
import { scheduleSchema } from '../scheme/scheme.schema.js';
import { recordSuccessRate } from '../app/alerts/record-success-rate.js';
import type { Engine, LoadedSchemeInfo } from '../runtime/engine.js';
import { RECORD_STATUSES, type RecordStatus } from '../ledger/ledger.js';
import type { schemeSummarySchema } from './api-schemas.js';

/** One scheme as the dashboard lists it (see the API contract). */
export type SchemeSummary = z.infer<typeof schemeSummarySchema>;

const DAY_MS = 24 * 60 * 60 * 1000;

function endpoint(side: unknown): { connection: string | null; api: string | null } {
  const s = (side && typeof side === 'object' ? side : {}) as Record<string, unknown>;
  return {
    connection: typeof s.connection === 'string' ? s.connection : null,
    api: typeof s.api === 'string' ? s.api : null,
  };
}

/**
 * `settings.schedule` as one line ("cron 0 8 * * 1-5", "every 60 s", "manual"), the form the
 * console shows; null when the scheme has no readable schedule.
 */
function scheduleOf(scheme: Record<string, unknown>): string | null {
  const settings = (scheme.settings && typeof scheme.settings === 'object' ? scheme.settings : {}) as Record<
    string,
    unknown
  >;
  const parsed = scheduleSchema.safeParse(settings.schedule ?? { manual: true });
  if (!parsed.success) return null;
  const schedule = parsed.data;
  if ('cron' in schedule) return `cron ${schedule.cron}`;
  if ('intervalSeconds' in schedule) return `every ${schedule.intervalSeconds} s`;
  return 'manual';
}

/** Zero counts for every status, filled from the store's totals. */
export function emptyCounts(): Record<RecordStatus, number> {
  return Object.fromEntries(RECORD_STATUSES.map((s) => [s, 0])) as Record<RecordStatus, number>;
}

/** Records waiting for a write: pending + failed + parked. */
export function backlogOf(counts: Record<RecordStatus, number>): number {
  return counts.pending + counts.failed + counts.parked;
}

/** Builds the summary of one scheme from the engine and its ledger. */
export async function buildSchemeSummary(
  engine: Engine,
  info: LoadedSchemeInfo,
  now = new Date(),
): Promise<SchemeSummary> {
  const scheme = (info.scheme && typeof info.scheme === 'object' ? info.scheme : {}) as Record<string, unknown>;
  const [runs, statusCounts, rate] = await Promise.all([
    engine.ledger.listRuns({ schemeId: info.id, limit: 1 }),
    engine.ledger.countByStatus(info.id),
    recordSuccessRate(engine.ledger, info.id, new Date(now.getTime() - DAY_MS)),
  ]);
  const counts = emptyCounts();
  for (const entry of statusCounts)
    if (entry.schemeId === info.id) for (const s of RECORD_STATUSES) counts[s] += entry.counts[s] ?? 0;
  return {
    id: info.id,
    name: info.name,
    enabled: info.enabled,
    file: info.file,
    source: endpoint(scheme.source),
    target: endpoint(scheme.target),
    schedule: scheduleOf(scheme),
    running: engine.isRunning(info.id),
    lastRun: runs[0] ?? null,
    nextRunAt: engine.nextRunAt(info.id)?.toISOString() ?? null,
    counts,
    successRate: rate.rate,
    backlog: backlogOf(counts),
  };
}
