import { ConfigError, IntegrationError, type ErrorKind } from '../core/errors.js';
import type { Connector, WriteContext, WriteResult } from '../connectors/connector.js';

type Row = Record<string, unknown>;

/** The one read operation: `params.table` names the rows to stream. */
export const MEMORY_READ_OPERATION = 'rows';
/** The one write operation: an upsert into the in-memory target by the document key. */
export const MEMORY_WRITE_OPERATION = 'push';

/** What the in-memory target holds for one document key. */
export interface MemoryDocument {
  /** Assigned on the first write of the key and kept by every later write (like a CRM's order_id). */
  id: string;
  operation: string;
  payload: Row;
  writes: number;
}

export interface MemoryConnectorOptions {
  /** Source rows by table name. */
  rows?: Record<string, Row[]>;
  /** Target objects `lookup` searches, by object name (e.g. { user: [{ employee_no: 'E1', user_id: 7 }] }). */
  objects?: Record<string, Row[]>;
  /** What `check()` throws, e.g. a ConfigError standing for refused credentials. */
  checkError?: IntegrationError;
}

/** A real Connector whose vendor is a few maps, plus the controls tests drive it with. */
export interface MemoryConnector extends Connector {
  /** Source rows by table; a read streams `rows.get(params.table)`. */
  readonly rows: Map<string, Row[]>;
  readonly objects: Map<string, Row[]>;
  /**
   * Writes of these document keys throw: an IntegrationError as given, or one of the kind named
   * (`record` → failed, `transient` → retried then dead, `lookup_missing` → parked, `config` → run stops).
   */
  readonly rejections: Map<string, IntegrationError | ErrorKind>;
  /** The target's current state by document key. */
  readonly sink: ReadonlyMap<string, MemoryDocument>;
  /** Every accepted write, in order. */
  readonly written: Array<{ operation: string; key: string; id: string; payload: Row }>;
  /** Every raw `call` (write-backs), in order. */
  readonly calls: Array<{ operation: string; params: Row }>;
  checkError: IntegrationError | null;
  /** The next read throws this error before yielding a row (a source outage or refused login for one run). */
  failNextRead(error: IntegrationError): void;
  readonly closed: boolean;
}

const text = (value: unknown): string | null =>
  value === undefined || value === null || value === '' ? null : String(value);

/**
 * An in-memory connection of type `memory` for tests and the conformance of the runtime: read
 * operation `rows`, write operation `push`. Reads honour a simple change window: params
 * `changedField` with `changedFrom` / `changedTo` (inclusive, compared as text, which orders
 * ISO timestamps) keep only rows changed inside it, so a scheme with a cursor reads incrementally.
 */
export function createMemoryConnector(name: string, options: MemoryConnectorOptions = {}): MemoryConnector {
  const rows = new Map(Object.entries(options.rows ?? {}));
  const objects = new Map(Object.entries(options.objects ?? {}));
  const rejections = new Map<string, IntegrationError | ErrorKind>();
  const sink = new Map<string, MemoryDocument>();
  const written: MemoryConnector['written'] = [];
  const calls: MemoryConnector['calls'] = [];
  let nextReadError: IntegrationError | null = null;
  let closed = false;
  let sequence = 0;

  const unknownOperation = (operation: string, allowed: string) =>
    new ConfigError(`Memory connection "${name}" has no operation "${operation}"; use ${allowed}`, {
      code: 'memory.unknown_operation',
      details: { operation },
    });

  async function* read(operation: string, params: Row, signal?: AbortSignal): AsyncIterable<Row> {
    if (operation !== MEMORY_READ_OPERATION) throw unknownOperation(operation, MEMORY_READ_OPERATION);
    const table = text(params.table);
    if (!table)
      throw new ConfigError(
        `Memory connection "${name}" reads need params.table (the name the test stored rows under)`,
        { code: 'memory.param_missing', details: { param: 'table' } },
      );
    if (nextReadError) {
      const error = nextReadError;
      nextReadError = null;
      throw error;
    }
    const field = text(params.changedField);
    const from = text(params.changedFrom);
    const to = text(params.changedTo);
    for (const row of rows.get(table) ?? []) {
      if (signal?.aborted) return;
      const changed = field ? text(row[field]) : null;
      if (field && from !== null && (changed === null || changed < from)) continue;
      if (field && to !== null && (changed === null || changed > to)) continue;
      yield { ...row };
    }
  }

  function rejection(key: string): IntegrationError | null {
    const rejected = rejections.get(key);
    if (rejected === undefined || rejected instanceof IntegrationError) return rejected ?? null;
    return new IntegrationError(`Memory target "${name}" rejected ${key} (${rejected}), as the test asked`, {
      code: `memory.${rejected}`,
      kind: rejected,
      details: { key },
    });
  }

  async function write(operation: string, payload: Row, context: WriteContext): Promise<WriteResult> {
    if (operation !== MEMORY_WRITE_OPERATION) throw unknownOperation(operation, MEMORY_WRITE_OPERATION);
    const error = rejection(context.key);
    if (error) throw error;
    const existing = sink.get(context.key);
    // Like a real target: an edit keeps the id it got on creation, whether we remember it or the target does.
    const id = existing?.id ?? text(context.previousIds?.id) ?? `${name}-${++sequence}`;
    const document: MemoryDocument = {
      id,
      operation,
      payload: structuredClone(payload),
      writes: (existing?.writes ?? 0) + 1,
    };
    sink.set(context.key, document);
    written.push({ operation, key: context.key, id, payload: document.payload });
    return { reply: { id, created: !existing }, ids: { id }, warnings: [] };
  }

  return {
    name,
    type: 'memory',
    readOperations: [MEMORY_READ_OPERATION],
    writeOperations: [MEMORY_WRITE_OPERATION],
    rows,
    objects,
    rejections,
    sink,
    written,
    calls,
    checkError: options.checkError ?? null,
    get closed() {
      return closed;
    },
    failNextRead(error) {
      nextReadError = error;
    },
    async check() {
      if (this.checkError) throw this.checkError;
    },
    read,
    write,
    async findWritten(operation, _payload, context) {
      if (operation !== MEMORY_WRITE_OPERATION) throw unknownOperation(operation, MEMORY_WRITE_OPERATION);
      const found = sink.get(context.key);
      return found ? { reply: { id: found.id }, ids: { id: found.id }, warnings: [] } : null;
    },
    async lookup(object, query, field) {
      const table = objects.get(object);
      if (!table)
        throw new ConfigError(
          `Memory connection "${name}" has no "${object}" objects; the test must put them in objects first`,
          { code: 'memory.lookup_unknown_object', details: { object } },
        );
      const match = table.find((item) => Object.entries(query).every(([k, v]) => String(item[k]) === String(v)));
      return match?.[field] ?? null;
    },
    async customFieldId() {
      throw new ConfigError(`Memory connection "${name}" has no custom-field ids; map the field by its key`, {
        code: 'memory.custom_field_unsupported',
      });
    },
    async call(operation, params) {
      calls.push({ operation, params: structuredClone(params) });
      return { ok: true };
    },
    async close() {
      closed = true;
    },
  };
}
