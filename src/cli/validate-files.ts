import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import {
  configConnections,
  DEFAULT_CONFIG_FILE,
  parseConfigBytes,
  readConfigConnections,
} from '../app/config/load-config.js';
import { connectorOperations } from '../connectors/registry.js';
import { loadSchemeFile, type SchemeIssue, type SchemeLoadResult } from '../scheme/load-scheme.js';
import type { KnownConnections } from '../scheme/scheme-checks.js';
import { checkSchemeSet } from '../scheme/scheme-set-checks.js';

export interface FileReport {
  file: string;
  ok: boolean;
  issues: SchemeIssue[];
  warnings: SchemeIssue[];
  migrated?: string[];
}

export interface ValidationReport {
  /** qiao.yaml as `run` would load it (only with --config). */
  config?: FileReport;
  files: FileReport[];
}

/** Scheme files named on the command line; directories expand to their *.yaml / *.yml files. */
export async function expandSchemeFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) files.push(...(await yamlFilesIn(path)));
    else files.push(path);
  }
  return files;
}

async function yamlFilesIn(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => join(dir, n));
}

/**
 * What `qiao validate` checks: with --config, qiao.yaml through the loader `run` uses (missing
 * environment variables, literal secrets, store, port, log level…); then the scheme files (all of
 * the config's schemesDir when none are named) against its connections and the connector
 * catalog, and together with the other schemes of their directories, as the engine loads them:
 * unique ids, preconditions and lookups that name loaded schemes.
 */
export async function validateFiles(
  paths: string[],
  options: { config?: string; env?: Record<string, string | undefined> },
): Promise<ValidationReport> {
  const report: ValidationReport = { files: [] };
  let connections: KnownConnections | undefined;
  let schemesDir: string | undefined;
  const configFile = options.config ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (options.config !== undefined) {
    const file = resolve(options.config);
    const bytes = await readFile(file).catch((error: Error) => error);
    const parsed =
      bytes instanceof Error
        ? { ok: false as const, issues: [{ file, path: '', message: `Cannot read the config file: ${bytes.message}` }] }
        : parseConfigBytes(bytes, file, options.env ?? process.env);
    report.config = parsed.ok
      ? { file, ok: true, issues: [], warnings: parsed.warnings }
      : { file, ok: false, issues: parsed.issues, warnings: [] };
    if (parsed.ok) {
      connections = configConnections(parsed.config);
      schemesDir = resolve(parsed.config.baseDir, parsed.config.schemesDir);
    }
  }
  if (configFile && connections === undefined) {
    // Names and types only (no environment needed), so schemes are still checked against them.
    connections = await readConfigConnections(resolve(configFile)).catch(() => ({}));
    schemesDir ??= rawSchemesDir(resolve(configFile));
  }

  const named = paths.length > 0 ? await expandSchemeFiles(paths) : schemesDir ? await yamlFilesIn(schemesDir) : [];
  // qiao.yaml sitting next to the schemes is not a scheme.
  const given = named.filter((f) => !isConfigFile(resolve(f), configFile));
  // The other schemes of each directory take part in the set checks (the engine loads them all) but are not reported.
  const context = new Set(given.map((f) => resolve(f)));
  const siblings: string[] = [];
  for (const dir of new Set(given.map((f) => dirname(resolve(f)))))
    for (const f of await yamlFilesIn(dir)) if (!context.has(f) && !isConfigFile(f, configFile)) siblings.push(f);

  const load = { connections, operations: connectorOperations() };
  const loaded: SchemeLoadResult[] = [];
  for (const file of [...given, ...siblings]) loaded.push(await loadSchemeFile(file, load));
  const checked = checkSchemeSet(loaded);
  report.files = checked
    .slice(0, given.length)
    .map((r) =>
      r.ok
        ? { file: r.file, ok: true, issues: [], warnings: r.warnings, migrated: r.migrated }
        : { file: r.file, ok: false, issues: r.issues, warnings: [] },
    );
  return report;
}

function isConfigFile(file: string, configFile: string | undefined): boolean {
  return configFile !== undefined && resolve(configFile) === file;
}

/** schemesDir of a config that did not validate, read as plain YAML (default "schemes"). */
function rawSchemesDir(configFile: string): string | undefined {
  try {
    const doc = parseDocument(readFileSync(configFile, 'utf8'));
    const dir = doc.get('schemesDir');
    return resolve(dirname(configFile), typeof dir === 'string' && dir ? dir : 'schemes');
  } catch {
    return undefined;
  }
}
