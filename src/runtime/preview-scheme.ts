import { serializeError, type SerializedError } from '../core/errors.js';
import { diffJson } from '../scheme/mapping/json-diff.js';
import { contentHash } from '../ledger/stable-hash.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Connector } from '../connectors/connector.js';
import { renderTemplates } from '../scheme/template.js';
import { sourceWindow } from './ingest-source.js';
import type { PreparedScheme } from './run-context.js';

/** One document of a dry run: its source, the payload it maps to, and how that differs from the last push. */
export interface PreviewItem {
  key: string;
  source: unknown;
  payload?: unknown;
  error?: SerializedError;
  /** Field-level differences against the payload last pushed for this key. */
  diff?: Array<{ path: string; before: unknown; after: unknown }>;
  unchanged?: boolean;
}

/**
 * Dry run: reads the scheme's next window (or maps the given document), maps each document and
 * diffs it against what the target last accepted. Writes nothing: not the ledger, not the cursor.
 */
export async function previewScheme(
  scheme: PreparedScheme,
  deps: { ledger: Ledger; connectors: ReadonlyMap<string, Connector>; now: () => Date },
  options: { limit?: number; sourceDocument?: unknown } = {},
): Promise<PreviewItem[]> {
  const limit = Math.max(1, Math.min(options.limit ?? 10, 1000));
  const documents: Array<{ key: string; document: unknown }> = [];
  if (options.sourceDocument !== undefined) {
    const doc = (options.sourceDocument ?? {}) as Record<string, unknown>;
    documents.push({ key: scheme.documentKey(doc) || 'preview', document: doc });
  } else {
    const cursor = await deps.ledger.getCursor(scheme.id);
    const window = sourceWindow(scheme, cursor?.value ?? null, deps.now());
    const params = renderTemplates(scheme.source.params, window.variables);
    const abort = new AbortController();
    const rows = deps.connectors.get(scheme.source.connection)!.read(scheme.source.api, params, abort.signal);
    for await (const doc of scheme.documents(rows)) {
      documents.push({ key: doc.key, document: doc.document });
      if (documents.length >= limit) break; // leaving the loop closes the generators and stops paging
    }
    abort.abort();
  }
  const items: PreviewItem[] = [];
  for (const { key, document } of documents) {
    const record = await deps.ledger.getRecord(scheme.id, key);
    try {
      const payload = await scheme.map(document, key);
      const pushed = record?.pushedHash
        ? (record.pushedPayload ?? (record.payloadHash === record.pushedHash ? record.payload : null))
        : null;
      const unchanged = record?.pushedHash === contentHash(payload);
      items.push({
        key,
        source: document,
        payload,
        unchanged,
        diff: diffJson(pushed ?? {}, payload).map((d) => ({ path: d.path, before: d.before, after: d.after })),
      });
    } catch (error) {
      items.push({ key, source: document, error: serializeError(error) });
    }
  }
  return items;
}
