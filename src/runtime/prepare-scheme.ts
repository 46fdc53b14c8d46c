import type { Connector } from '../connectors/connector.js';
import { parseDuration } from '../core/duration.js';
import { ConfigError } from '../core/errors.js';
import { compileFilters } from '../scheme/grouping/document-filter.js';
import { groupRows, groupSpecFor } from '../scheme/grouping/group-rows.js';
import { defectError, documentDefectsOf } from '../scheme/grouping/source-defect.js';
import { compileMapping } from '../scheme/mapping/compile-mapping.js';
import { isolateMapping } from '../scheme/mapping/isolation/isolated-mapping.js';
import type { MappingPool } from '../scheme/mapping/isolation/mapping-pool.js';
import type { MappingServices } from '../scheme/mapping/mapping-services.js';
import type { Scheme } from '../scheme/scheme.schema.js';
import type { Ledger } from '../ledger/ledger.js';
import type { PreparedScheme, SourceDocument } from './run-context.js';

/** What mapping needs from the running system: the ledger (lookups) and the connections. */
export interface PrepareDeps {
  ledger: Ledger;
  connectors: ReadonlyMap<string, Connector>;
  now: () => Date;
  /**
   * Where mappings are evaluated: by default in the process's mapping worker pool (hard memory and
   * wall-clock limits; a hostile mapping fails its documents, not the process); `'inline'` in this
   * thread with only the in-process guards (tests, tools).
   */
  mappingPool?: MappingPool | 'inline';
}

function connection(connectors: ReadonlyMap<string, Connector>, name: string): Connector {
  const connector = connectors.get(name);
  if (!connector)
    throw new ConfigError(`Connection "${name}" is not defined in qiao.yaml`, {
      code: 'runtime.unknown_connection',
      details: { connection: name },
    });
  return connector;
}

/**
 * Mapping services for one run: ledger lookups are memoised for the run (an order with five
 * lines of the same material asks once), target lookups go to the connector.
 */
export function createMappingServices(deps: PrepareDeps): MappingServices {
  const synced = new Map<string, Promise<Record<string, unknown> | null>>();
  return {
    lookupSynced(schemeId, key) {
      const cacheKey = `${schemeId}\u0000${key}`;
      let hit = synced.get(cacheKey);
      if (!hit) {
        hit = deps.ledger.getTargetIds(schemeId, key);
        synced.set(cacheKey, hit);
        // Only found ids are stable within a run; a miss may resolve once the other scheme catches up.
        void hit.then(
          (ids) => ids === null && synced.delete(cacheKey),
          () => synced.delete(cacheKey),
        );
      }
      return hit;
    },
    lookupTarget: (name, object, query, field) =>
      connection(deps.connectors, name).lookup(object, (query ?? {}) as Record<string, unknown>, field),
    customFieldId: (name, module, displayName) => connection(deps.connectors, name).customFieldId(module, displayName),
    now: deps.now,
  };
}

/** Compiles a validated scheme into what the run loop needs. Mapping services are created per call of `withServices`. */
export function prepareScheme(scheme: Scheme, deps: PrepareDeps): PreparedScheme {
  connection(deps.connectors, scheme.source.connection);
  connection(deps.connectors, scheme.target.connection);
  if (scheme.target.writeBack) connection(deps.connectors, scheme.target.writeBack.connection);
  const mapping = deps.mappingPool === 'inline' ? compileMapping(scheme) : isolateMapping(scheme, deps.mappingPool);
  const filters = compileFilters(scheme);
  const spec = groupSpecFor(scheme);
  let services = createMappingServices(deps);
  const cursor = scheme.source.cursor;

  return {
    id: scheme.id,
    name: scheme.name,
    source: {
      connection: scheme.source.connection,
      api: scheme.source.api,
      params: scheme.source.params,
      cursor: cursor
        ? {
            start: cursor.start,
            overlapSeconds: cursor.overlapSeconds,
            timezone: cursor.timezone,
            format: cursor.format,
          }
        : null,
    },
    target: { connection: scheme.target.connection, api: scheme.target.api, params: scheme.target.params ?? {} },
    writeBack: scheme.target.writeBack
      ? {
          connection: scheme.target.writeBack.connection,
          api: scheme.target.writeBack.api,
          params: scheme.target.writeBack.params,
        }
      : null,
    // No count limit unless the scheme sets one: retries are limited by time (retryMaxAgeMs).
    retry: { ...scheme.settings.retry, attempts: scheme.settings.retry.attempts ?? Number.POSITIVE_INFINITY },
    retryMaxAgeMs: parseDuration(scheme.settings.retry.maxAge),
    concurrency: scheme.settings.concurrency,
    batchSize: scheme.settings.batchSize,
    preconditions: scheme.settings.preconditions,
    parkedLimitMs: parseDuration(scheme.settings.parkedLimit),
    async *documents(rows): AsyncIterable<SourceDocument> {
      services = createMappingServices(deps); // fresh lookup memo per run
      for await (const grouped of groupRows(rows, spec)) {
        // A document with bad source data (or a quarantined row) skips the filters: a filter could
        // drop it for the very fields that are broken, and bad data must be seen, never lost quietly.
        // Mapping it (below) fails it with its record error.
        const filtered =
          filters.active && !grouped.error
            ? await filters.apply(grouped.document, grouped.key)
            : { keep: true, document: grouped.document };
        if (filtered.keep) yield { key: grouped.key, document: filtered.document, version: grouped.version };
      }
    },
    documentKey: (document) => String(document[spec.key] ?? ''),
    map: (document, key) => {
      // Also on a retry by hand: the defects are stored with the document, so it fails the same way.
      const defects = documentDefectsOf(document);
      if (defects.length > 0) return Promise.reject(defectError(key, defects));
      return mapping.map(document, services, { key });
    },
  };
}
