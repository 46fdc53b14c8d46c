import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseDocument, parse as parseYamlValue, visit } from 'yaml';
import { ConfigError } from '../../core/errors.js';
import type { SchemeIssue } from '../../scheme/load-scheme.js';
import { formatIssue, formatPath } from '../../scheme/load-scheme.js';
import { locatePath } from '../../scheme/yaml-positions.js';
import type { KnownConnections } from '../../scheme/scheme-checks.js';
import { interpolateEnv, isSecretVariableName } from './env-interpolation.js';
import { qiaoConfigSchema, type QiaoConfig } from './qiao-config.schema.js';
import { collectSecrets } from './config-secrets.js';

/** File name looked up in the working directory when no --config is given. */
export const DEFAULT_CONFIG_FILE = 'qiao.yaml';

/** A validated qiao.yaml with secrets resolved from the environment. */
export interface LoadedConfig extends QiaoConfig {
  /** Absolute path of the file read; null when running on defaults (no qiao.yaml). */
  readonly file: string | null;
  /** Directory relative paths (schemesDir, sqlite store) are resolved against. */
  readonly baseDir: string;
  /** Every secret value (passwords, app secrets, tokens, store password) for redacting logs and errors. */
  readonly secrets: readonly string[];
}

export type ConfigParseResult = { ok: true; config: LoadedConfig } | { ok: false; issues: SchemeIssue[] };

/** Secret-looking keys keep string values even when the variable's value looks like a number. */
const SECRET_KEY = /(pass(word)?|secret|token|signature|key)$/i;

/**
 * Parses qiao.yaml text: YAML → ${VAR} interpolation (each missing variable is an issue naming it
 * and its file:line) → zod validation. Never throws for bad input.
 */
export function parseConfigText(
  text: string,
  fileName: string,
  env: Record<string, string | undefined> = process.env,
): ConfigParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        file: fileName,
        path: '',
        line: lineCounter.linePos(e.pos[0]).line,
        column: lineCounter.linePos(e.pos[0]).col,
        message: `YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const issues: SchemeIssue[] = [];
  const envSecrets: string[] = [];
  visit(doc, {
    Scalar(key, node, path) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('${')) return;
      const parent = path[path.length - 1];
      const keyName = isPair(parent) && isScalar(parent.key) ? String(parent.key.value) : '';
      const result = interpolateEnv(node.value, env);
      for (const name of result.missing) {
        const pos = node.range ? lineCounter.linePos(node.range[0]) : undefined;
        issues.push({
          file: fileName,
          path: keyName,
          line: pos?.line,
          column: pos?.col,
          message: `Environment variable ${name} is not set; export it or write \${${name}:-default}`,
        });
      }
      for (const name of result.used) if (isSecretVariableName(name) && env[name]) envSecrets.push(env[name] as string);
      let value: unknown = result.value;
      // An unquoted `port: ${PORT}` takes the YAML type of the value (8080 → number); secrets stay strings.
      if (result.whole && node.type === 'PLAIN' && !SECRET_KEY.test(keyName)) {
        const typed = parseYamlValue(result.value) as unknown;
        if (typeof typed === 'number' || typeof typed === 'boolean') value = typed;
      }
      node.value = value;
    },
  });
  if (issues.length > 0) return { ok: false, issues };
  const raw = (doc.toJS() as unknown) ?? {};
  const parsed = qiaoConfigSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.flatMap((issue) => {
        const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
        const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
        return keys.map((k) => {
          const pos = locatePath(
            doc,
            lineCounter,
            k === undefined ? path : [...path, k],
            k === undefined ? 'value' : 'key',
          );
          return {
            file: fileName,
            path: formatPath(path),
            line: pos?.line,
            column: pos?.column,
            message: k === undefined ? issue.message : `Unrecognized key "${k}"`,
          };
        });
      }),
    };
  }
  const file = fileName === '<defaults>' ? null : resolve(fileName);
  const config: LoadedConfig = {
    ...parsed.data,
    file,
    baseDir: file ? dirname(file) : process.cwd(),
    secrets: [...new Set([...collectSecrets(parsed.data), ...envSecrets])],
  };
  return { ok: true, config };
}

export interface LoadConfigOptions {
  /** Explicit file (--config); must exist. Default: ./qiao.yaml when present, else built-in defaults. */
  file?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/** Loads qiao.yaml; throws ConfigError listing every issue as `file:line:col path: message`. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const file = options.file ? resolve(cwd, options.file) : resolve(cwd, DEFAULT_CONFIG_FILE);
  if (!options.file && !existsSync(file)) {
    const result = parseConfigText('', '<defaults>', options.env);
    if (result.ok) return { ...result.config, baseDir: cwd };
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${file}: ${(error as Error).message}`, {
      code: 'config.file_unreadable',
      details: { file },
    });
  }
  const result = parseConfigText(text, file, options.env);
  if (result.ok) return result.config;
  throw new ConfigError(`Invalid configuration:\n${result.issues.map(formatIssue).join('\n')}`, {
    code: 'config.invalid',
    details: { file, issues: result.issues },
  });
}

/**
 * Connection names and types from a config file, without resolving environment variables, so
 * `qiao validate` can check scheme references on a machine that has no credentials.
 */
export async function readConfigConnections(file: string): Promise<KnownConnections> {
  const doc = parseDocument(await readFile(file, 'utf8'));
  const connections = doc.get('connections');
  const out: KnownConnections = {};
  if (isMap(connections)) {
    for (const pair of connections.items) {
      if (!isScalar(pair.key)) continue;
      const type = isMap(pair.value) ? pair.value.get('type') : undefined;
      out[String(pair.key.value)] = { type: typeof type === 'string' ? type : 'unknown' };
    }
  }
  return out;
}
