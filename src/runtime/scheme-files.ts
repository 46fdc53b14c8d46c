import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../core/errors.js';
import {
  formatIssue,
  loadSchemeFile,
  parseSchemeText,
  type SchemeIssue,
  type SchemeLoadOptions,
  type SchemeLoadResult,
} from '../scheme/load-scheme.js';
import { checkSchemeSet } from '../scheme/scheme-set-checks.js';
import type { Scheme } from '../scheme/scheme.schema.js';
import type { KnownConnections } from '../scheme/scheme-checks.js';

export interface SchemeFile {
  file: string;
  text: string;
  scheme: Scheme;
}

export interface SchemeDirectory {
  schemes: SchemeFile[];
  /** Files that did not validate, with their issues (the engine runs the valid ones). */
  invalid: Array<{ file: string; issues: SchemeIssue[] }>;
  /** Accepted files' warnings (a byte order mark), for the log. */
  warnings: SchemeIssue[];
}

/**
 * Reads every `*.yaml`/`*.yml` directly in `dir` (fixtures in sub-folders are not schemes) and
 * checks them together (unique ids, preconditions and lookups naming loaded schemes, no cycles).
 */
export async function readSchemeDirectory(dir: string, connections: KnownConnections): Promise<SchemeDirectory> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch {
    return { schemes: [], invalid: [], warnings: [] };
  }
  const loaded: SchemeLoadResult[] = [];
  for (const name of names) loaded.push(await loadSchemeFile(join(dir, name), { connections }));
  const result: SchemeDirectory = { schemes: [], invalid: [], warnings: [] };
  for (const r of checkSchemeSet(loaded)) {
    if (!r.ok) result.invalid.push({ file: r.file, issues: r.issues });
    else {
      result.schemes.push({ file: r.file, text: r.text, scheme: r.scheme });
      result.warnings.push(...r.warnings);
    }
  }
  return result;
}

/** Writes a file atomically (temp file + rename), so a crash never leaves half a scheme. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text, 'utf8');
  await rename(temp, file);
}

/** Validates and writes scheme text into `dir` (as `<id>.yaml`, or over `existingFile`). */
export async function saveSchemeText(
  dir: string,
  text: string,
  options: SchemeLoadOptions,
  existingFile?: string,
): Promise<SchemeFile> {
  const parsed = parseSchemeText(text, existingFile ?? '<editor>', options);
  if (!parsed.ok) {
    throw new ConfigError(`Scheme does not validate:\n${parsed.issues.map(formatIssue).join('\n')}`, {
      code: 'scheme.invalid',
      details: { issues: parsed.issues },
    });
  }
  await mkdir(dir, { recursive: true });
  const file = existingFile ?? join(dir, `${parsed.scheme.id}.yaml`);
  // The text as validated: a byte order mark (accepted with a warning) is not written back.
  await writeFileAtomic(file, parsed.text);
  return { file, text: parsed.text, scheme: parsed.scheme };
}

/** Sets `enabled:` in scheme YAML text, keeping comments and layout. */
export function withEnabled(text: string, enabled: boolean): string {
  const doc = parseDocument(text);
  doc.set('enabled', enabled);
  return doc.toString();
}
