import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE, loadConfig, type LoadedConfig } from '../core/config/load-config.js';
import { ConfigError } from '../core/errors.js';
import type { Scheme } from '../core/scheme/scheme.schema.js';
import { QiaoEngine } from '../runtime/engine.js';

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
    throw new ConfigError(`No ${DEFAULT_CONFIG_FILE} in ${cwd}: pass --config FILE, or run the command in the directory that holds ${DEFAULT_CONFIG_FILE}`, {
      code: 'cli.config_missing',
      details: { cwd },
    });
  }
  return loadConfig({ file: flags.config, cwd });
}

/** Loads the config and creates the engine (store opened and migrated, schemes loaded; scheduler not started). */
export async function openEngine(flags: ConfigFlags, options: { drainWindowMs?: number } = {}): Promise<{ engine: QiaoEngine; config: LoadedConfig }> {
  const config = await loadCliConfig(flags);
  const engine = await QiaoEngine.create({ config, drainWindowMs: options.drainWindowMs });
  return { engine, config };
}

/** Runs `fn` with an engine and always closes it (store, connections) afterwards. */
export async function withEngine<T>(flags: ConfigFlags, fn: (engine: QiaoEngine, config: LoadedConfig) => Promise<T>): Promise<T> {
  const { engine, config } = await openEngine(flags);
  try {
    return await fn(engine, config);
  } finally {
    await engine.close();
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
  throw new ConfigError(`Scheme "${id}" is not loaded (${hint}${bad})`, { code: 'cli.unknown_scheme', details: { scheme: id, known } });
}
