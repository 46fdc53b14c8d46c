import { ConfigError } from '../../core/errors.js';
import type { Scheme } from '../scheme.schema.js';
import { DEFAULT_TIMEZONE, normalizeTimestamp } from '../timestamp.js';

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
}

/** The grouping spec a scheme implies. */
export function groupSpecFor(scheme: Scheme): GroupSpec {
  const group = scheme.source.group;
  const key = group?.key ?? scheme.source.key;
  if (!key) throw new ConfigError(`Scheme ${scheme.id} has neither source.group.key nor source.key`, { code: 'scheme.key_missing' });
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
  version: string | null = null;
  rowCount = 0;

  constructor(
    readonly key: string,
    private readonly spec: GroupSpec,
    private readonly lineFields: ReadonlySet<string>,
    private readonly versions: VersionNormalizer,
  ) {}

  add(row: Row): void {
    this.rowCount++;
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
    const document = this.spec.lineKey ? { ...this.header, [this.spec.linesAs ?? 'lines']: [...this.lines.values()] } : this.header;
    return { key: this.key, document, version: this.version, rowCount: this.rowCount };
  }
}

/**
 * Streams flat rows (one per entry line, as ExecuteBillQuery returns them) into documents.
 * With `sorted` (the default) only the current document is held, so memory stays constant however
 * many rows arrive; a key that shows up again after its document was emitted means the source is
 * not sorted by the key, and is reported as a config error rather than emitting a document with
 * only some of its lines (which would overwrite the target with a partial order).
 */
export async function* groupRows(rows: AsyncIterable<Row> | Iterable<Row>, spec: GroupSpec): AsyncGenerator<GroupedDocument> {
  const lineFields = new Set([...(spec.lineFields ?? []), ...(spec.lineKey ? [spec.lineKey] : [])]);
  const versions = new VersionNormalizer(spec.timezone ?? DEFAULT_TIMEZONE);
  const keyOf = (row: Row, index: number): string => {
    const value = row[spec.key];
    if (value === undefined || value === null || value === '') {
      throw new ConfigError(`Source row ${index + 1} has no value for the document key "${spec.key}"; add it to the query's fields (e.g. FieldKeys)`, {
        code: 'grouping.key_missing',
        details: { keyField: spec.key, row: index + 1 },
      });
    }
    return String(value);
  };

  if (spec.sorted === false) {
    const all = new Map<string, DocumentBuilder>();
    let index = 0;
    for await (const row of rows) {
      const key = keyOf(row, index++);
      let builder = all.get(key);
      if (!builder) all.set(key, (builder = new DocumentBuilder(key, spec, lineFields, versions)));
      builder.add(row);
    }
    for (const builder of all.values()) yield builder.build();
    return;
  }

  // Keys only (not documents) are remembered, to detect unsorted input.
  const emitted = new Set<string>();
  let current: DocumentBuilder | null = null;
  let index = 0;
  for await (const row of rows) {
    const key = keyOf(row, index++);
    if (current && current.key === key) {
      current.add(row);
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
    current.add(row);
  }
  if (current) yield current.build();
}
