/**
 * Entry of a mapping worker (started by mapping-pool.ts): maps one document at a time with the
 * ordinary compileMapping, under the memory limits the pool gave the thread. Lookups are asked of
 * the main thread (which owns the ledger and the connectors) and kept in this worker's per-run
 * caches, so a run asks each question about once per worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileMapping, type CompiledMapping } from '../compile-mapping.js';
import type { MappingServices } from '../mapping-services.js';
import {
  type FromWorker,
  PROGRAM_UNKNOWN,
  PROGRESS_FIELD,
  PROGRESS_STARTED,
  receiveError,
  sendError,
  type ServiceMethod,
  type ToWorker,
} from './worker-messages.js';

/** Compiled programs and run caches kept per worker; the oldest go first. */
const KEEP_PROGRAMS = 32;
const KEEP_RUNS = 8;

const port = parentPort!;
const progress = new Float64Array((workerData as { progress: SharedArrayBuffer }).progress);
const programs = new Map<number, CompiledMapping>();
const runs = new Map<number, Map<string, Map<string, unknown>>>();
const calls = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
let nextCall = 0;

const post = (message: FromWorker): void => port.postMessage(message);

function remember<K, V>(map: Map<K, V>, key: K, value: V, keep: number): V {
  map.delete(key);
  map.set(key, value);
  if (map.size > keep) map.delete(map.keys().next().value as K);
  return value;
}

function ask(task: number, method: ServiceMethod, args: unknown[]): Promise<never> {
  const call = ++nextCall;
  return new Promise((resolve, reject) => {
    calls.set(call, { resolve: resolve as (value: unknown) => void, reject });
    post({ type: 'call', task, call, method, args });
  });
}

async function map(message: Extract<ToWorker, { type: 'map' }>): Promise<void> {
  try {
    let mapping = programs.get(message.program);
    if (!mapping) {
      if (!message.scheme) {
        post({
          type: 'done',
          task: message.task,
          ok: false,
          error: { ...sendError(new Error('unknown')), code: PROGRAM_UNKNOWN },
        });
        return;
      }
      mapping = compileMapping(message.scheme, message.limits);
    }
    remember(programs, message.program, mapping, KEEP_PROGRAMS);
    const caches = runs.get(message.run) ?? new Map<string, Map<string, unknown>>();
    remember(runs, message.run, caches, KEEP_RUNS);
    const now = new Date(message.now);
    const services: MappingServices = {
      lookupSynced: (...args) => ask(message.task, 'lookupSynced', args),
      lookupTarget: (...args) => ask(message.task, 'lookupTarget', args),
      customFieldId: (...args) => ask(message.task, 'customFieldId', args),
      now: () => now,
    };
    const payload = await mapping.map(message.document, services, {
      key: message.key,
      caches,
      onField(index) {
        progress[PROGRESS_FIELD] = index;
        progress[PROGRESS_STARTED] = Date.now();
      },
    });
    post({ type: 'done', task: message.task, ok: true, payload });
  } catch (error) {
    post({ type: 'done', task: message.task, ok: false, error: sendError(error) });
  } finally {
    progress[PROGRESS_FIELD] = -1;
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'map') {
    void map(message);
    return;
  }
  const pending = calls.get(message.call);
  if (!pending) return;
  calls.delete(message.call);
  if (message.ok) pending.resolve(message.value);
  else pending.reject(receiveError(message.error));
});
post({ type: 'ready' });
