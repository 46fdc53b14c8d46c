import type { Command } from 'commander';
import { formatIssue, type SchemeIssue } from '../../scheme/load-scheme.js';
import type { QiaoEngine } from '../../runtime/engine.js';
import { RECORD_STATUSES, type RecordStatus, type RunRecord } from '../../ledger/ledger.js';
import { withConfigOption, withEngine, type ConfigFlags } from '../cli-engine.js';
import { describeSchedule, formatCounts, formatDuration, formatTime, nextCronRun } from '../operator-format.js';
import { emit } from '../output.js';

interface StatusFlags extends ConfigFlags {
  json?: boolean;
}

/** One scheme in `qiao status --json`. */
export interface SchemeStatus {
  id: string;
  name: string;
  file: string;
  enabled: boolean;
  schedule: string;
  preconditions: string[];
  lastRun: RunRecord | null;
  /** Next cron firing (ISO); null for manual and interval schedules (those start with `qiao start`). */
  nextRunAt: string | null;
  records: Record<RecordStatus, number>;
  cursor: { value: string | null; updatedAt: string } | null;
}

/** Everything `qiao status` reports, read from the ledger and the scheme files. */
export async function collectStatus(
  engine: QiaoEngine,
  now: Date = new Date(),
): Promise<{ schemes: SchemeStatus[]; problems: Array<{ file: string; issues: string[] }> }> {
  const counts = new Map((await engine.ledger.countByStatus()).map((c) => [c.schemeId, c.counts]));
  const schemes: SchemeStatus[] = [];
  for (const info of await engine.listSchemes()) {
    const scheme = engine.schemeDefinition(info.id);
    const schedule = scheme?.settings.schedule ?? { manual: true as const };
    const [lastRun] = await engine.ledger.listRuns({ schemeId: info.id, limit: 1 });
    const cursor = await engine.ledger.getCursor(info.id);
    const next = info.enabled ? nextCronRun(schedule, now) : null;
    schemes.push({
      id: info.id,
      name: info.name,
      file: info.file,
      enabled: info.enabled,
      schedule: describeSchedule(schedule),
      preconditions: scheme?.settings.preconditions ?? [],
      lastRun: lastRun ?? null,
      nextRunAt: next ? next.toISOString() : null,
      records: counts.get(info.id) ?? emptyCounts(),
      cursor: cursor ? { value: cursor.value, updatedAt: cursor.updatedAt } : null,
    });
  }
  const problems = engine.problems.map((p) => ({
    file: p.file,
    issues: p.issues.map((i) => formatIssue(i as SchemeIssue)),
  }));
  return { schemes, problems };
}

function emptyCounts(): Record<RecordStatus, number> {
  return Object.fromEntries(RECORD_STATUSES.map((s) => [s, 0])) as Record<RecordStatus, number>;
}

function printStatus(status: Awaited<ReturnType<typeof collectStatus>>): void {
  const out: string[] = [];
  for (const s of status.schemes) {
    out.push(`${s.id}  ${s.name}`);
    out.push(
      `  enabled      ${s.enabled ? 'yes' : 'no'}, ${s.schedule}${s.preconditions.length ? `, after ${s.preconditions.join(', ')}` : ''}`,
    );
    const run = s.lastRun;
    out.push(
      run
        ? `  last run     ${run.status} at ${formatTime(run.startedAt)} in ${formatDuration(run.durationMs)}: ${formatCounts(run.counts)}`
        : '  last run     never',
    );
    if (run?.error) out.push(`               ${run.error.code}: ${run.error.message}`);
    out.push(
      `  next run     ${s.nextRunAt ? formatTime(s.nextRunAt) : s.enabled ? (s.schedule === 'manual' ? 'by hand only' : 'when `qiao start` runs') : 'disabled'}`,
    );
    const nonZero = RECORD_STATUSES.filter((k) => s.records[k] > 0).map((k) => `${k} ${s.records[k]}`);
    out.push(`  records      ${nonZero.join(', ') || 'none'}`);
    out.push(`  cursor       ${s.cursor?.value ?? "(not set: the first run starts at the scheme's cursor.start)"}`);
    out.push('');
  }
  if (status.schemes.length === 0) out.push('No schemes loaded.', '');
  if (status.problems.length) {
    out.push(`${status.problems.length} scheme file(s) do not validate and will not run:`);
    for (const p of status.problems) for (const issue of p.issues) out.push(`  ${issue}`);
  }
  process.stdout.write(out.join('\n') + (out[out.length - 1] === '' ? '' : '\n'));
}

/** `qiao status`: every scheme's state plus invalid scheme files. */
export function register(program: Command): void {
  withConfigOption(
    program
      .command('status')
      .description(
        'Show every scheme: enabled, schedule, last run, next run, records by status, cursor; plus scheme files that do not validate',
      )
      .option('--json', 'print { schemes, problems } as one JSON line'),
  )
    .addHelpText(
      'after',
      `
Examples:
  qiao status
  qiao status --json | jq '.schemes[] | {id, failed: .records.failed}'`,
    )
    .action(async (flags: StatusFlags) => {
      const status = await withEngine(flags, (engine) => collectStatus(engine));
      emit(status, flags, () => printStatus(status));
    });
}
