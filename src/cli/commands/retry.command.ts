import type { Command } from 'commander';
import { ConfigError, RecordRejectedError } from '../../core/errors.js';
import type { RecordStatus, RunRecord } from '../../ledger/ledger.js';
import { requireSchemeDefinition, withConfigOption, withEngine, type ConfigFlags } from '../cli-engine.js';
import { formatRun, runFellShort } from '../operator-format.js';
import { emit } from '../output.js';
import { runOnceWithProgress } from './run.command.js';

interface RetryFlags extends ConfigFlags {
  key?: string;
  failed?: boolean;
  dead?: boolean;
  parked?: boolean;
  /** Commander turns `--no-run` into run: false. */
  run: boolean;
  json?: boolean;
}

/** Which records a retry selects: one key, or every record in the chosen statuses. */
export function retrySelector(
  flags: Pick<RetryFlags, 'key' | 'failed' | 'dead' | 'parked'>,
): { key: string } | { statuses: RecordStatus[] } {
  const statuses = (['failed', 'dead', 'parked'] as const).filter((s) => flags[s]);
  if (flags.key !== undefined && statuses.length)
    throw new ConfigError('Give either --key K or status flags (--failed/--dead/--parked), not both', {
      code: 'cli.invalid_option',
    });
  if (flags.key !== undefined) return { key: flags.key };
  if (statuses.length === 0)
    throw new ConfigError('Say what to retry: --key K, or one or more of --failed, --dead, --parked', {
      code: 'cli.invalid_option',
    });
  return { statuses };
}

/** `qiao retry <scheme> (--key K | --failed | --dead | --parked) [--no-run]`. */
export function register(program: Command): void {
  withConfigOption(
    program
      .command('retry')
      .description(
        'Requeue records (attempts reset, due now), then run a write-only pass that writes them (unless --no-run)',
      )
      .argument('<scheme>', 'scheme id')
      .option('--key <key>', 'the record with this key')
      .option('--failed', 'every failed record')
      .option('--dead', 'every dead record (retries exhausted)')
      .option('--parked', 'every parked record (waiting for a lookup)')
      .option('--no-run', 'only requeue; the next scheduled run (or `qiao start`) writes them')
      .option('--json', 'print { requeued, run } as one JSON line'),
  )
    .addHelpText(
      'after',
      `
Examples:
  qiao retry kingdee-sales-orders-to-okki --key XSDD000042
  qiao retry kingdee-sales-orders-to-okki --failed --dead
  qiao retry kingdee-sales-orders-to-okki --parked --no-run

Exit 1 when the write-only pass failed as a whole or the target was unavailable (the records
then wait without using up their tries); records that fail again show in \`qiao records\`.`,
    )
    .action(async (id: string, flags: RetryFlags) => {
      const selector = retrySelector(flags);
      const result = await withEngine(flags, async (engine) => {
        await requireSchemeDefinition(engine, id);
        if ('key' in selector && !(await engine.ledger.getRecord(id, selector.key))) {
          throw new RecordRejectedError(
            `No record "${selector.key}" in scheme ${id}; list the keys with \`qiao records ${id}\``,
            { code: 'cli.record_not_found', details: { scheme: id, key: selector.key } },
          );
        }
        const requeued = await engine.ledger.requeue(id, selector);
        let run: RunRecord | null = null;
        if (flags.run && requeued > 0) run = await runOnceWithProgress(engine, id, 'retry', flags);
        const record = 'key' in selector ? await engine.ledger.getRecord(id, selector.key) : null;
        return {
          requeued,
          run,
          record: record
            ? { key: record.key, status: record.status, attempts: record.attempts, lastError: record.lastError }
            : undefined,
        };
      });
      emit(result, flags, () => {
        const what = 'key' in selector ? `record ${selector.key}` : `${selector.statuses.join('/')} records`;
        if (result.requeued === 0) {
          const why = 'key' in selector ? ' (it is being written right now; try again in a moment)' : '';
          process.stdout.write(`Nothing requeued: no ${what} in ${id}${why}.\n`);
          return;
        }
        process.stdout.write(
          `Requeued ${result.requeued} record${result.requeued === 1 ? '' : 's'} (${what}) in ${id}.\n`,
        );
        if (result.run) process.stdout.write(formatRun(result.run));
        else process.stdout.write('Not written yet (--no-run): the next run of the scheme writes them.\n');
        if (result.record) {
          const error =
            result.record.lastError && result.record.status !== 'succeeded'
              ? `: ${result.record.lastError.code}: ${result.record.lastError.message}`
              : '';
          process.stdout.write(`${result.record.key} is now ${result.record.status}${error}\n`);
        }
      });
      if (result.run && runFellShort(result.run)) process.exitCode = 1;
    });
}
