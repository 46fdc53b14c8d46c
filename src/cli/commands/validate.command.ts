import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE, readConfigConnections } from '../../app/config/load-config.js';
import { ConfigError } from '../../core/errors.js';
import { formatIssue, loadSchemeFile, type SchemeIssue } from '../../scheme/load-scheme.js';
import type { KnownConnections } from '../../scheme/scheme-checks.js';
import { emit } from '../output.js';

interface ValidateFlags {
  config?: string;
  json?: boolean;
}

/** Scheme files named on the command line; directories expand to their *.yaml / *.yml files. */
export async function expandSchemeFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) {
      const names = (await readdir(path)).filter((n) => /\.ya?ml$/.test(n)).sort();
      files.push(...names.map((n) => join(path, n)));
    } else {
      files.push(path);
    }
  }
  return files;
}

/**
 * Connections to check scheme references against: --config FILE, else ./qiao.yaml when present.
 * Only names and types are read (no environment variables), so CI can validate without secrets.
 */
async function knownConnections(config: string | undefined): Promise<KnownConnections | undefined> {
  const file = config ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (!file) return undefined;
  try {
    return await readConfigConnections(resolve(file));
  } catch (error) {
    throw new ConfigError(`Cannot read config ${file}: ${(error as Error).message}`, {
      code: 'config.file_unreadable',
    });
  }
}

/** `qiao validate <files…> [--config FILE] [--json]`: checks scheme files; exit 1 when any is invalid. */
export function register(program: Command): void {
  program
    .command('validate')
    .description(
      'Validate scheme files (structure, JSONata, templates, connections); prints file:line:col path: message per issue',
    )
    .argument('<files...>', 'scheme YAML files or directories of them')
    .option(
      '--config <file>',
      `qiao.yaml to check connection names against (default ./${DEFAULT_CONFIG_FILE} when present)`,
    )
    .option('--json', 'print { files: [{ file, ok, issues }] } as JSON')
    .action(async (paths: string[], flags: ValidateFlags) => {
      const connections = await knownConnections(flags.config);
      const files = await expandSchemeFiles(paths);
      const results: Array<{ file: string; ok: boolean; issues: SchemeIssue[]; migrated?: string[] }> = [];
      for (const file of files) {
        const result = await loadSchemeFile(file, { connections });
        results.push(
          result.ok
            ? { file, ok: true, issues: [], migrated: result.migrated }
            : { file, ok: false, issues: result.issues },
        );
      }
      emit({ files: results }, flags, () => {
        for (const r of results) {
          if (r.ok)
            process.stdout.write(`${r.file}: ok${r.migrated?.length ? ` (migrated ${r.migrated.join(', ')})` : ''}\n`);
          else for (const issue of r.issues) process.stdout.write(`${formatIssue(issue)}\n`);
        }
        const bad = results.filter((r) => !r.ok).length;
        process.stderr.write(`${results.length} file(s), ${bad} invalid\n`);
      });
      if (results.length === 0 || results.some((r) => !r.ok)) process.exitCode = 1;
    });
}
