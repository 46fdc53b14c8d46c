import { ConfigError } from '../../core/errors.js';
import type { Connector, ConnectorDeps, WriteContext, WriteResult } from '../connector.js';
import { okkiCatalog } from './catalog/order.catalog.js';
import { toOkkiFieldModule } from './client/custom-field-resolver.js';
import { OkkiClient, type OkkiClientDeps } from './client/okki-client.js';
import { okkiConnectionSchema, type OkkiConnectionInput } from './okki.config.js';
import type { OkkiListParams } from './okki.types.js';
import { lineIdMap, matchFoundLines, prepareLines, stripInternal } from './objects/order-payload.js';

const READ_OPERATIONS = ['orders.list', 'companies.list', 'products.list', 'receipts.list'] as const;
const WRITE_OPERATIONS = ['orders.push', 'companies.push', 'products.push', 'receipts.push'] as const;

type Payload = Record<string, unknown>;
const idOf = (value: unknown): string | null => (value === undefined || value === null || value === '' || value === 0 || value === '0' ? null : String(value));

function listParams(params: Payload): OkkiListParams {
  const { start_time, end_time, time_type, removed, count, start_index, ...query } = params;
  return {
    startTime: start_time as string | undefined,
    endTime: end_time as string | undefined,
    timeType: time_type === undefined ? undefined : (Number(time_type) as OkkiListParams['timeType']),
    removed: removed === undefined ? undefined : Boolean(Number(removed)),
    pageSize: count === undefined ? undefined : Number(count),
    startIndex: start_index === undefined ? undefined : Number(start_index),
    query: query as OkkiListParams['query'],
  };
}

/** Xiaoman OKKI CRM as a scheme target (orders, companies, products, receipts) and source (lists). */
export function createOkkiConnector(name: string, config: OkkiConnectionInput, deps: OkkiClientDeps = {}): Connector {
  const client = new OkkiClient(config, deps);
  const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
    const out: T[] = [];
    for await (const item of iterable) out.push(item);
    return out;
  };
  /** Caches a directory list for the connection's life; a failed load is forgotten so the next lookup asks again. */
  const cached = (load: () => Promise<Array<Record<string, unknown>>>) => {
    let pending: Promise<Array<Record<string, unknown>>> | null = null;
    return () => {
      pending ??= load().catch((error: unknown) => {
        pending = null;
        throw error;
      });
      return pending;
    };
  };
  const users = cached(() => collect(client.listUsers()) as Promise<Array<Record<string, unknown>>>);
  const departments = cached(() => collect(client.listDepartments()) as Promise<Array<Record<string, unknown>>>);

  async function pushOrder(payload: Payload, context: WriteContext): Promise<WriteResult> {
    const previous = context.previousIds;
    const { lines, keys } = prepareLines(payload.product_list, (previous?.lines as Record<string, unknown> | undefined) ?? null);
    const body: Payload = { ...stripInternal(payload), product_list: lines };
    const orderId = idOf(previous?.order_id);
    if (orderId) body.order_id = orderId;
    const result = await client.pushOrder(body);
    const warnings = result.droppedLines.map((d) => `OKKI ignored line ${d.index + 1} (product_id ${d.product_id ?? '-'}, sku_id ${d.sku_id ?? '-'}): ${d.reason === 'missing_ids' ? 'no product/SKU id' : 'product or SKU unknown to OKKI'}`);
    // OKKI echoes the whole order (about five times the request); the ledger keeps what identifies it.
    const reply = {
      order_id: result.orderId,
      product_list: (result.reply.product_list ?? []).map((l) => ({ unique_id: l.unique_id, product_id: l.product_id, sku_id: l.sku_id, product_no: l.product_no, count: l.count, unit_price: l.unit_price, cost_amount: l.cost_amount })),
      dropped_lines: result.droppedLines,
      merged_lines: result.mergedLines,
    };
    return { reply, ids: { order_id: result.orderId, lines: lineIdMap(keys, result.lineIdByIndex) }, warnings };
  }

  async function write(operation: string, payload: Payload, context: WriteContext): Promise<WriteResult> {
    const previous = context.previousIds;
    switch (operation) {
      case 'orders.push':
        return pushOrder(payload, context);
      case 'companies.push': {
        const body = stripInternal(payload);
        if (idOf(previous?.company_id)) body.company_id = previous!.company_id;
        const result = await client.pushCompanyAndCustomers(body as never, { matchBy: 'serial_id' });
        return { reply: result.reply, ids: { company_id: result.companyId, customer_id: result.customers[0]?.customerId ?? null }, warnings: [] };
      }
      case 'products.push': {
        const body = stripInternal(payload);
        if (idOf(previous?.product_id)) body.product_id = previous!.product_id;
        const result = await client.pushProduct(body as never, { matchBy: 'product_no' });
        return { reply: result.reply, ids: { product_id: result.productId, sku_id: result.skuItems[0]?.skuId ?? null }, warnings: [] };
      }
      case 'receipts.push': {
        const body = stripInternal(payload);
        if (idOf(previous?.cash_collection_id)) body.cash_collection_id = previous!.cash_collection_id;
        const result = await client.pushReceipt(body as never);
        return { reply: result.reply, ids: { cash_collection_id: result.cashCollectionId, cash_collection_no: result.cashCollectionNo }, warnings: [] };
      }
      default:
        throw new ConfigError(`OKKI connection "${name}" cannot write with "${operation}"; use one of ${WRITE_OPERATIONS.join(', ')}`, { code: 'okki.unknown_operation' });
    }
  }

  async function findWritten(operation: string, payload: Payload): Promise<WriteResult | null> {
    switch (operation) {
      case 'orders.push': {
        const order = await client.findPushedOrder(stripInternal(payload));
        if (!order) return null;
        return { reply: order, ids: { order_id: String(order.order_id), lines: matchFoundLines(payload.product_list, order.product_list ?? []) }, warnings: [] };
      }
      case 'companies.push': {
        const company = payload.serial_id ? await client.getCompany({ serial_id: String(payload.serial_id) }) : null;
        return company ? { reply: company, ids: { company_id: String(company.company_id) }, warnings: [] } : null;
      }
      case 'products.push': {
        const product = payload.product_no ? await client.getProduct({ product_no: String(payload.product_no) }) : null;
        return product ? { reply: product, ids: { product_id: String(product.product_id), sku_id: idOf(product.sku_items?.[0]?.sku_id) }, warnings: [] } : null;
      }
      case 'receipts.push': {
        const receipt = payload.cash_collection_no ? await client.getReceipt({ cash_collection_no: String(payload.cash_collection_no) }) : null;
        return receipt ? { reply: receipt, ids: { cash_collection_id: String(receipt.cash_collection_id) }, warnings: [] } : null;
      }
      default:
        return null;
    }
  }

  async function lookup(object: string, query: Record<string, unknown>, field: string): Promise<unknown> {
    const matches = (item: Record<string, unknown>) => Object.entries(query).every(([k, v]) => String(item[k]) === String(v));
    switch (object) {
      case 'company': {
        const company = await client.getCompany(query as never);
        return company ? company[field] : null;
      }
      case 'product': {
        const product = await client.getProduct(query as never);
        if (!product) return null;
        return field === 'sku_id' ? idOf(product.sku_items?.[0]?.sku_id) : product[field];
      }
      case 'order': {
        const order = await client.getOrder(query as never);
        return order ? order[field] : null;
      }
      case 'user':
        return (await users()).find(matches)?.[field] ?? null;
      case 'department':
        return (await departments()).find(matches)?.[field] ?? null;
      default:
        throw new ConfigError(`OKKI lookups support company, product, order, user and department, not "${object}"`, { code: 'okki.lookup_unknown_object' });
    }
  }

  async function* read(operation: string, params: Payload): AsyncIterable<Record<string, unknown>> {
    const options = listParams(params);
    const source =
      operation === 'orders.list' ? client.listOrders(options)
      : operation === 'companies.list' ? client.listCompanies(options)
      : operation === 'products.list' ? client.listProducts(options)
      : operation === 'receipts.list' ? client.listReceipts(options)
      : null;
    if (!source) throw new ConfigError(`OKKI connection "${name}" cannot read with "${operation}"; use one of ${READ_OPERATIONS.join(', ')}`, { code: 'okki.unknown_operation' });
    yield* source as AsyncIterable<Record<string, unknown>>;
  }

  return {
    name,
    type: 'okki',
    readOperations: READ_OPERATIONS,
    writeOperations: WRITE_OPERATIONS,
    check: () => client.check(),
    read,
    write,
    findWritten,
    lookup,
    customFieldId: (module, displayName) => client.customFieldId(toOkkiFieldModule(module), displayName),
    call: (operation, params) => client.request({ method: 'POST', path: operation, body: params, mutating: true } as never),
    close: async () => undefined,
  };
}

/** The OKKI connector type as the registry lists it: its qiao.yaml schema, catalog and factory. */
export const okkiConnectorType = {
  type: 'okki',
  configSchema: okkiConnectionSchema,
  catalog: okkiCatalog,
  create: (name: string, config: OkkiConnectionInput, deps: ConnectorDeps = {}): Connector =>
    createOkkiConnector(name, config, {
      logger: deps.logger,
      onCall: (e) => deps.onCall?.({ connection: name, operation: e.operation, durationMs: e.durationMs, ok: e.ok, errorCode: e.errorCode }),
    }),
} as const;
