import { Cron } from 'croner';
import { ConfigError } from '../core/errors.js';
import type { Schedule } from '../runtime/scheduler.js';
import type { RunCounts, RunRecord } from '../ledger/ledger.js';

/** "2026-11-28T16:39:50.123Z" → "2026-11-28 16:39:50Z"; "-" for null. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** Milliseconds as "850 ms", "12.3 s" or "4 min 05 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** "read 120, documents 40, pushed 38, skipped 0, failed 2, retried 0". */
export function formatCounts(counts: RunCounts): string {
  return `read ${counts.read}, documents ${counts.documents}, pushed ${counts.pushed}, skipped ${counts.skipped}, failed ${counts.failed}, retried ${counts.retried}`;
}

/** A finished (or running) run as a few readable lines. */
export function formatRun(run: RunRecord): string {
  const lines = [
    `${run.schemeId}: ${run.status} in ${formatDuration(run.durationMs)} (run ${run.id}, ${run.trigger}, started ${formatTime(run.startedAt)})`,
    `  ${formatCounts(run.counts)}`,
    `  cursor ${run.cursorFrom ?? '(start)'} → ${run.cursorTo ?? '(none)'}`,
  ];
  if (run.error) lines.push(`  error ${run.error.code}: ${run.error.message}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Whether a run ended without doing its work: it failed, was aborted, or its target stayed
 * unavailable (its documents wait). `run --once` and `retry` exit 1 for these.
 */
export function runFellShort(run: RunRecord): boolean {
  return run.status === 'failed' || run.status === 'aborted' || run.status === 'target_unavailable';
}

/** How a schedule reads in `qiao status`. */
export function describeSchedule(schedule: Schedule): string {
  if ('cron' in schedule) return `cron ${schedule.cron}`;
  if ('intervalSeconds' in schedule) return `every ${schedule.intervalSeconds} s`;
  return 'manual';
}

/** When a cron schedule fires next (null for manual; for intervals it depends on when the scheduler started). */
export function nextCronRun(schedule: Schedule, from: Date = new Date()): Date | null {
  if (!('cron' in schedule)) return null;
  try {
    return new Cron(schedule.cron, { paused: true, timezone: schedule.timezone }).nextRun(from);
  } catch {
    return null;
  }
}

/** A compact one-line JSON rendering of any value, cut at `max` characters. */
export function formatValue(value: unknown, max = 120): string {
  const text = value === undefined ? '(absent)' : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Left-aligned columns separated by two spaces; the last column is never padded. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** A whole-number option; ConfigError (exit 2) naming the flag otherwise. */
export function intOption(
  flag: string,
  value: string | undefined,
  range: { min?: number; max?: number } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const min = range.min ?? 0;
  if (!Number.isInteger(n) || n < min || (range.max !== undefined && n > range.max)) {
    const bounds = range.max !== undefined ? `between ${min} and ${range.max}` : `a whole number ≥ ${min}`;
    throw new ConfigError(`--${flag} must be ${bounds} (got "${value}")`, {
      code: 'cli.invalid_option',
      details: { flag, value },
    });
  }
  return n;
}
