import { IntegrationError, serializeError, toIntegrationError } from '../core/errors.js';
import { formatTimestamp, parseTimestamp } from '../scheme/timestamp.js';
import { collectTemplateUses, renderTemplates } from '../scheme/template.js';
import { contentHash } from '../ledger/stable-hash.js';
import type { IngestDocument, IngestOutcome, RunCounts } from '../ledger/ledger.js';
import type { PreparedScheme, RunDeps } from './run-context.js';
import { decideFailure } from './record-policy.js';
import { quotedKeyList, waitingKeys } from './waiting-keys.js';

export interface IngestWindow {
  /** Cursor before the run (source wall-clock text), or null on a full read. */
  cursorFrom: string | null;
  /** The window's upper bound; becomes the cursor once every document read is recorded. */
  cursorTo: string | null;
}

/** Computes the incremental window and the template variables for the source parameters. */
export function sourceWindow(
  scheme: PreparedScheme,
  cursorValue: string | null,
  now: Date,
): IngestWindow & { variables: Record<string, unknown> } {
  const cursor = scheme.source.cursor;
  if (!cursor) {
    const nowText = now.toISOString();
    return {
      cursorFrom: null,
      cursorTo: null,
      variables: { now: nowText, lastSyncTime: null, window: { from: null, to: nowText }, waitingKeys: NO_KEYS },
    };
  }
  const tz = cursor.timezone;
  const last = cursorValue ?? cursor.start;
  const pattern = cursor.format;
  const to = formatTimestamp(now, pattern, tz);
  const lastMs = last === null ? null : (parseTimestamp(last, tz)?.getTime() ?? null);
  if (last !== null && lastMs === null) {
    throw new IntegrationError(
      `Cursor value "${last}" of scheme ${scheme.id} is not a timestamp; set it with \`qiao cursor ${scheme.id} --set yyyy-MM-ddTHH:mm:ss\``,
      { code: 'runtime.bad_cursor', kind: 'config' },
    );
  }
  const from = formatTimestamp(new Date(lastMs === null ? 0 : lastMs - cursor.overlapSeconds * 1000), pattern, tz);
  return {
    cursorFrom: cursorValue,
    cursorTo: to,
    variables: { now: to, lastSyncTime: last ?? from, window: { from, to }, waitingKeys: NO_KEYS },
  };
}

/**
 * Reads the source for one run and records every document in the ledger before anything is written.
 * The cursor moves to the window's end only with the last batch, in the same transaction, so a
 * crash anywhere leaves the cursor where it was and the next run re-reads (and dedupes) the window.
 * `onBatch` lets the writers start while reading goes on.
 */
export async function ingestSource(
  scheme: PreparedScheme,
  deps: RunDeps,
  runId: string,
  window: IngestWindow & { variables: Record<string, unknown> },
  counts: RunCounts,
  onBatch: () => void,
): Promise<void> {
  const connector = deps.connectors.get(scheme.source.connection)!;
  const params = renderTemplates(scheme.source.params, await withWaitingKeys(scheme, deps, window.variables));
  let rowsRead = 0;
  const rows = (async function* counted() {
    for await (const row of connector.read(scheme.source.api, params, deps.signal)) {
      rowsRead++;
      yield row;
    }
  })();

  let batch: IngestDocument[] = [];
  const flush = async (cursor?: string | null): Promise<void> => {
    const outcomes = await deps.ledger.ingest(scheme.id, runId, batch, cursor);
    tally(outcomes, counts);
    batch = [];
    onBatch();
  };
  for await (const doc of scheme.documents(rows)) {
    if (deps.signal?.aborted)
      throw new IntegrationError('Run stopped before reading finished; the cursor was not moved', {
        code: 'runtime.aborted',
        kind: 'transient',
      });
    counts.documents++;
    const ingested = await mapForIngest(scheme, doc.key, doc.document, doc.version, deps.now());
    if (ingested.error) counts.failed++;
    batch.push(ingested);
    if (batch.length >= scheme.batchSize) await flush();
  }
  counts.read = rowsRead;
  await flush(window.cursorTo ?? undefined);
}

/** {{waitingKeys}} before any are known (a preview, a scheme nobody depends on): an IN list that matches nothing. */
const NO_KEYS = quotedKeyList([]);

/** Fills {{waitingKeys}} with what parked documents of dependent schemes wait for, when the params use it. */
async function withWaitingKeys(
  scheme: PreparedScheme,
  deps: RunDeps,
  variables: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const dependents = deps.dependentsOf?.(scheme.id) ?? [];
  if (dependents.length === 0 || !collectTemplateUses(scheme.source.params).some((u) => u.variable === 'waitingKeys'))
    return variables;
  return { ...variables, waitingKeys: quotedKeyList(await waitingKeys(deps.ledger, scheme.id, dependents)) };
}

function tally(outcomes: IngestOutcome[], counts: RunCounts): void {
  for (const outcome of outcomes) if (outcome === 'unchanged') counts.skipped++;
}

/** Maps one document; mapping failures become ledger states instead of exceptions (config errors excepted). */
export async function mapForIngest(
  scheme: PreparedScheme,
  key: string,
  document: unknown,
  version: string | null,
  now: Date,
): Promise<IngestDocument> {
  try {
    const payload = await scheme.map(document, key);
    return { key, source: document, sourceVersion: version, payload, payloadHash: contentHash(payload) };
  } catch (caught) {
    const error = toIntegrationError(caught);
    // A missing lookup or an outage (e.g. OKKI down while resolving a custom field) is worth another
    // look later (the ledger derives parked/failed from the error kind); a config error stops the run.
    const { nextAttemptAt, stopsRun } = decideFailure(error, {
      stage: 'ingest',
      attemptsSoFar: 0,
      retry: scheme.retry,
      now,
    });
    if (stopsRun) throw error;
    return {
      key,
      source: document,
      sourceVersion: version,
      payload: null,
      payloadHash: null,
      error: serializeError(error),
      nextAttemptAt,
    };
  }
}
