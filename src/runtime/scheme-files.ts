import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { formatIssue, loadSchemeFile, parseSchemeText, type SchemeIssue } from '../scheme/load-scheme.js';
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
}

/** Reads every `*.yaml`/`*.yml` directly in `dir` (fixtures in sub-folders are not schemes). */
export async function readSchemeDirectory(dir: string, connections: KnownConnections): Promise<SchemeDirectory> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch {
    return { schemes: [], invalid: [] };
  }
  const result: SchemeDirectory = { schemes: [], invalid: [] };
  const seen = new Map<string, string>();
  for (const name of names) {
    const loaded = await loadSchemeFile(join(dir, name), { connections });
    if (!loaded.ok) {
      result.invalid.push({ file: loaded.file, issues: loaded.issues });
      continue;
    }
    const other = seen.get(loaded.scheme.id);
    if (other) {
      result.invalid.push({
        file: loaded.file,
        issues: [
          {
            file: loaded.file,
            path: 'id',
            line: 1,
            message: `Scheme id "${loaded.scheme.id}" is already used by ${other}`,
          },
        ],
      });
      continue;
    }
    seen.set(loaded.scheme.id, loaded.file);
    result.schemes.push({ file: loaded.file, text: loaded.text, scheme: loaded.scheme });
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
  connections: KnownConnections,
  existingFile?: string,
): Promise<SchemeFile> {
  const parsed = parseSchemeText(text, existingFile ?? '<editor>', { connections });
  if (!parsed.ok) {
    throw new ConfigError(`Scheme does not validate:\n${parsed.issues.map(formatIssue).join('\n')}`, {
      code: 'scheme.invalid',
      details: { issues: parsed.issues },
    });
  }
  await mkdir(dir, { recursive: true });
  const file = existingFile ?? join(dir, `${parsed.scheme.id}.yaml`);
  await writeFileAtomic(file, text);
  return { file, text, scheme: parsed.scheme };
}

/** Sets `enabled:` in scheme YAML text, keeping comments and layout. */
export function withEnabled(text: string, enabled: boolean): string {
  const doc = parseDocument(text);
  doc.set('enabled', enabled);
  return doc.toString();
}
