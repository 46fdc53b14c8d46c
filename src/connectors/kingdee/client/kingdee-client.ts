import type { Logger } from '../../../core/logger.js';
import { ConfigError } from '../../../core/errors.js';
import {
  billQueryData,
  checkPageSize,
  normaliseFieldKeys,
  rowMapper,
  stableOrderString,
  type KingdeeBillQuery,
} from './kingdee-bill-query.js';
import { KingdeeCaller, type KingdeeClientDeps } from './kingdee-caller.js';
import { KingdeeError } from '../kingdee-errors.js';
import { kingdeePageRows } from './kingdee-page-rows.js';
import { retryPage, type PageRetry } from './kingdee-page-retry.js';
import { KingdeePagingGuard } from './kingdee-paging-guard.js';
import { operationResult, type KingdeeOperationResult } from './kingdee-operation-result.js';
import { normaliseStatus } from './kingdee-response.js';
import { fullServiceName, isWriteService, KingdeeServices } from './kingdee-services.js';
import type { KingdeeLoginInfo, KingdeeSession } from './kingdee-session.js';
import {
  kingdeeConnectionSchema,
  type KingdeeConnectionConfig,
  type KingdeeConnectionInput,
} from '../kingdee.config.js';

export type { KingdeeClientDeps } from './kingdee-caller.js';

export interface KingdeeCallOptions {
  signal?: AbortSignal;
}

export interface KingdeeStreamOptions extends KingdeeCallOptions {
  /** Rows per page (Limit), 1…10000; default the connection's pageSize (2000). */
  pageSize?: number;
  /** First row to read (StartRow of the first page); default 0. */
  startRow?: number;
  /** Override of the connection's confirmPageEnd: read until an empty page. */
  confirmPageEnd?: boolean;
  /** Retry a page that failed transiently (network, 5xx, truncated reply, MsgCode 13/14) within a time budget; default: no retry. */
  retry?: PageRetry;
}

/** Documents to operate on (Submit/Audit/UnAudit/Delete/ExcuteOperation `data`). */
export interface KingdeeTargets {
  Numbers?: string[];
  /** Internal ids; an array is sent as the documented comma-separated string. */
  Ids?: string | Array<string | number>;
  [key: string]: unknown;
}

/** Save result of one document. */
export interface KingdeeSaveResult {
  id: number | string;
  number: string;
  /** Fields requested with NeedReturnFields, one object per saved model. */
  needReturnData: unknown[];
}

/**
 * Kingdee K/3Cloud WebAPI client: every call is `POST {baseUrl}/{Service}.common.kdsvc`, replies are
 * read as text and told apart by content; business failures (HTTP 200) become KingdeeErrors.
 * A lost session is renewed once and the call repeated once.
 */
export class KingdeeClient {
  /** The validated connection, defaults applied. Holds secrets: redact before logging it. */
  readonly config: KingdeeConnectionConfig;
  private readonly caller: KingdeeCaller;

  /** Throws ConfigError (`kingdee.bad_config`) when `config` does not match kingdeeConnectionSchema. */
  constructor(config: KingdeeConnectionInput, deps: KingdeeClientDeps = {}) {
    const parsed = kingdeeConnectionSchema.safeParse(config);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new ConfigError(`Kingdee connection settings are invalid: ${issues}. Fix them in qiao.yaml.`, {
        code: 'kingdee.bad_config',
      });
    }
    this.config = parsed.data;
    this.caller = new KingdeeCaller(this.config, deps);
    this.retryDeps = { now: deps.now, sleep: deps.sleep };
  }

  private readonly retryDeps: { now?: () => number; sleep?: (ms: number, signal?: AbortSignal) => Promise<void> };

  private get session(): KingdeeSession {
    return this.caller.session;
  }

  private get logger(): Logger {
    return this.caller.logger;
  }

  /** Facts of the current login (user, data centre, version); undefined before the first login. */
  get loginInfo(): KingdeeLoginInfo | undefined {
    return this.session.info;
  }

  /** Logins performed so far (first login plus renewals). */
  get loginCount(): number {
    return this.session.logins;
  }

  /**
   * Logs in now unless a session exists (no-op in signature mode); throws a config-kind error on bad
   * credentials. Also clears a remembered refused login, so the server is asked again.
   */
  async login(options: KingdeeCallOptions = {}): Promise<void> {
    await this.session.ensure(options.signal, true);
  }

  /**
   * One cheap authenticated call (the SDKs' heartbeat: a one-row BD_Currency query); throws a
   * config-kind KingdeeError on bad credentials or permissions.
   */
  async ping(options: KingdeeCallOptions = {}): Promise<void> {
    await this.executeBillQuery({ formId: 'BD_Currency', fieldKeys: ['FCODE'], limit: 1 }, options);
  }

  /** Ends the session on the server (best effort) and forgets it. */
  async logout(): Promise<void> {
    try {
      if (this.session.current > 0)
        await this.caller.transport.post(
          KingdeeServices.Logout,
          '{}',
          this.session.headers(this.caller.transport.urlOf(KingdeeServices.Logout)),
          { write: false },
        );
    } finally {
      this.session.reset();
    }
  }

  /**
   * Calls any service and returns its parsed reply (the data, or `Result` of a status envelope);
   * throws KingdeeError for exceptions and unsuccessful statuses. `args` as an array is sent
   * positionally (`{parameters:[…]}`), as an object by name. Short names are expanded (`Save`).
   */
  async call(
    service: string,
    args: unknown[] | Record<string, unknown> = {},
    options: KingdeeCallOptions & { auth?: boolean } = {},
  ): Promise<unknown> {
    const name = fullServiceName(service);
    const body = Array.isArray(args) ? { parameters: args } : args;
    const reply = await this.caller.request(name, body, { auth: options.auth ?? true, signal: options.signal });
    if (reply.kind === 'status') {
      if (!reply.status.isSuccess) throw this.caller.statusError(name, reply);
      return reply.result;
    }
    return this.caller.dataOf(name, reply);
  }

  /** Lists the data centres (账套); works without login. */
  async getDataCenterList(options: KingdeeCallOptions = {}): Promise<Array<Record<string, unknown>>> {
    const value = await this.call(KingdeeServices.GetDataCenterList, {}, { ...options, auth: false });
    if (!Array.isArray(value))
      throw new KingdeeError({
        source: 'shape',
        service: KingdeeServices.GetDataCenterList,
        messages: ['expected an array of data centres'],
      });
    return value as Array<Record<string, unknown>>;
  }

  /** One raw ExecuteBillQuery page: row arrays in FieldKeys order (no order stabilisation). */
  async executeBillQuery(
    query: KingdeeBillQuery & { startRow?: number; limit?: number; topRowCount?: number },
    options: KingdeeCallOptions = {},
  ): Promise<unknown[][]> {
    const keys = normaliseFieldKeys(query.fieldKeys);
    const data = billQueryData(
      query,
      keys,
      query.orderString ?? '',
      query.startRow ?? 0,
      query.limit ?? 0,
      query.topRowCount ?? 0,
    );
    const { rows } = await this.queryPage(data, options.signal);
    if (rows.some((row) => !Array.isArray(row) || row.length !== keys.length)) {
      throw new KingdeeError({
        source: 'shape',
        service: KingdeeServices.ExecuteBillQuery,
        messages: [`expected rows of ${keys.length} values`],
        extra: { formId: query.formId },
      });
    }
    return rows as unknown[][];
  }

  /** BillQuery: one call, rows as objects keyed by the FieldKeys. */
  async billQuery(
    query: KingdeeBillQuery & { startRow?: number; limit?: number; topRowCount?: number },
    options: KingdeeCallOptions = {},
  ): Promise<Array<Record<string, unknown>>> {
    const keys = normaliseFieldKeys(query.fieldKeys);
    const data = billQueryData(
      query,
      keys,
      query.orderString ?? '',
      query.startRow ?? 0,
      query.limit ?? 0,
      query.topRowCount ?? 0,
    );
    const value = await this.call(KingdeeServices.BillQuery, { data }, options);
    if (!Array.isArray(value))
      throw new KingdeeError({
        source: 'shape',
        service: KingdeeServices.BillQuery,
        messages: ['expected an array of rows'],
      });
    const toObject = rowMapper(keys);
    return value.map((row) => (Array.isArray(row) ? toObject(row) : (row as Record<string, unknown>)));
  }

  /**
   * Streams ExecuteBillQuery pages (StartRow/Limit, TopRowCount 0) in a stable order: the form's
   * unique keys are appended to OrderString when missing. One page in memory at a time; a session
   * lost mid-stream is renewed and the same page read again. A malformed row is yielded marked
   * defective (see kingdeePageRows) rather than failing the page; a server that ignores StartRow or
   * Limit fails the read (KingdeePagingGuard) rather than being paged forever.
   */
  async *streamBillQueryPages(
    query: KingdeeBillQuery,
    options: KingdeeStreamOptions = {},
  ): AsyncGenerator<Array<Record<string, unknown>>> {
    const keys = normaliseFieldKeys(query.fieldKeys);
    const pageSize = checkPageSize(options.pageSize ?? this.config.pageSize);
    const { orderString, unique } = stableOrderString(query, keys);
    if (!unique)
      this.logger.warn?.(
        { formId: query.formId },
        'Kingdee query order is not known to be unique; pass orderKeys so paging cannot skip or repeat rows',
      );
    const toObject = rowMapper(keys);
    const confirmEnd = options.confirmPageEnd ?? this.config.confirmPageEnd;
    const guard = new KingdeePagingGuard(query.formId, pageSize);
    let startRow = options.startRow ?? 0;
    for (;;) {
      const data = billQueryData(query, keys, orderString, startRow, pageSize, 0);
      // A failed page is asked again at the same StartRow: the rows before it are already yielded.
      const { rows, invalidUtf8At } = await retryPage(
        () => this.queryPage(data, options.signal),
        options.retry,
        { formId: query.formId, startRow },
        { ...this.retryDeps, logger: this.logger },
        options.signal,
      );
      guard.check(rows, startRow);
      if (rows.length > 0)
        yield kingdeePageRows(rows, keys, toObject, { formId: query.formId, startRow, invalidUtf8At });
      if (rows.length === 0 || (rows.length < pageSize && !confirmEnd)) return;
      startRow += rows.length;
    }
  }

  /** Like streamBillQueryPages, one row at a time. */
  async *streamBillQuery(
    query: KingdeeBillQuery,
    options: KingdeeStreamOptions = {},
  ): AsyncGenerator<Record<string, unknown>> {
    for await (const page of this.streamBillQueryPages(query, options)) yield* page;
  }

  /** View one document by number or id; null when the server returns no document. */
  async view(
    formId: string,
    target: { number?: string; id?: number | string; createOrgId?: number; isSortBySeq?: boolean },
    options: KingdeeCallOptions = {},
  ): Promise<Record<string, unknown> | null> {
    const data: Record<string, unknown> = {
      CreateOrgId: target.createOrgId ?? 0,
      Number: target.number ?? '',
      Id: target.id ?? '',
    };
    if (target.isSortBySeq !== undefined) data.IsSortBySeq = target.isSortBySeq;
    const result = (await this.call(KingdeeServices.View, { formid: formId, data }, options)) as Record<
      string,
      unknown
    >;
    const doc = result.Result;
    return doc && typeof doc === 'object' ? (doc as Record<string, unknown>) : null;
  }

  /** Saves one document (`data.Model`); throws KingdeeError (usually kind `record`) when refused. */
  async save(
    formId: string,
    data: Record<string, unknown>,
    options: KingdeeCallOptions = {},
  ): Promise<KingdeeSaveResult> {
    const result = (await this.call(KingdeeServices.Save, { formid: formId, data }, options)) as Record<
      string,
      unknown
    >;
    const entity = normaliseStatus(result.ResponseStatus).successEntities[0];
    return {
      id: (result.Id as number | string | undefined) ?? entity?.id ?? '',
      number: (result.Number as string | undefined) ?? entity?.number ?? '',
      needReturnData: Array.isArray(result.NeedReturnData) ? result.NeedReturnData : [],
    };
  }

  /** BatchSave: per-model failures come back in `failures` (by DIndex); whole-call failures throw. */
  batchSave(
    formId: string,
    data: Record<string, unknown>,
    options: KingdeeCallOptions = {},
  ): Promise<KingdeeOperationResult> {
    return this.operate(KingdeeServices.BatchSave, { formid: formId, data }, options);
  }

  submit(formId: string, targets: KingdeeTargets, options: KingdeeCallOptions = {}): Promise<KingdeeOperationResult> {
    return this.operate(KingdeeServices.Submit, { formid: formId, data: targetData(targets) }, options);
  }

  audit(formId: string, targets: KingdeeTargets, options: KingdeeCallOptions = {}): Promise<KingdeeOperationResult> {
    return this.operate(KingdeeServices.Audit, { formid: formId, data: targetData(targets) }, options);
  }

  unAudit(formId: string, targets: KingdeeTargets, options: KingdeeCallOptions = {}): Promise<KingdeeOperationResult> {
    return this.operate(KingdeeServices.UnAudit, { formid: formId, data: targetData(targets) }, options);
  }

  delete(formId: string, targets: KingdeeTargets, options: KingdeeCallOptions = {}): Promise<KingdeeOperationResult> {
    return this.operate(KingdeeServices.Delete, { formid: formId, data: targetData(targets) }, options);
  }

  /** ExcuteOperation (sic): Forbid, Enable, Cancel, UnCancel, BillClose, BillUnClose, … */
  executeOperation(
    formId: string,
    opNumber: string,
    targets: KingdeeTargets,
    options: KingdeeCallOptions = {},
  ): Promise<KingdeeOperationResult> {
    return this.operate(
      KingdeeServices.ExcuteOperation,
      { formid: formId, opNumber, data: targetData(targets) },
      options,
    );
  }

  /** Form metadata (元数据查询): the `NeedReturnData` of QueryBusinessInfo. */
  async queryBusinessInfo(formId: string, options: KingdeeCallOptions = {}): Promise<unknown> {
    const result = (await this.call(
      KingdeeServices.QueryBusinessInfo,
      { data: { FormId: formId } },
      options,
    )) as Record<string, unknown>;
    return result.NeedReturnData;
  }

  private async operate(
    service: string,
    body: Record<string, unknown>,
    options: KingdeeCallOptions,
  ): Promise<KingdeeOperationResult> {
    const reply = await this.caller.request(service, body, { auth: true, signal: options.signal });
    if (reply.kind !== 'status')
      throw new KingdeeError({
        source: 'shape',
        service,
        write: isWriteService(service),
        messages: ['expected a Result.ResponseStatus reply'],
      });
    return operationResult(service, reply);
  }

  /** One page's rows, unchecked one by one (the callers decide what a malformed row means). */
  private async queryPage(
    data: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<{ rows: unknown[]; invalidUtf8At?: number }> {
    const service = KingdeeServices.ExecuteBillQuery;
    const reply = await this.caller.request(service, { data }, { auth: true, signal });
    if (reply.kind === 'status')
      throw this.caller.statusError(service, reply, { formId: data.FormId, startRow: data.StartRow });
    const value = this.caller.dataOf(service, reply);
    if (!Array.isArray(value))
      throw new KingdeeError({
        source: 'shape',
        service,
        messages: ['expected an array of rows'],
        extra: { formId: data.FormId },
      });
    return { rows: value, invalidUtf8At: reply.kind === 'data' ? reply.invalidUtf8At : undefined };
  }
}

function targetData(targets: KingdeeTargets): Record<string, unknown> {
  const data: Record<string, unknown> = { CreateOrgId: 0, ...targets };
  if (Array.isArray(targets.Ids)) data.Ids = targets.Ids.join(',');
  return data;
}
