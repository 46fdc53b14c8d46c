import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE, loadConfig, type LoadedConfig } from '../app/config/load-config.js';
import { openQiao, type Qiao } from '../app/qiao.js';
import { ConfigError } from '../core/errors.js';
import { formatIssue } from '../scheme/load-scheme.js';
import type { QiaoEngine } from '../runtime/engine.js';
import type { Scheme } from '../scheme/scheme.schema.js';

/** The flag every operator command accepts. */
export interface ConfigFlags {
  config?: string;
}

/** Adds `--config <file>` to a command (default ./qiao.yaml). */
export function withConfigOption(command: Command): Command {
  return command.option('--config <file>', `qiao.yaml to use (default ./${DEFAULT_CONFIG_FILE})`);
}

/**
 * Loads qiao.yaml from `--config FILE` or ./qiao.yaml. Unlike `qiao validate`, operator commands
 * refuse to run on built-in defaults: without connections every scheme would fail later and less clearly.
 * Throws ConfigError (exit 2) naming the file and what to do.
 */
export async function loadCliConfig(flags: ConfigFlags, cwd: string = process.cwd()): Promise<LoadedConfig> {
  if (!flags.config && !existsSync(resolve(cwd, DEFAULT_CONFIG_FILE))) {
    throw new ConfigError(
      `No ${DEFAULT_CONFIG_FILE} in ${cwd}: pass --config FILE, or run the command in the directory that holds ${DEFAULT_CONFIG_FILE}`,
      {
        code: 'cli.config_missing',
        details: { cwd },
      },
    );
  }
  return loadConfig({
    file: flags.config,
    cwd,
    onWarning: (warning) =>
      process.stderr.write(`${formatIssue({ ...warning, message: `warning: ${warning.message}` })}\n`),
  });
}

/** Loads the config and opens qiao: ledger opened and migrated, schemes loaded, alerts and metrics attached; scheduler not started. */
export async function openEngine(flags: ConfigFlags, options: { drainWindowMs?: number } = {}): Promise<Qiao> {
  const config = await loadCliConfig(flags);
  return openQiao(config, { drainWindowMs: options.drainWindowMs, defaultMetrics: false });
}

/** Runs `fn` with an engine and always closes it (ledger, connections, pending alerts) afterwards. */
export async function withEngine<T>(
  flags: ConfigFlags,
  fn: (engine: QiaoEngine, config: LoadedConfig) => Promise<T>,
): Promise<T> {
  const qiao = await openEngine(flags);
  try {
    return await fn(qiao.engine, qiao.config);
  } finally {
    await qiao.close();
  }
}

/** The loaded scheme with this id; a ConfigError listing the loaded ids (and invalid files) otherwise. */
export async function requireSchemeDefinition(engine: QiaoEngine, id: string): Promise<Scheme> {
  const scheme = engine.schemeDefinition(id);
  if (scheme) return scheme;
  const known = (await engine.listSchemes()).map((s) => s.id);
  const invalid = engine.problems.map((p) => p.file);
  const hint = known.length ? `loaded schemes: ${known.join(', ')}` : `no scheme is loaded from ${engine.schemesDir}`;
  const bad = invalid.length ? `; files that do not validate (see \`qiao status\`): ${invalid.join(', ')}` : '';
  throw new ConfigError(`Scheme "${id}" is not loaded (${hint}${bad})`, {
    code: 'cli.unknown_scheme',
    details: { scheme: id, known },
  });
}
