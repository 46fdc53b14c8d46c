import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { IntegrationError } from '../../../core/errors.js';
import type { Scheme } from '../../scheme.schema.js';
import type { ExpressionLimits } from '../expression.js';
import { recordError, withLocation } from '../mapping-error.js';
import type { MappingServices } from '../mapping-services.js';
import {
  type FromWorker,
  PROGRAM_UNKNOWN,
  PROGRESS_FIELD,
  PROGRESS_SLOTS,
  PROGRESS_STARTED,
  receiveError,
  sendError,
  type ToWorker,
} from './worker-messages.js';

/** Hard limits of the mapping workers. They hold whatever a hostile expression gets past the in-process guards. */
export interface MappingPoolOptions {
  /** Warm workers; each maps one document at a time. Default 2. */
  size: number;
  /** V8 old-generation heap of a worker (MB); past it the worker is stopped and replaced. Default 256. */
  maxOldGenerationSizeMb: number;
  /** V8 young-generation heap of a worker (MB). Default 32. */
  maxYoungGenerationSizeMb: number;
  /** JavaScript stack of a worker (MB). Default 4. */
  stackSizeMb: number;
  /**
   * Wall-clock limit per mapping field (milliseconds), time spent waiting on lookups excluded; past
   * it the worker is terminated — this stops native built-ins the step guard cannot. Default 1500
   * (the in-process step guard stops plain JSONata loops at 1000).
   */
  wallMs: number;
  /** How long a new worker may take to load before its document fails (milliseconds). Default 30000. */
  bootMs: number;
}

export const DEFAULT_MAPPING_POOL_OPTIONS: MappingPoolOptions = {
  size: 2,
  maxOldGenerationSizeMb: 256,
  maxYoungGenerationSizeMb: 32,
  stackSizeMb: 4,
  wallMs: 1_500,
  bootMs: 30_000,
};

/** A scheme's mapping as the pool knows it: sent to a worker the first time that worker needs it. */
export interface MappingProgram {
  readonly id: number;
  readonly scheme: Scheme;
  readonly limits?: ExpressionLimits;
  readonly fields: readonly string[];
}

interface Task {
  program: MappingProgram;
  document: unknown;
  key?: string;
  services: MappingServices;
  resolve(payload: Record<string, unknown>): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  progress: Float64Array;
  ready: boolean;
  bornAt: number;
  readyAt: number;
  known: Set<number>;
  task?: Task & { id: number; sentAt: number; waiting: number; resumedAt: number };
  gone: boolean;
}

const WORKER_ENTRY = new URL(`./mapping-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
/** The worker loads TypeScript through tsx, like bin/qiao.js, unless it runs compiled JavaScript. */
const BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})().catch((error) => { setImmediate(() => { throw error; }); });
`;
const CHECK_EVERY_MS = 50;

/** tsx's ESM register API (its CommonJS twin cannot find its loader from an eval'd worker). */
function tsxApi(): string {
  const resolve = (import.meta as { resolve?: (specifier: string) => string }).resolve;
  if (resolve) return resolve('tsx/esm/api');
  return pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
}

/**
 * A small pool of warm worker threads that evaluate mappings under hard limits: a V8 heap cap
 * (resourceLimits) and a per-field wall clock enforced from the main thread with
 * `worker.terminate()`. A breach fails only the document being mapped (a record error naming the
 * limit and the field); the worker is replaced and the process — engine, scheduler, API — goes on.
 */
export class MappingPool {
  readonly options: MappingPoolOptions;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private readonly runs = new WeakMap<MappingServices, number>();
  private nextRun = 0;
  private nextTask = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Workers stopped for a breach or a crash since the pool started. */
  replaced = 0;

  constructor(options: Partial<MappingPoolOptions> = {}) {
    this.options = { ...DEFAULT_MAPPING_POOL_OPTIONS, ...options };
  }

  /** Maps one document in a worker; rejects like CompiledMapping.map, or with the breached limit. */
  map(
    program: MappingProgram,
    document: unknown,
    services: MappingServices,
    key?: string,
  ): Promise<Record<string, unknown>> {
    if (this.closed) return Promise.reject(new Error('mapping pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ program, document, key, services, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every worker; queued documents fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('mapping pool closed'));
    await Promise.all(this.slots.splice(0).map((slot) => this.retire(slot)));
    this.tick();
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.task && !s.gone);
      if (!slot && this.slots.length < this.options.size) slot = this.spawn();
      if (!slot) return;
      this.start(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const progress = new SharedArrayBuffer(PROGRESS_SLOTS * Float64Array.BYTES_PER_ELEMENT);
    const ts = WORKER_ENTRY.pathname.endsWith('.ts');
    const worker = new Worker(BOOT, {
      eval: true,
      execArgv: [],
      workerData: {
        entry: WORKER_ENTRY.href,
        tsx: ts ? tsxApi() : null,
        progress,
      },
      resourceLimits: {
        maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb,
        maxYoungGenerationSizeMb: this.options.maxYoungGenerationSizeMb,
        stackSizeMb: this.options.stackSizeMb,
      },
      stdout: false,
      stderr: false,
    });
    const slot: Slot = {
      worker,
      progress: new Float64Array(progress),
      ready: false,
      bornAt: Date.now(),
      readyAt: 0,
      known: new Set(),
      gone: false,
    };
    slot.progress[PROGRESS_FIELD] = -1;
    worker.unref();
    worker.on('message', (message: FromWorker) => this.receive(slot, message));
    worker.on('error', (error: Error & { code?: string }) =>
      this.fail(slot, error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash', error),
    );
    worker.on('exit', (code) => this.fail(slot, 'crash', new Error(`mapping worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, task: Task): void {
    const id = ++this.nextTask;
    const now = Date.now();
    slot.task = { ...task, id, sentAt: now, waiting: 0, resumedAt: now };
    slot.worker.ref(); // a pending document keeps the process alive (e.g. `qiao preview`)
    if (!this.runs.has(task.services)) this.runs.set(task.services, ++this.nextRun);
    this.send(slot, slot.task);
    this.tick();
  }

  /** Posts the task; the mapping's scheme goes along when this worker has not got it (or has let it go). */
  private send(slot: Slot, task: NonNullable<Slot['task']>): void {
    const first = !slot.known.has(task.program.id);
    const message: ToWorker = {
      type: 'map',
      task: task.id,
      program: task.program.id,
      ...(first ? { scheme: task.program.scheme, limits: task.program.limits } : {}),
      run: this.runs.get(task.services)!,
      now: task.services.now().toISOString(),
      document: task.document,
      key: task.key,
    };
    try {
      slot.worker.postMessage(message);
      slot.known.add(task.program.id);
    } catch (error) {
      // A document structured clone cannot copy (a function, a symbol): this document's problem.
      this.finish(slot, () =>
        task.reject(
          recordError('mapping.document_not_plain', `the document cannot be mapped: ${(error as Error).message}`),
        ),
      );
    }
  }

  private receive(slot: Slot, message: FromWorker): void {
    if (message.type === 'ready') {
      slot.ready = true;
      slot.readyAt = Date.now();
      return;
    }
    const task = slot.task;
    if (!task || message.task !== task.id) return;
    if (message.type === 'done') {
      if (!message.ok && message.error.code === PROGRAM_UNKNOWN) {
        slot.known.delete(task.program.id);
        this.send(slot, task);
        return;
      }
      this.finish(slot, () => (message.ok ? task.resolve(message.payload) : task.reject(receiveError(message.error))));
      return;
    }
    task.waiting++;
    const answer = (reply: ToWorker): void => {
      if (slot.task !== task || slot.gone) return;
      task.waiting--;
      task.resumedAt = Date.now();
      slot.worker.postMessage(reply);
    };
    Promise.resolve()
      .then(() => (task.services[message.method] as (...args: unknown[]) => unknown)(...message.args))
      .then(
        (value) => answer({ type: 'answer', call: message.call, ok: true, value }),
        (error: unknown) => answer({ type: 'answer', call: message.call, ok: false, error: sendError(error) }),
      );
  }

  private finish(slot: Slot, settle: () => void): void {
    slot.task = undefined;
    if (!slot.gone) slot.worker.unref();
    settle();
    this.dispatch();
    this.tick();
  }

  /** Watches the wall clock of busy workers; runs only while a document is in a worker. */
  private tick(): void {
    const busy = this.slots.some((s) => s.task);
    if (busy && !this.timer) {
      this.timer = setInterval(() => this.watch(), CHECK_EVERY_MS);
      this.timer.unref();
    } else if (!busy && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private watch(): void {
    const now = Date.now();
    for (const slot of this.slots) {
      const task = slot.task;
      if (!task || task.waiting > 0) continue;
      if (!slot.ready) {
        if (now - slot.bornAt > this.options.bootMs) this.fail(slot, 'boot', new Error('mapping worker did not start'));
        continue;
      }
      const fieldStarted = slot.progress[PROGRESS_FIELD]! >= 0 ? slot.progress[PROGRESS_STARTED]! : 0;
      const since = Math.max(task.sentAt, slot.readyAt, task.resumedAt, fieldStarted);
      if (now - since > this.options.wallMs) this.fail(slot, 'time');
    }
  }

  /** A breach or a crash: the document in the worker fails with the reason, the worker is replaced. */
  private fail(slot: Slot, reason: 'time' | 'memory' | 'crash' | 'boot', cause?: Error): void {
    if (slot.gone) return;
    slot.gone = true;
    const index = slot.progress[PROGRESS_FIELD]!;
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    this.replaced++;
    void this.retire(slot);
    const task = slot.task;
    if (task) {
      const field = index >= 0 ? task.program.fields[index] : undefined;
      const error = breachError(reason, this.options, cause);
      this.finish(slot, () => task.reject(withLocation(error, { field, key: task.key })));
    } else {
      this.dispatch();
    }
  }

  private async retire(slot: Slot): Promise<void> {
    slot.gone = true;
    try {
      await slot.worker.terminate();
    } catch {
      // Already gone.
    }
  }
}

function breachError(
  reason: 'time' | 'memory' | 'crash' | 'boot',
  options: MappingPoolOptions,
  cause?: Error,
): IntegrationError {
  const replaced = 'its mapping worker was stopped and replaced';
  if (reason === 'time')
    return recordError(
      'mapping.limit_exceeded',
      `ran longer than ${options.wallMs} ms (hard wall-clock limit, wallMs); ${replaced} — a mapping field should take milliseconds: check the expression for a runaway loop or a huge value`,
      { limit: 'wallMs', max: options.wallMs },
    );
  if (reason === 'memory')
    return recordError(
      'mapping.limit_exceeded',
      `needed more than ${options.maxOldGenerationSizeMb} MB of memory (hard memory limit, maxOldGenerationSizeMb); ${replaced} — check the expression for a runaway size`,
      { limit: 'maxOldGenerationSizeMb', max: options.maxOldGenerationSizeMb },
    );
  return new IntegrationError(
    `the mapping worker ${reason === 'boot' ? 'did not start' : 'failed'}: ${cause?.message ?? 'unknown reason'}; it was replaced — if this repeats, report it with the log`,
    { code: 'mapping.worker_failed', kind: 'internal', details: { reason }, cause },
  );
}

let shared: MappingPool | undefined;

/** The process's mapping pool (idle workers do not keep the process alive). */
export function sharedMappingPool(): MappingPool {
  return (shared ??= new MappingPool());
}
