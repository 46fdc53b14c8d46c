import type { Command } from 'commander';
import { ConfigError } from '../../core/errors.js';
import type { AuditEntry } from '../../ledger/ledger.js';
import { openLedger } from '../../ledger/open-ledger.js';
import { storeUrl } from '../../runtime/engine-config.js';
import { loadCliConfig, withConfigOption, type ConfigFlags } from '../cli-engine.js';
import { formatTable, formatTime, intOption } from '../operator-format.js';
import { emit } from '../output.js';

interface AuditFlags extends ConfigFlags {
  actor?: string;
  since?: string;
  limit?: string;
  json?: boolean;
}

function row(e: AuditEntry): string[] {
  const details = e.details === null ? '' : JSON.stringify(e.details);
  return [
    formatTime(e.at),
    e.actor,
    e.role ?? '-',
    `${e.method} ${e.path}`,
    String(e.status),
    e.remote ?? '-',
    details.length > 80 ? `${details.slice(0, 79)}…` : details,
  ];
}

/** `qiao audit`: the state-changing API calls recorded in the ledger, newest first. */
export function register(program: Command): void {
  withConfigOption(
    program
      .command('audit')
      .description(
        'Show the audit log: who changed what through the API (or console), when, from where, and the answer',
      )
      .option(
        '--actor <name>',
        'only calls made with this token name (admin = the primary token; anonymous = refused logins)',
      )
      .option('--since <time>', 'only calls at or after this ISO-8601 time, e.g. 2026-03-01T00:00:00Z')
      .option('--limit <n>', 'most entries to show (default 50)')
      .option('--json', 'print { entries, total } as JSON'),
  )
    .addHelpText('after', '\nExamples:\n  qiao audit\n  qiao audit --actor ci --since 2026-03-01T00:00:00Z --json')
    .action(async (flags: AuditFlags) => {
      const limit = intOption('limit', flags.limit, { min: 1, max: 10_000 }) ?? 50;
      if (flags.since !== undefined && Number.isNaN(Date.parse(flags.since)))
        throw new ConfigError(`--since ${flags.since}: use an ISO-8601 time such as 2026-03-01T00:00:00Z`, {
          code: 'cli.invalid_option',
        });
      const config = await loadCliConfig(flags);
      // Only the ledger: opening the engine would load schemes and connections this does not need.
      const ledger = await openLedger(storeUrl(config));
      try {
        const result = await ledger.listAuditEntries({ actor: flags.actor, since: flags.since, limit });
        emit(result, flags, () => {
          if (result.entries.length === 0) {
            process.stdout.write('No API calls recorded yet.\n');
            return;
          }
          process.stdout.write(
            `${formatTable(['time', 'who', 'role', 'what', 'status', 'from', 'details'], result.entries.map(row))}\n`,
          );
          if (result.total > result.entries.length)
            process.stdout.write(`(${result.entries.length} of ${result.total}; use --limit or --since for more)\n`);
        });
      } finally {
        await ledger.close();
      }
    });
}
