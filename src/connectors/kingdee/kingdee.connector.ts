import { ConfigError } from '../../core/errors.js';
import { markRowDefects, rowDefectsOf } from '../../scheme/grouping/source-defect.js';
import type { Connector, ConnectorDeps, WriteContext, WriteResult } from '../connector.js';
import { kingdeeCatalog } from './catalog/kingdee.catalog.js';
import { KingdeeClient, type KingdeeClientDeps } from './client/kingdee-client.js';
import type { PageRetry } from './client/kingdee-page-retry.js';
import { kingdeeConnectionSchema, type KingdeeConnectionInput } from './kingdee.config.js';

const READ_OPERATIONS = ['ExecuteBillQuery', 'BillQuery'] as const;

const WRITE_OPERATIONS = ['Save', 'BatchSave'] as const;

/**
 * Row keys as schemes see them: Kingdee's dotted sub-properties (`FCustId.FNumber`) become
 * `FCustId_FNumber`, the names the seed's field tables and hosted platforms use, so JSONata
 * expressions need no back-quotes.
 */
export function schemeFieldName(fieldKey: string): string {
  return fieldKey.replace(/\./g, '_');
}

function text(params: Record<string, unknown>, name: string, required = true): string | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') {
    if (required)
      throw new ConfigError(`Kingdee parameter ${name} is missing; add it to the scheme's params`, {
        code: 'kingdee.param_missing',
        details: { param: name },
      });
    return undefined;
  }
  return String(value);
}

/** Kingdee K/3Cloud as a scheme source (ExecuteBillQuery/BillQuery) and target (Save/BatchSave). */
export function createKingdeeConnector(
  name: string,
  config: KingdeeConnectionInput,
  deps: KingdeeClientDeps = {},
): Connector {
  const client = new KingdeeClient(config, { connection: name, ...deps });
  // A page that fails transiently (502 from a proxy, truncated reply, MsgCode 13/14) is read again,
  // at the same StartRow, for the connection's readRetry budget: a 200,000-row read should neither
  // restart nor fail for one bad page or a short server restart.
  const pageRetry: PageRetry = { ...client.config.readRetry, multiplier: 2, jitter: 0.2 };

  async function* read(
    operation: string,
    params: Record<string, unknown>,
    signal?: AbortSignal,
  ): AsyncIterable<Record<string, unknown>> {
    if (!READ_OPERATIONS.includes(operation as (typeof READ_OPERATIONS)[number])) {
      throw new ConfigError(
        `Kingdee connection "${name}" cannot read with "${operation}"; use one of ${READ_OPERATIONS.join(', ')}`,
        { code: 'kingdee.unknown_operation' },
      );
    }
    const fieldKeys = params.FieldKeys as string | string[] | undefined;
    if (!fieldKeys)
      throw new ConfigError('Kingdee parameter FieldKeys is missing; list the fields to read', {
        code: 'kingdee.param_missing',
      });
    const query = {
      formId: text(params, 'FormId')!,
      fieldKeys,
      filterString: params.FilterString as string | undefined,
      orderString: text(params, 'OrderString', false),
      orderKeys: params.OrderKeys as string[] | undefined,
    };
    const pageSize = params.Limit === undefined ? undefined : Number(params.Limit);
    let names: string[] | null = null;
    for await (const page of client.streamBillQueryPages(query, { pageSize, signal, retry: pageRetry })) {
      for (const row of page) {
        const defects = rowDefectsOf(row);
        if (defects.length > 0) {
          // A malformed row holds only some fields (or none): rename what it has, keep its defects.
          const renamed: Record<string, unknown> = {};
          for (const key of Object.keys(row)) renamed[schemeFieldName(key)] = row[key];
          yield markRowDefects(renamed, defects);
          continue;
        }
        names ??= Object.keys(row);
        const renamed: Record<string, unknown> = {};
        for (const key of names) renamed[schemeFieldName(key)] = row[key];
        yield renamed;
      }
    }
  }

  async function write(
    operation: string,
    payload: Record<string, unknown>,
    context: WriteContext,
  ): Promise<WriteResult> {
    const formId = text(context.params, 'FormId')!;
    if (operation === 'Save') {
      const result = await client.save(formId, { ...context.params, FormId: undefined, Model: payload });
      return { reply: result, ids: { FID: result.id, FNumber: result.number }, warnings: [] };
    }
    if (operation === 'BatchSave') {
      const result = await client.batchSave(formId, { ...context.params, FormId: undefined, Model: [payload] });
      return { reply: result, ids: {}, warnings: [] };
    }
    throw new ConfigError(
      `Kingdee connection "${name}" cannot write with "${operation}"; use one of ${WRITE_OPERATIONS.join(', ')}`,
      { code: 'kingdee.unknown_operation' },
    );
  }

  return {
    name,
    type: 'kingdee',
    readOperations: READ_OPERATIONS,
    writeOperations: WRITE_OPERATIONS,
    check: () => client.ping(),
    read,
    write,
    // Kingdee saves with an FID are idempotent overwrites, so a repeat is safe: report "not found" and let it repeat.
    findWritten: async () => null,
    lookup: async () => {
      throw new ConfigError(
        `Kingdee connection "${name}" has no target lookups; use $lookup on a scheme that synced the data`,
        { code: 'kingdee.lookup_unsupported' },
      );
    },
    customFieldId: async () => {
      throw new ConfigError(
        `Kingdee connection "${name}" has no custom-field ids; use the field key (e.g. F_qiao_OkkiId)`,
        { code: 'kingdee.custom_field_unsupported' },
      );
    },
    call: async (operation, params) => {
      const { FormId, ...data } = params;
      if (operation === 'Save' && FormId) return client.save(String(FormId), data);
      return client.call(operation, FormId ? { formid: FormId, data } : params);
    },
    close: () => client.logout().catch(() => undefined),
  };
}

/** The Kingdee connector type as the registry lists it: its qiao.yaml schema, catalog, operations and factory. */
export const kingdeeConnectorType = {
  type: 'kingdee',
  configSchema: kingdeeConnectionSchema,
  catalog: kingdeeCatalog,
  /** What `source.api` may name (validation reads these without creating a connector). */
  readOperations: READ_OPERATIONS,
  /** What `target.api` may name. */
  writeOperations: WRITE_OPERATIONS,
  create: (name: string, config: KingdeeConnectionInput, deps: ConnectorDeps = {}): Connector =>
    createKingdeeConnector(name, config, {
      logger: deps.logger,
      onCall: (e) =>
        deps.onCall?.({
          connection: name,
          operation: e.service,
          durationMs: e.durationMs,
          ok: e.ok,
          errorCode: e.errorCode,
        }),
    }),
} as const;
