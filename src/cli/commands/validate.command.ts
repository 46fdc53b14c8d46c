import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE } from '../../app/config/load-config.js';
import { ConfigError } from '../../core/errors.js';
import { formatIssue } from '../../scheme/load-scheme.js';
import { emit } from '../output.js';
import { type FileReport, validateFiles } from '../validate-files.js';

interface ValidateFlags {
  config?: string;
  json?: boolean;
}

function printReport(r: FileReport): void {
  for (const warning of r.warnings)
    process.stdout.write(`${formatIssue({ ...warning, message: `warning: ${warning.message}` })}\n`);
  if (r.ok) process.stdout.write(`${r.file}: ok${r.migrated?.length ? ` (migrated ${r.migrated.join(', ')})` : ''}\n`);
  else for (const issue of r.issues) process.stdout.write(`${formatIssue(issue)}\n`);
}

/** `qiao validate [files…] [--config FILE] [--json]`: checks what a run would check; exit 1 when anything is invalid. */
export function register(program: Command): void {
  program
    .command('validate')
    .description(
      'Validate scheme files (structure, JSONata, templates, APIs, connections, ids, preconditions) and, with --config, qiao.yaml as `run` loads it; prints file:line:col path: message per issue',
    )
    .argument('[files...]', "scheme YAML files or directories of them (default: the config's schemesDir)")
    .option(
      '--config <file>',
      `qiao.yaml to validate as \`run\` would (environment variables must be set) and to check connections against (without it: ./${DEFAULT_CONFIG_FILE}'s connection names, when present)`,
    )
    .option('--json', 'print { config?, files: [{ file, ok, issues, warnings }] } as JSON')
    .addHelpText(
      'after',
      `
Examples:
  qiao validate schemes/                       # every scheme, with ./qiao.yaml's connection names
  qiao validate --config /etc/qiao/qiao.yaml   # qiao.yaml and all schemes in its schemesDir
  qiao validate schemes/orders.yaml --json`,
    )
    .action(async (paths: string[], flags: ValidateFlags) => {
      if (paths.length === 0 && flags.config === undefined)
        throw new ConfigError(
          'Name scheme files or directories to validate, or --config FILE to validate qiao.yaml and its schemes',
          { code: 'cli.invalid_option' },
        );
      const report = await validateFiles(paths, { config: flags.config });
      const reports = [...(report.config ? [report.config] : []), ...report.files];
      emit(report, flags, () => {
        for (const r of reports) printReport(r);
        const bad = report.files.filter((r) => !r.ok).length;
        const config = report.config ? `; ${report.config.file}: ${report.config.ok ? 'ok' : 'invalid'}` : '';
        process.stderr.write(`${report.files.length} scheme file(s), ${bad} invalid${config}\n`);
      });
      if (reports.length === 0 || reports.some((r) => !r.ok)) process.exitCode = 1;
    });
}
