import type { EventEmitter } from 'node:events';
import type { Connector } from '../connectors/connector.js';
import type { RetryPolicy } from '../core/retry.js';
import type { Ledger } from '../ledger/ledger.js';
import type { ConnectionBreaker } from './connection-breaker.js';
import type { EngineEvents } from './engine-events.js';
import type { Logger } from '../core/logger.js';

/** A grouped source document ready for mapping. */
export interface SourceDocument {
  key: string;
  document: Record<string, unknown>;
  /** The document's cursor version (max of the cursor fields), normalised, or null. */
  version: string | null;
}

/**
 * A scheme compiled for running: everything the run loop needs, already validated.
 * Built by `prepare-scheme.ts` from the scheme document.
 */
export interface PreparedScheme {
  id: string;
  name: string;
  source: {
    connection: string;
    api: string;
    params: Record<string, unknown>;
    cursor: { start: string | null; overlapSeconds: number; timezone: string; format: string } | null;
  };
  target: { connection: string; api: string; params: Record<string, unknown> };
  writeBack: { connection: string; api: string; params: Record<string, unknown> } | null;
  /** Backoff, and a count limit in `attempts` (Infinity when the scheme sets none). */
  retry: RetryPolicy;
  /** How long a record may keep failing before it is dead (settings.retry.maxAge). */
  retryMaxAgeMs: number;
  concurrency: number;
  batchSize: number;
  preconditions: string[];
  /** How long a document may wait on a missing lookup before it is dead (settings.parkedLimit). */
  parkedLimitMs: number;
  /** Groups and filters flat rows into documents (streaming). */
  documents(rows: AsyncIterable<Record<string, unknown>>): AsyncIterable<SourceDocument>;
  /** The ledger key of a grouped document (the group key's value). */
  documentKey(document: Record<string, unknown>): string;
  /** Maps a document to the target payload; throws IntegrationError (record / lookup_missing / config). */
  map(document: unknown, key: string): Promise<Record<string, unknown>>;
}

/** Shared, long-lived things a run uses. */
export interface RunDeps {
  ledger: Ledger;
  connectors: ReadonlyMap<string, Connector>;
  /** The breaker of each connection (by name); without one, a connection is never seen as down. */
  breakers?: ReadonlyMap<string, ConnectionBreaker>;
  events: EventEmitter<EngineEvents>;
  logger: Logger;
  /** Lease owner id of this worker process. */
  owner: string;
  now: () => Date;
  /** Stop claiming new work (graceful shutdown); in-flight writes finish. */
  signal?: AbortSignal;
  /** How long a run keeps waiting for retries that fall due soon (milliseconds, default 30 s). */
  drainWindowMs?: number;
  /** Lease length for claimed records (milliseconds, default 5 minutes). */
  leaseMs?: number;
  /** Schemes that wait for this one (list it in preconditions): their parked documents' lookups fill {{waitingKeys}}. */
  dependentsOf?: (schemeId: string) => string[];
}
