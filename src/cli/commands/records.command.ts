import type { Command } from 'commander';
import { ConfigError, RecordRejectedError } from '../../core/errors.js';
import { diffJson, type JsonDifference } from '../../scheme/mapping/json-diff.js';
import { describeDuration } from '../../core/duration.js';
import { RECORD_STATUSES, type AttemptEntry, type LedgerRecord, type RecordStatus } from '../../ledger/ledger.js';
import { parkInfo, type ParkInfo } from '../../runtime/park-info.js';
import { requireSchemeDefinition, withConfigOption, withEngine, type ConfigFlags } from '../cli-engine.js';
import { formatDuration, formatTable, formatTime, formatValue, intOption } from '../operator-format.js';
import { emit } from '../output.js';
import { formatChange } from './preview.command.js';

interface RecordsFlags extends ConfigFlags {
  status?: string;
  key?: string;
  limit?: string;
  offset?: string;
  json?: boolean;
}

/** "failed,dead" → ['failed', 'dead']; a ConfigError listing the valid statuses otherwise. */
export function parseStatuses(value: string): RecordStatus[] {
  const statuses = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = statuses.filter((s) => !(RECORD_STATUSES as readonly string[]).includes(s));
  if (bad.length || statuses.length === 0) {
    throw new ConfigError(
      `--status ${value}: unknown status ${bad.join(', ') || '(empty)'}; use one or more of ${RECORD_STATUSES.join(', ')} (comma-separated)`,
      { code: 'cli.invalid_option' },
    );
  }
  return statuses as RecordStatus[];
}

/**
 * What changed: a pending payload against what the target holds; otherwise the last accepted
 * payload against the one accepted before it. Empty when there is nothing to compare with.
 */
export function recordChanges(record: LedgerRecord): {
  against: 'pushed' | 'previous' | null;
  changes: JsonDifference[];
} {
  const pending = record.payloadHash !== null && record.payloadHash !== record.pushedHash;
  if (pending && record.pushedPayload != null)
    return { against: 'pushed', changes: diffJson(record.pushedPayload, record.payload) };
  if (!pending && record.previousPayload != null)
    return { against: 'previous', changes: diffJson(record.previousPayload, record.payload) };
  return { against: null, changes: [] };
}

/** "3× for 2 d 4 h" for a waiting record, "-" otherwise. */
function parkedCell(park: ParkInfo | null): string {
  return park ? `${park.count}× for ${describeDuration(park.ageMs)}` : '-';
}

function summaryRow(r: LedgerRecord, now: Date): string[] {
  const error = r.lastError ? `${r.lastError.code}: ${r.lastError.message}` : '';
  return [
    r.key,
    r.status,
    String(r.attempts),
    parkedCell(parkInfo(r, now)),
    formatTime(r.nextAttemptAt),
    formatTime(r.updatedAt),
    formatValue(error, 100).replace(/^"|"$/g, ''),
  ];
}

function indent(text: string, by = '    '): string {
  return text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}

function printRecord(record: LedgerRecord, attempts: AttemptEntry[], diff: ReturnType<typeof recordChanges>): void {
  const out: string[] = [];
  out.push(`${record.schemeId} / ${record.key}: ${record.status}, ${record.attempts} attempt(s)`);
  out.push(
    `  updated        ${formatTime(record.updatedAt)}   created ${formatTime(record.createdAt)}   succeeded ${formatTime(record.succeededAt)}`,
  );
  out.push(`  next attempt   ${formatTime(record.nextAttemptAt)}`);
  out.push(`  source version ${record.sourceVersion ?? '-'}   last run ${record.lastRunId ?? '-'}`);
  out.push(`  target ids     ${record.targetIds ? JSON.stringify(record.targetIds) : '-'}`);
  const park = parkInfo(record, new Date());
  if (park)
    out.push(
      `  parked         since ${formatTime(park.since)} (${describeDuration(park.ageMs)}, ${park.count} park(s))${park.waitingFor ? `, waiting for ${park.waitingFor.scheme} to sync "${park.waitingFor.key}"` : ''}`,
    );
  if (record.lastError)
    out.push(`  last error     ${record.lastError.code} (${record.lastError.kind}): ${record.lastError.message}`);
  out.push('  source:', indent(JSON.stringify(record.source, null, 2)));
  out.push(
    '  payload:',
    indent(
      record.payload === null
        ? '(none: mapping failed or a lookup is missing)'
        : JSON.stringify(record.payload, null, 2),
    ),
  );
  if (record.targetReply != null) out.push('  target reply:', indent(JSON.stringify(record.targetReply, null, 2)));
  out.push(`  attempts (newest first):${attempts.length ? '' : ' none'}`);
  for (const a of attempts)
    out.push(
      `    ${formatTime(a.at)}  ${a.outcome.padEnd(15)} ${formatDuration(a.durationMs).padStart(8)}${a.error ? `  ${a.error.code}: ${a.error.message}` : ''}`,
    );
  if (diff.against === null) out.push('  changes: none to compare (nothing was pushed before this payload)');
  else {
    out.push(
      diff.against === 'pushed'
        ? '  changes waiting to be written (what the target holds → pending payload):'
        : '  last change (payload accepted before → current):',
    );
    if (diff.changes.length === 0) out.push('    (no field differs)');
    for (const c of diff.changes) out.push(`    ${formatChange(c)}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

/** `qiao records <scheme>`: ledger rows, or one full record with `--key K`. */
export function register(program: Command): void {
  withConfigOption(
    program
      .command('records')
      .description(
        "List a scheme's ledger records (key, status, attempts, how long and how often a document waits on a missing lookup, next attempt, last error, updated); --key K shows one record in full",
      )
      .argument('<scheme>', 'scheme id')
      .option('--status <statuses>', `only these statuses, comma-separated: ${RECORD_STATUSES.join(', ')}`)
      .option(
        '--key <key>',
        'one record in full (source, payload, target ids, reply, attempts, changes); "PREFIX*" lists keys starting with PREFIX',
      )
      .option('--limit <n>', 'rows per page (1–1000)', '50')
      .option('--offset <n>', 'rows to skip', '0')
      .option('--json', 'print one JSON line: { records, total } or { record, attempts, changes }'),
  )
    .addHelpText(
      'after',
      `
Examples:
  qiao records kingdee-sales-orders-to-okki --status failed,dead
  qiao records kingdee-sales-orders-to-okki --status parked      (what each order waits for, since when)
  qiao records kingdee-sales-orders-to-okki --key XSDD000042
  qiao records kingdee-customers-to-okki --key 'CUST00*' --limit 20 --offset 20 --json`,
    )
    .action(async (id: string, flags: RecordsFlags) => {
      const limit = intOption('limit', flags.limit, { min: 1, max: 1000 }) ?? 50;
      const offset = intOption('offset', flags.offset, { min: 0 }) ?? 0;
      const statuses = flags.status ? parseStatuses(flags.status) : undefined;
      await withEngine(flags, async (engine) => {
        await requireSchemeDefinition(engine, id);
        if (flags.key !== undefined && !flags.key.endsWith('*')) {
          const record = await engine.ledger.getRecord(id, flags.key);
          if (!record)
            throw new RecordRejectedError(
              `No record "${flags.key}" in scheme ${id}; list the keys with \`qiao records ${id}\``,
              { code: 'cli.record_not_found', details: { scheme: id, key: flags.key } },
            );
          const attempts = await engine.ledger.listAttempts(id, flags.key, 100);
          const diff = recordChanges(record);
          const { leaseOwner, ...visible } = record;
          void leaseOwner;
          emit({ record: visible, attempts, changes: diff }, flags, () => printRecord(record, attempts, diff));
          return;
        }
        const { records, total } = await engine.ledger.listRecords({
          schemeId: id,
          status: statuses,
          key: flags.key,
          limit,
          offset,
        });
        const now = new Date();
        const rows = records.map((r) => ({
          key: r.key,
          status: r.status,
          attempts: r.attempts,
          park: parkInfo(r, now),
          nextAttemptAt: r.nextAttemptAt,
          lastError: r.lastError,
          updatedAt: r.updatedAt,
          targetIds: r.targetIds,
        }));
        emit({ records: rows, total, limit, offset }, flags, () => {
          if (records.length === 0) {
            process.stdout.write(
              `No records${statuses ? ` with status ${statuses.join('/')}` : ''}${flags.key ? ` matching ${flags.key}` : ''} in ${id} (total ${total}).\n`,
            );
            return;
          }
          process.stdout.write(
            formatTable(
              ['KEY', 'STATUS', 'ATTEMPTS', 'PARKED', 'NEXT ATTEMPT', 'UPDATED', 'LAST ERROR'],
              records.map((r) => summaryRow(r, now)),
            ),
          );
          const more = offset + records.length < total ? `; next page: --offset ${offset + records.length}` : '';
          process.stdout.write(`${offset + 1}–${offset + records.length} of ${total}${more}\n`);
        });
      });
    });
}
