import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, parseDocument, parse as parseYamlValue, visit } from 'yaml';
import { ConfigError } from '../../core/errors.js';
import type { SchemeIssue } from '../../scheme/load-scheme.js';
import { BOM_WARNING, formatIssue, formatPath, zodIssueMessage } from '../../scheme/load-scheme.js';
import { decodeYamlBytes, guardYaml, yamlToJs, type YamlIssue } from '../../scheme/yaml-guard.js';
import { locatePath, pathOfNode } from '../../scheme/yaml-positions.js';
import type { ConnectorOperations, KnownConnection, KnownConnections } from '../../scheme/scheme-checks.js';
import { connectorOperations } from '../../connectors/registry.js';
import { interpolateEnv, isSecretVariableName } from './env-interpolation.js';
import { qiaoConfigSchema, type QiaoConfig } from './qiao-config.schema.js';
import { collectSecrets } from './config-secrets.js';
import { literalSecretMessage, literalStorePasswordMessage } from './literal-secrets.js';

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

export type ConfigParseResult =
  | {
      ok: true;
      config: LoadedConfig;
      /** Accepted but worth fixing (a byte order mark). */
      warnings: SchemeIssue[];
    }
  | { ok: false; issues: SchemeIssue[] };

/** Secret-looking keys keep string values even when the variable's value looks like a number. */
const SECRET_LIKE_KEY = /(pass(word)?|secret|token|signature|key)$/i;

/** Largest qiao.yaml read (characters). */
const MAX_CONFIG_CHARS = 1024 * 1024;

/**
 * Parses qiao.yaml text, the one loader `run`, `start` and `validate --config` share: guarded YAML
 * (empty file, syntax, prototype keys, tags, aliases) → literal secrets refused → ${VAR}
 * interpolation (each missing variable is an issue naming it) → zod validation. Never throws for
 * bad input; every issue has file:line:col and path.
 */
export function parseConfigText(
  text: string,
  fileName: string,
  env: Record<string, string | undefined> = process.env,
): ConfigParseResult {
  const guarded = guardYaml(text, {
    what: 'qiao.yaml',
    maxChars: MAX_CONFIG_CHARS,
    emptyHint: 'connections:, store:, schemesDir: … (see the README)',
  });
  const { doc, lineCounter } = guarded;
  const located = (issue: YamlIssue): SchemeIssue => ({ file: fileName, ...issue, path: formatPath(issue.path) });
  if (guarded.issues.length > 0) return { ok: false, issues: guarded.issues.map(located) };
  const issues: SchemeIssue[] = [];
  // Literal secrets do not stop validation (the value is usable), so other problems are reported with them.
  const literals: SchemeIssue[] = [];
  const envSecrets: string[] = [];
  const at = (node: { range?: [number, number, number] | null }): { line: number; column: number } => {
    const pos = lineCounter.linePos(node.range?.[0] ?? 0);
    return { line: pos.line, column: pos.col };
  };
  visit(doc, {
    Scalar(key, node, ancestors) {
      if (key === 'key' || typeof node.value !== 'string') return;
      const path = pathOfNode(ancestors, node);
      const raw = node.value;
      const result = interpolateEnv(raw, env);
      const literal =
        path.length === 1 && path[0] === 'store'
          ? literalStorePasswordMessage(raw)
          : literalSecretMessage(path, result);
      if (literal) literals.push(located({ path, ...at(node), message: literal }));
      if (!raw.includes('${')) return;
      for (const name of result.missing)
        issues.push(
          located({
            path,
            ...at(node),
            message: `Environment variable ${name} is not set; export it or write \${${name}:-default}`,
          }),
        );
      for (const name of result.used) if (isSecretVariableName(name) && env[name]) envSecrets.push(env[name] as string);
      let value: unknown = result.value;
      // An unquoted `port: ${PORT}` takes the YAML type of the value (8080 → number); secrets stay strings.
      const keyName = String(path[path.length - 1] ?? '');
      if (result.whole && node.type === 'PLAIN' && !SECRET_LIKE_KEY.test(keyName)) {
        const typed = parseYamlValue(result.value) as unknown;
        if (typeof typed === 'number' || typeof typed === 'boolean') value = typed;
      }
      node.value = value;
    },
  });
  if (issues.length > 0) return { ok: false, issues: [...literals, ...issues] };
  const js = yamlToJs(guarded);
  if (!js.ok) return { ok: false, issues: [located(js.issue)] };
  const parsed = qiaoConfigSchema.safeParse(js.value);
  if (!parsed.success) {
    const schemaIssues = parsed.error.issues.flatMap((issue) => {
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
          line: pos?.line ?? 1,
          column: pos?.column ?? 1,
          message: k === undefined ? zodIssueMessage(issue) : `Unrecognized key "${k}"`,
        };
      });
    });
    return { ok: false, issues: [...literals, ...schemaIssues] };
  }
  if (literals.length > 0) return { ok: false, issues: literals };
  const file = fileName === '<defaults>' ? null : resolve(fileName);
  const config: LoadedConfig = {
    ...parsed.data,
    file,
    baseDir: file ? dirname(file) : process.cwd(),
    secrets: [...new Set([...collectSecrets(parsed.data), ...envSecrets])],
  };
  const warnings: SchemeIssue[] = guarded.bom
    ? [{ file: fileName, path: '', line: 1, column: 1, message: BOM_WARNING }]
    : [];
  return { ok: true, config, warnings };
}

export interface LoadConfigOptions {
  /** Told about what is accepted but worth fixing (a byte order mark); the CLI prints it. */
  onWarning?: (warning: SchemeIssue) => void;
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
    const result = parseConfigText('{}', '<defaults>', options.env);
    if (result.ok) return { ...result.config, baseDir: cwd };
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${file}: ${(error as Error).message}`, {
      code: 'config.file_unreadable',
      details: { file },
    });
  }
  const result = parseConfigBytes(bytes, file, options.env);
  if (result.ok) {
    for (const warning of result.warnings) options.onWarning?.(warning);
    return result.config;
  }
  throw new ConfigError(`Invalid configuration:\n${result.issues.map(formatIssue).join('\n')}`, {
    code: 'config.invalid',
    details: { file, issues: result.issues },
  });
}

/** parseConfigText for file bytes: text that is not UTF-8 is an issue with its position, never replaced silently. */
export function parseConfigBytes(
  bytes: Uint8Array,
  file: string,
  env: Record<string, string | undefined> = process.env,
): ConfigParseResult {
  const text = decodeYamlBytes(bytes, 'qiao.yaml');
  if (typeof text !== 'string') return { ok: false, issues: [{ file, path: '', ...text }] };
  return parseConfigText(text, file, env);
}

/**
 * Connection names and types from a config file (with each type's read/write operations), without
 * resolving environment variables, so `qiao validate` can check scheme references on a machine that
 * has no credentials.
 */
export async function readConfigConnections(file: string): Promise<KnownConnections> {
  const doc = parseDocument(await readFile(file, 'utf8'));
  const connections = doc.get('connections');
  const operations = connectorOperations();
  const out: KnownConnections = {};
  if (isMap(connections)) {
    for (const pair of connections.items) {
      if (!isScalar(pair.key)) continue;
      const type = isMap(pair.value) ? pair.value.get('type') : undefined;
      const name = String(pair.key.value);
      if (name === '__proto__') continue; // refused by the config loader; never a key of `out`
      out[name] = knownConnection(typeof type === 'string' ? type : 'unknown', operations);
    }
  }
  return out;
}

/** Connections of a loaded config with their types' operations, for scheme validation. */
export function configConnections(config: Pick<LoadedConfig, 'connections'>): KnownConnections {
  const operations = connectorOperations();
  return Object.fromEntries(
    Object.entries(config.connections).map(([name, c]) => [name, knownConnection(c.type, operations)]),
  );
}

function knownConnection(type: string, operations: ConnectorOperations): KnownConnection {
  const ops = Object.hasOwn(operations, type) ? operations[type] : undefined;
  return ops ? { type, read: ops.read, write: ops.write } : { type };
}
