import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { $ZodIssue } from 'zod/v4/core';
import { schemeMigrations } from './migrations/index.js';
import { migrateSchemeDocument, type SchemeMigration } from './migrations/index.js';
import { checkScheme, type ConnectorOperations, type KnownConnections, type RawIssue } from './scheme-checks.js';
import { ambiguousNumberIssues } from './number-literal-checks.js';
import { unknownReferenceIssues } from './scheme-references.js';
import { CURRENT_SCHEME_VERSION, schemeSchema, type Scheme } from './scheme.schema.js';
import { closest, knownKeysAt } from './schema-keys.js';
import { decodeYamlBytes, guardYaml, yamlToJs, type YamlIssue } from './yaml-guard.js';
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
      /** Accepted but worth fixing (a byte order mark). */
      warnings: SchemeIssue[];
    }
  | {
      ok: false;
      file: string;
      issues: SchemeIssue[];
      /** The id the file declares, when it could be read (so other schemes' references can name this file). */
      id?: string;
    };

export interface SchemeLoadOptions {
  /** Connections from qiao.yaml (name → { type, read, write }); references to others become issues. */
  connections?: KnownConnections;
  /** Operations of every connector type, checked against source/target APIs (without `connections`: any type's). */
  operations?: ConnectorOperations;
  /** Ids of the loaded schemes: preconditions and literal $lookup ids must name one of them. */
  schemeIds?: readonly string[];
  /** Migration registry (tests inject synthetic ones). Default: the shipped registry. */
  migrations?: readonly SchemeMigration[];
  /** Format version to migrate to. Default CURRENT_SCHEME_VERSION. */
  targetVersion?: number;
}

/** Largest scheme file read (characters): far above any real scheme, small enough to parse at once. */
export const MAX_SCHEME_CHARS = 4 * 1024 * 1024;

/**
 * Parses, migrates and validates scheme YAML: guarded parse (size, prototype keys, tags, alias
 * budget) → migrate → zod → semantic checks (→ references to other schemes when `schemeIds` is
 * given). Never throws for bad input; every problem comes back as an issue with line and column.
 */
export function parseSchemeText(text: string, fileName: string, options: SchemeLoadOptions = {}): SchemeLoadResult {
  const guarded = guardYaml(text, {
    what: 'scheme',
    maxChars: MAX_SCHEME_CHARS,
    emptyHint: 'version, id, name, source, mapping and target (see schemes/ for examples)',
  });
  const { doc, lineCounter } = guarded;
  const located = (issue: YamlIssue): SchemeIssue => ({ file: fileName, ...issue, path: formatPath(issue.path) });
  const idOf = (raw: unknown): string | undefined => {
    const id = (raw as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : undefined;
  };
  if (guarded.issues.length > 0) return { ok: false, file: fileName, issues: guarded.issues.map(located) };
  const js = yamlToJs(guarded);
  if (!js.ok) return { ok: false, file: fileName, issues: [located(js.issue)] };
  const raw = js.value;
  const fail = (issues: SchemeIssue[]): SchemeLoadResult => ({ ok: false, file: fileName, id: idOf(raw), issues });
  const at = (issue: RawIssue): SchemeIssue => {
    const pos =
      issue.offset !== undefined
        ? locateInScalar(doc, lineCounter, guarded.text, issue.path, issue.offset)
        : locatePath(doc, lineCounter, issue.path, issue.at);
    return {
      file: fileName,
      path: formatPath(issue.displayPath ?? issue.path),
      line: pos?.line ?? 1,
      column: pos?.column ?? 1,
      message: issue.message,
    };
  };

  const migrated = migrateSchemeDocument(
    raw,
    options.migrations ?? schemeMigrations,
    options.targetVersion ?? CURRENT_SCHEME_VERSION,
  );
  if (!migrated.ok) return fail([at({ path: migrated.path, message: migrated.message })]);

  const parsed = schemeSchema.safeParse(migrated.doc);
  if (!parsed.success) return fail(withoutTypoEchoes(parsed.error.issues.flatMap((issue) => zodIssues(issue))).map(at));

  const semantic = [
    ...checkScheme(parsed.data, options.connections, options.operations),
    ...ambiguousNumberIssues(doc, guarded.text, parsed.data.mapping.document),
  ];
  if (options.schemeIds) semantic.push(...unknownReferenceIssues(parsed.data, new Set(options.schemeIds)));
  if (semantic.length > 0) return fail(semantic.map(at));
  const warnings: SchemeIssue[] = guarded.bom
    ? [{ file: fileName, path: '', line: 1, column: 1, message: BOM_WARNING }]
    : [];
  return {
    ok: true,
    scheme: parsed.data,
    file: fileName,
    text: guarded.text,
    migrated: migrated.applied,
    warnings,
  };
}

/**
 * A leading UTF-8 byte order mark (Windows editors write one) is accepted: it carries no meaning
 * in YAML, so refusing the file would only punish the editor choice. It is reported so the file
 * can be saved cleanly, and dropped from the text qiao keeps.
 */
export const BOM_WARNING =
  'The file starts with a UTF-8 byte order mark (BOM), which is ignored; save it as "UTF-8" (without BOM) to silence this warning';

/** Reads and validates a scheme file; a file that cannot be read is an issue, not an exception. */
export async function loadSchemeFile(path: string, options: SchemeLoadOptions = {}): Promise<SchemeLoadResult> {
  const text = await readSchemeText(path);
  if (typeof text !== 'string') return { ok: false, file: path, issues: [{ file: path, ...text }] };
  const result = parseSchemeText(text, path, options);
  if (!result.ok) return result;
  const missing = missingFixtures(result.scheme, path);
  if (missing.length === 0) return result;
  const lineCounter = new LineCounter();
  const doc = parseDocument(result.text, { lineCounter });
  return {
    ok: false,
    file: path,
    id: result.scheme.id,
    issues: missing.map(({ at, file }) => {
      const pos = locatePath(doc, lineCounter, at);
      return {
        file: path,
        path: formatPath(at),
        line: pos?.line ?? 1,
        column: pos?.column ?? 1,
        message: `Test fixture "${file}" does not exist (paths are relative to the scheme file)`,
      };
    }),
  };
}

/** The file as text, or an issue: unreadable, too big, UTF-16, or bytes that are not UTF-8 (never replaced silently). */
async function readSchemeText(path: string): Promise<string | Omit<SchemeIssue, 'file'>> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (info.size > MAX_SCHEME_CHARS * 4)
      return { path: '', line: 1, column: 1, message: `The file has ${info.size} bytes; is it a scheme?` };
    bytes = await readFile(path);
  } catch (error) {
    return { path: '', message: `Cannot read the scheme file: ${(error as Error).message}` };
  }
  const decoded = decodeYamlBytes(bytes, 'scheme');
  return typeof decoded === 'string' ? decoded : { path: '', ...decoded };
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
  return [{ path, message: zodIssueMessage(issue) }];
}

/** A zod issue's message; a bad record key says which key and why (zod alone says "Invalid key in record"). */
export function zodIssueMessage(issue: $ZodIssue): string {
  if (issue.code !== 'invalid_key') return issue.message;
  const key = issue.path[issue.path.length - 1];
  return `Invalid key ${JSON.stringify(String(key))}: ${issue.issues.map((i) => i.message).join('; ')}`;
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
