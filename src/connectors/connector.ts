import type { Logger } from '../core/logger.js';

/**
 * What the runtime needs from a connection, whatever the vendor. Vendor clients
 * (`kingdee/`, `okki/`) stay plain typed code; `adapters/` turn them into this shape.
 */
export interface WriteContext {
  /** The document key in the ledger (e.g. the Kingdee bill number). */
  key: string;
  /** Ids the target assigned on the last successful write (order_id, line unique_ids…), or null. */
  previousIds: Record<string, unknown> | null;
  /** The scheme's `target.params`, rendered (e.g. Kingdee FormId). */
  params: Record<string, unknown>;
}

export interface WriteResult {
  /** The target's reply (secret-free), kept in the ledger. */
  reply: unknown;
  /** Ids to keep for lookups and later edits, e.g. { order_id, lines: { "<line key>": unique_id } }. */
  ids: Record<string, unknown>;
  /** Things the target silently did not do (e.g. OKKI dropped a line with an unknown product). */
  warnings: string[];
}

/** One connector operation with its request/response fields, for the API catalog page. */
export interface CatalogOperation {
  connector: string;
  operation: string;
  label: string;
  method?: string;
  path?: string;
  requestFields: Array<{ key: string; label: string; type: string; description?: string }>;
  responseFields: Array<{ key: string; label: string; type: string; description?: string }>;
}

export interface ApiCallEvent {
  connection: string;
  operation: string;
  durationMs: number;
  ok: boolean;
  errorCode?: string;
}

/** What the composition gives every connector it creates. */
export interface ConnectorDeps {
  /** Called after every vendor call (metrics). */
  onCall?: (event: ApiCallEvent) => void;
  logger?: Logger;
}

export interface Connector {
  /** Connection name from qiao.yaml. */
  readonly name: string;
  /** Connector type: 'kingdee' | 'okki'. */
  readonly type: string;
  /** Operations usable as a scheme source (`source.api`). */
  readonly readOperations: readonly string[];
  /** Operations usable as a scheme target (`target.api`). */
  readonly writeOperations: readonly string[];
  /** One cheap authenticated call; throws a config-kind error on bad credentials. */
  check(): Promise<void>;
  /** Streams source rows (flat objects), paging handled inside, constant memory. */
  read(
    operation: string,
    params: Record<string, unknown>,
    signal?: AbortSignal,
  ): AsyncIterable<Record<string, unknown>>;
  /** Creates or updates one document in the target (idempotent by the document key). */
  write(operation: string, payload: Record<string, unknown>, context: WriteContext): Promise<WriteResult>;
  /**
   * After a write whose outcome is unknown (a timeout or 5xx after sending, a process stopped
   * mid-write), reads the document back from the target. Returns null when it is not there, else
   * the ids the next write must use: what the ledger knew (`context.previousIds`) reconciled with
   * what the target holds, complete (they replace the ledger's), e.g. every line of an order.
   */
  findWritten(operation: string, payload: Record<string, unknown>, context: WriteContext): Promise<WriteResult | null>;
  /** Looks up one field of a target object by a query, e.g. ('company', { serial_id: 'CUST0001' }, 'company_id'). */
  lookup(object: string, query: Record<string, unknown>, field: string): Promise<unknown>;
  /** Numeric id of a custom field by its display name (OKKI); throws config error when unsupported. */
  customFieldId(module: string, displayName: string): Promise<string>;
  /** A raw call for write-backs (e.g. Kingdee Save with NeedUpDateFields). */
  call(operation: string, params: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}
