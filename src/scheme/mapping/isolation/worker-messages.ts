import { IntegrationError, serializeError, type SerializedError } from '../../../core/errors.js';
import type { Scheme } from '../../scheme.schema.js';
import type { ExpressionLimits } from '../expression.js';
import type { MappingServices } from '../mapping-services.js';

/** The service calls a worker may ask the main thread for (`now` travels with the task instead). */
export type ServiceMethod = Exclude<keyof MappingServices, 'now'>;

/** Main thread → mapping worker. */
export type ToWorker =
  | {
      type: 'map';
      task: number;
      /** The mapping to use; `scheme` comes along the first time this worker sees the program. */
      program: number;
      scheme?: Scheme;
      limits?: ExpressionLimits;
      /** Which run's caches the worker keeps lookups in (one id per services object). */
      run: number;
      /** services.now() when the task was sent (ISO), so `$now()` needs no round trip. */
      now: string;
      document: unknown;
      key?: string;
    }
  | { type: 'answer'; call: number; ok: true; value: unknown }
  | { type: 'answer'; call: number; ok: false; error: SerializedError };

/** Mapping worker → main thread. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; task: number; ok: true; payload: Record<string, unknown> }
  | { type: 'done'; task: number; ok: false; error: SerializedError }
  | { type: 'call'; task: number; call: number; method: ServiceMethod; args: unknown[] };

/** Error code of a worker that has let a mapping go (it keeps a few): the main thread sends it again. */
export const PROGRAM_UNKNOWN = 'mapping.program_unknown';

/**
 * Shared between the main thread and one worker, written by the worker without messages: the index
 * of the mapping field being evaluated (-1 for none) and when it started (Date.now()), so a breach
 * names the field and the wall clock counts per field.
 */
export const PROGRESS_FIELD = 0;
export const PROGRESS_STARTED = 1;
export const PROGRESS_SLOTS = 2;

/** An error as it crosses the thread boundary: an IntegrationError's code, kind and details survive. */
export function sendError(error: unknown): SerializedError {
  const serialized = serializeError(error);
  // Details are operator facts; keep only what structured clone carries (no functions, no cycles).
  try {
    return { ...serialized, details: JSON.parse(JSON.stringify(serialized.details ?? {})) };
  } catch {
    return { ...serialized, details: {} };
  }
}

export function receiveError(error: SerializedError): IntegrationError {
  return new IntegrationError(error.message, {
    code: error.code,
    kind: error.kind,
    details: error.details,
    retryAfterMs: error.retryAfterMs,
  });
}
