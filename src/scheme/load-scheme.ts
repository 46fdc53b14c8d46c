import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { $ZodIssue } from 'zod/v4/core';
import { schemeMigrations } from './migrations/index.js';
import { migrateSchemeDocument, type SchemeMigration } from './migrations/index.js';
import { checkScheme, type KnownConnections, type RawIssue } from './scheme-checks.js';
import { CURRENT_SCHEME_VERSION, schemeSchema, type Scheme } from './scheme.schema.js';
import { closest, knownKeysAt } from './schema-keys.js';
import { locateInScalar, locatePath } from './yaml-positions.js';

/** A validation issue with the file it is in, e.g. `schemes/x.yaml:12:3 mapping: Unrecognized key "documnet"`. */
/** One problem in a scheme document, located for the editor and the CLI. */
export interface SchemeValidationIssue {
  /** JSON path inside the document, e.g. "mapping.fields.company_id". */
  path: string;
  /** 1-based line in the YAML text, when known. */
  line?: number;
  column?: number;
  message: string;
}

export type SchemeValidationResult =
  | { ok: true; id: string; scheme: unknown }
  | { ok: false; issues: SchemeValidationIssue[] };

export interface SchemeIssue extends SchemeValidationIssue {
  file: string;
}

export type SchemeLoadResult =
  | {
      ok: true;
      scheme: Scheme;
      file: string;
      /** The YAML text as read. */
      text: string;
      /** Migrations applied on load ("1→2: …"); empty when the file is current. */
      migrated: string[];
    }
  | { ok: false; file: string; issues: SchemeIssue[] };

export interface SchemeLoadOptions {
  /** Connections from qiao.yaml (name → { type }); references to others become issues. */
  connections?: KnownConnections;
  /** Migration registry (tests inject synthetic ones). Default: the shipped registry. */
  migrations?: readonly SchemeMigration[];
  /** Format version to migrate to. Default CURRENT_SCHEME_VERSION. */
  targetVersion?: number;
}

/**
 * Parses, migrates and validates scheme YAML: parse → migrate → zod → semantic checks. Never
 * throws for bad input; every problem comes back as an issue with line and column.
 */
export function parseSchemeText(text: string, fileName: string, options: SchemeLoadOptions = {}): SchemeLoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const fail = (issues: SchemeIssue[]): SchemeLoadResult => ({ ok: false, file: fileName, issues });

  if (doc.errors.length > 0) {
    return fail(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return {
          file: fileName,
          path: '',
          line: pos.line,
          column: pos.col,
          message: `YAML: ${e.message.split('\n')[0]}`,
        };
      }),
    );
  }
  const at = (issue: RawIssue): SchemeIssue => {
    const pos =
      issue.offset !== undefined
        ? locateInScalar(doc, lineCounter, text, issue.path, issue.offset)
        : locatePath(doc, lineCounter, issue.path, issue.at);
    return {
      file: fileName,
      path: formatPath(issue.displayPath ?? issue.path),
      line: pos?.line,
      column: pos?.column,
      message: issue.message,
    };
  };

  const raw = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const migrated = migrateSchemeDocument(
    raw,
    options.migrations ?? schemeMigrations,
    options.targetVersion ?? CURRENT_SCHEME_VERSION,
  );
  if (!migrated.ok) return fail([at({ path: migrated.path, message: migrated.message })]);

  const parsed = schemeSchema.safeParse(migrated.doc);
  if (!parsed.success) return fail(withoutTypoEchoes(parsed.error.issues.flatMap((issue) => zodIssues(issue))).map(at));

  const semantic = checkScheme(parsed.data, options.connections);
  if (semantic.length > 0) return fail(semantic.map(at));
  return { ok: true, scheme: parsed.data, file: fileName, text, migrated: migrated.applied };
}

/** Reads and validates a scheme file; a file that cannot be read is an issue, not an exception. */
export async function loadSchemeFile(path: string, options: SchemeLoadOptions = {}): Promise<SchemeLoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return {
      ok: false,
      file: path,
      issues: [{ file: path, path: '', message: `Cannot read the scheme file: ${(error as Error).message}` }],
    };
  }
  const result = parseSchemeText(text, path, options);
  if (!result.ok) return result;
  const missing = missingFixtures(result.scheme, path);
  if (missing.length === 0) return result;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return {
    ok: false,
    file: path,
    issues: missing.map(({ at, file }) => {
      const pos = locatePath(doc, lineCounter, at);
      return {
        file: path,
        path: formatPath(at),
        line: pos?.line,
        column: pos?.column,
        message: `Test fixture "${file}" does not exist (paths are relative to the scheme file)`,
      };
    }),
  };
}

/** Test fixture files the scheme names that are not on disk. */
function missingFixtures(scheme: Scheme, schemeFile: string): Array<{ at: Array<string | number>; file: string }> {
  const dir = dirname(resolve(schemeFile));
  const out: Array<{ at: Array<string | number>; file: string }> = [];
  scheme.tests.forEach((test, i) => {
    for (const key of ['source', 'expect'] as const) {
      const file = test[key];
      if (file !== undefined && !existsSync(resolve(dir, file))) out.push({ at: ['tests', i, key], file });
    }
  });
  return out;
}

/** `file:line:col path: message`, the format editors and CI annotate. */
export function formatIssue(issue: SchemeIssue): string {
  const where = [issue.file, issue.line, issue.column].filter((p) => p !== undefined).join(':');
  return `${where} ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

/** "mapping.document.order_no", "tests[0].name"; keys with dots or spaces are quoted. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, segment) => {
    if (typeof segment === 'number') return `${out}[${segment}]`;
    const s = String(segment);
    const part = /^[A-Za-z_$][\w$-]*$/.test(s) ? s : JSON.stringify(s);
    return out ? `${out}.${part}` : part;
  }, '');
}

function zodIssues(issue: $ZodIssue): RawIssue[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const suggestion = closest(key, knownKeysAt(schemeSchema, path));
      return {
        path: [...path, key],
        displayPath: path,
        at: 'key' as const,
        suggestion,
        message: unknownKeyMessage(key, suggestion),
      };
    });
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Report the alternative that got furthest instead of "Invalid input".
    const best = [...issue.errors].sort((a, b) => a.length - b.length)[0];
    if (best.length > 0 && best.every((i) => i.code === 'unrecognized_keys') === false) {
      return best.flatMap((i) => zodIssues({ ...i, path: [...issue.path, ...i.path] } as $ZodIssue));
    }
  }
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message) && path.length > 0) {
    return [{ path, missing: true, message: `Missing required field "${String(path[path.length - 1])}"` }];
  }
  return [{ path, message: issue.message }];
}

/**
 * A misspelt key produces two issues: the unknown key and the (now missing) required one. When
 * the unknown key's suggestion is exactly the missing field, the second adds nothing; drop it.
 */
function withoutTypoEchoes(issues: RawIssue[]): RawIssue[] {
  const suggested = new Set(
    issues.filter((i) => i.suggestion).map((i) => formatPath([...(i.displayPath ?? []), i.suggestion as string])),
  );
  return issues.filter((i) => !(i.missing && suggested.has(formatPath(i.path))));
}

function unknownKeyMessage(key: string, suggestion: string | undefined): string {
  return `Unrecognized key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
}
