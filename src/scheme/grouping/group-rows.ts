import { createHash } from 'node:crypto';
import { ConfigError, type RecordRejectedError } from '../../core/errors.js';
import type { Scheme } from '../scheme.schema.js';
import { DEFAULT_TIMEZONE, normalizeTimestamp } from '../timestamp.js';
import { checkDocumentKey, QUARANTINE_KEY_PREFIX } from './document-key.js';
import { capFields, DEFAULT_MAX_FIELD_CHARS } from './field-limits.js';
import {
  DEFECTS_FIELD,
  defectError,
  defectPreview,
  MAX_DEFECTS_KEPT,
  rowDefectsOf,
  type SourceDefect,
} from './source-defect.js';

type Row = Record<string, unknown>;

/** How rows become documents; build it from a scheme with groupSpecFor(). */
export interface GroupSpec {
  /** Field identifying a document (group.key, or source.key for one row = one document). */
  key: string;
  /** Field identifying a line; absent = one row is one document. */
  lineKey?: string;
  /** Fields that belong to lines; the rest are header fields. */
  lineFields?: readonly string[];
  /** Property holding the lines array. Default "lines". */
  linesAs?: string;
  /** Rows of a document arrive together (default true); false buffers and merges every row. */
  sorted?: boolean;
  /** Cursor fields; a document's version is the latest of them across its rows. */
  versionFields?: readonly string[];
  /** Offset of the source's wall-clock timestamps. Default "+08:00". */
  timezone?: string;
  /** Longest text value of one field (characters); longer fails the document. Default DEFAULT_MAX_FIELD_CHARS. */
  maxFieldChars?: number;
}

export interface GroupedDocument {
  /** Document key as a string (the ledger key). */
  key: string;
  /** Header fields plus the lines array (or the row itself without grouping). */
  document: Record<string, unknown>;
  /** Latest cursor value across the rows, normalised "yyyy-MM-ddTHH:mm:ss.SSS"; null without cursor fields/values. */
  version: string | null;
  /** Source rows that made up the document. */
  rowCount: number;
  /**
   * Set when the document cannot be synced as read (a row of it was malformed, held invalid text or
   * an oversized field; the document lists them under DEFECTS_FIELD): record it as failed, go on.
   */
  error?: RecordRejectedError;
  /** A row whose key could not be read, kept apart under a `quarantined:` key with the row and `error`. */
  quarantined?: boolean;
}

/** The grouping spec a scheme implies. */
export function groupSpecFor(scheme: Scheme): GroupSpec {
  const group = scheme.source.group;
  const key = group?.key ?? scheme.source.key;
  if (!key)
    throw new ConfigError(`Scheme ${scheme.id} has neither source.group.key nor source.key`, {
      code: 'scheme.key_missing',
    });
  return {
    key,
    lineKey: group?.lineKey,
    lineFields: group?.lineFields,
    linesAs: group?.linesAs,
    sorted: group?.sorted,
    versionFields: scheme.source.cursor?.fields,
    timezone: scheme.source.cursor?.timezone,
  };
}

/** Rows of one document (and consecutive documents) usually share timestamps; parsing each once matters at 100k+ rows. */
class VersionNormalizer {
  private readonly cache = new Map<unknown, string | null>();
  constructor(private readonly timezone: string) {}
  normalize(value: unknown): string | null {
    if (value === undefined || value === null || value === '') return null;
    let hit = this.cache.get(value);
    if (hit === undefined) {
      if (this.cache.size > 4_096) this.cache.clear();
      hit = normalizeTimestamp(value, this.timezone);
      this.cache.set(value, hit);
    }
    return hit;
  }
}

class DocumentBuilder {
  readonly header: Row = {};
  readonly lines = new Map<string, Row>();
  readonly defects: SourceDefect[] = [];
  version: string | null = null;
  rowCount = 0;

  constructor(
    readonly key: string,
    private readonly spec: GroupSpec,
    private readonly lineFields: ReadonlySet<string>,
    private readonly versions: VersionNormalizer,
  ) {}

  addDefects(defects: readonly SourceDefect[]): void {
    for (const defect of defects) if (this.defects.length < MAX_DEFECTS_KEPT) this.defects.push(defect);
  }

  add(row: Row, defects: readonly SourceDefect[]): void {
    this.rowCount++;
    this.addDefects(defects);
    for (const field of this.spec.versionFields ?? []) {
      const v = this.versions.normalize(row[field]);
      if (v !== null && (this.version === null || v > this.version)) this.version = v;
    }
    const lineKey = this.spec.lineKey;
    if (!lineKey) {
      Object.assign(this.header, row);
      return;
    }
    if (this.rowCount === 1) for (const [k, v] of Object.entries(row)) if (!this.lineFields.has(k)) this.header[k] = v;
    const id = row[lineKey];
    // A header-only row (an order without entries) carries no line.
    if (id === undefined || id === null || id === '') return;
    const line: Row = {};
    for (const field of this.lineFields) if (field in row) line[field] = row[field];
    this.lines.set(String(id), line);
  }

  build(): GroupedDocument {
    const document: Row = this.spec.lineKey
      ? { ...this.header, [this.spec.linesAs ?? 'lines']: [...this.lines.values()] }
      : this.header;
    const built: GroupedDocument = { key: this.key, document, version: this.version, rowCount: this.rowCount };
    if (this.defects.length === 0) return built;
    document[DEFECTS_FIELD] = this.defects;
    return { ...built, error: defectError(this.key, this.defects) };
  }
}

/**
 * What one source row turned out to be: part of a document, or a row kept apart. `ownerUnknown`:
 * the row had no readable key at all, so it may be a line of a neighbouring document.
 */
type RowRead =
  | { key: string; row: Row; defects: readonly SourceDefect[] }
  | { quarantined: GroupedDocument; ownerUnknown: boolean };

/** The defect given to the documents next to a row whose key could not be read (sorted sources). */
function neighbourDefect(quarantined: GroupedDocument, rowNumber: number): SourceDefect {
  return {
    code: 'source.neighbour_quarantined',
    row: rowNumber,
    message: `row ${rowNumber}, next to this document's rows, could not be read and was quarantined as ${quarantined.key}; it may be one of this document's lines, so the document is not synced (a partial document would overwrite the target) until the row is fixed in the source system`,
  };
}

/**
 * A row without a usable key, as a document of its own: the key is a hash of the row, so the same
 * broken row read again lands on the same ledger record instead of piling up new ones.
 */
function quarantineRow(defects: readonly SourceDefect[], rowNumber: number): GroupedDocument {
  const kept = defects.slice(0, MAX_DEFECTS_KEPT);
  const hash = createHash('sha256')
    .update(JSON.stringify(kept.map((d) => [d.code, d.field ?? null, d.raw ?? null])))
    .digest('hex')
    .slice(0, 16);
  const key = `${QUARANTINE_KEY_PREFIX}${hash}`;
  const withRow = kept.map((d) => (d.row === undefined ? { ...d, row: rowNumber } : d));
  return {
    key,
    document: { [DEFECTS_FIELD]: withRow },
    version: null,
    rowCount: 1,
    error: defectError(key, withRow),
    quarantined: true,
  };
}

/**
 * Streams flat rows (one per entry line, as ExecuteBillQuery returns them) into documents.
 * With `sorted` (the default) only the current document is held, so memory stays constant however
 * many rows arrive; a key that shows up again after its document was emitted means the source is
 * not sorted by the key, and is reported as a config error rather than emitting a document with
 * only some of its lines (which would overwrite the target with a partial order).
 * Bad data fails only itself: a row a connector marked defective, or with an oversized field,
 * yields its document with `error`; a row whose key is missing or unusable (see checkDocumentKey)
 * is yielded alone as a quarantined document. Neither stops the read. A sorted source's row with no
 * readable key also fails the documents on either side of it, which it may belong to. (Unsorted,
 * its document cannot be told; the quarantined record is then the only trace.)
 */
export async function* groupRows(
  rows: AsyncIterable<Row> | Iterable<Row>,
  spec: GroupSpec,
): AsyncGenerator<GroupedDocument> {
  const lineFields = new Set([...(spec.lineFields ?? []), ...(spec.lineKey ? [spec.lineKey] : [])]);
  const versions = new VersionNormalizer(spec.timezone ?? DEFAULT_TIMEZONE);
  const maxFieldChars = spec.maxFieldChars ?? DEFAULT_MAX_FIELD_CHARS;
  // Rows of one document share its key: check each key value once, not once per line.
  let lastValue: unknown = Symbol('none');
  let lastCheck = checkDocumentKey(undefined);
  const read = (source: Row, index: number): RowRead => {
    const rowNumber = index + 1;
    const marked = rowDefectsOf(source);
    const { row, defects: capped } = capFields(source, maxFieldChars, rowNumber);
    const defects = marked.length > 0 ? [...marked, ...capped] : capped;
    const value = row[spec.key];
    if (value !== lastValue) {
      lastValue = value;
      lastCheck = checkDocumentKey(value);
    }
    const check = lastCheck;
    if (check.ok) return { key: check.key, row, defects };
    if (check.missing && marked.length === 0 && !(spec.key in row)) {
      // The field is not in the row at all: the query does not select it, which no row can fix.
      throw new ConfigError(
        `Source row ${rowNumber} has no value for the document key "${spec.key}"; add it to the query's fields (e.g. FieldKeys)`,
        {
          code: 'grouping.key_missing',
          details: { keyField: spec.key, row: rowNumber },
        },
      );
    }
    if (marked.length > 0 && check.missing)
      return { quarantined: quarantineRow(defects, rowNumber), ownerUnknown: true };
    const keyDefect: SourceDefect = {
      code: check.missing ? 'source.key_missing' : 'source.bad_key',
      field: spec.key,
      row: rowNumber,
      message: `the document key "${spec.key}" ${check.problem}`,
      raw: defectPreview(row),
    };
    return { quarantined: quarantineRow([keyDefect, ...defects], rowNumber), ownerUnknown: check.missing };
  };
  // The same broken row read twice in one run is one quarantined record.
  const quarantined = new Set<string>();
  const isNewQuarantine = (doc: GroupedDocument): boolean => {
    if (quarantined.has(doc.key)) return false;
    quarantined.add(doc.key);
    return true;
  };

  if (spec.sorted === false) {
    const all = new Map<string, DocumentBuilder>();
    let index = 0;
    for await (const source of rows) {
      const got = read(source, index++);
      if ('quarantined' in got) {
        if (isNewQuarantine(got.quarantined)) yield got.quarantined;
        continue;
      }
      let builder = all.get(got.key);
      if (!builder) all.set(got.key, (builder = new DocumentBuilder(got.key, spec, lineFields, versions)));
      builder.add(got.row, got.defects);
    }
    for (const builder of all.values()) yield builder.build();
    return;
  }

  // Keys only (not documents) are remembered, to detect unsorted input.
  const emitted = new Set<string>();
  let current: DocumentBuilder | null = null;
  // A row without a readable key sits between the rows of the document before it and the next one:
  // it may be a line of either, so both fail rather than sync without it.
  let suspect: SourceDefect | null = null;
  let index = 0;
  for await (const source of rows) {
    const got = read(source, index++);
    if ('quarantined' in got) {
      if (got.ownerUnknown) {
        suspect = neighbourDefect(got.quarantined, index);
        current?.addDefects([suspect]);
      }
      if (isNewQuarantine(got.quarantined)) yield got.quarantined;
      continue;
    }
    const { key } = got;
    if (current && current.key === key) {
      current.add(got.row, got.defects);
      suspect = null;
      continue;
    }
    if (current) {
      emitted.add(current.key);
      yield current.build();
    }
    if (emitted.has(key)) {
      throw new ConfigError(
        `Rows of document "${key}" are not contiguous (row ${index}): sort the source by "${spec.key}" (e.g. OrderString "${spec.key} ASC"), or set source.group.sorted: false for a small source`,
        { code: 'grouping.rows_not_contiguous', details: { key, keyField: spec.key, row: index } },
      );
    }
    current = new DocumentBuilder(key, spec, lineFields, versions);
    current.add(got.row, suspect ? [...got.defects, suspect] : got.defects);
    suspect = null;
  }
  if (current) yield current.build();
}
