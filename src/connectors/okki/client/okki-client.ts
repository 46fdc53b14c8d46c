import type { Logger } from '../../../core/logger.js';
import { ConfigError } from '../../../core/errors.js';
import { incompleteReply, pick } from './okki-keys.js';
import {
  applyCustomFieldNames,
  CustomFieldResolver,
  OKKI_FIELD_ENDPOINTS,
  type CustomFieldQuery,
  type OkkiFieldModule,
} from './custom-field-resolver.js';
import { okkiConnectionSchema, type OkkiConnectionConfig, type OkkiConnectionInput } from '../okki.config.js';
import type * as T from '../okki.types.js';
import type {
  CompanyPushResult,
  OkkiListParams,
  OrderPushResult,
  ProductPushResult,
  ReceiptPushResult,
} from '../okki.types.js';
import { paginate } from './okki-pager.js';
import { formatOkkiTime } from './okki-time.js';
import { OkkiTransport, type OkkiRequest, type OkkiTransportDeps, type QueryValue } from './okki-transport.js';
import { compareOrderLines, okkiIdString } from '../objects/order-lines.js';
import { matchCompanyContacts } from './company-contacts.js';

export interface OkkiClientDeps extends OkkiTransportDeps {
  fetch?: typeof fetch;
  /** Clock in epoch ms (tests). Default Date.now. */
  now?: () => number;
  logger?: Logger;
}

/**
 * Client for one OKKI tenant. Safe to share: the token, the rate limiter and the field cache are
 * per instance. Every method throws `OkkiError` (an `IntegrationError`) classified by `okkiErrorRules`.
 */
export class OkkiClient {
  readonly config: OkkiConnectionConfig;
  readonly transport: OkkiTransport;
  private readonly fieldResolver: CustomFieldResolver;
  private readonly logger?: Logger;

  /** @throws ConfigError `okki.config_invalid` when `config` does not match `okkiConnectionSchema`. */
  constructor(config: OkkiConnectionInput, deps: OkkiClientDeps = {}) {
    const parsed = okkiConnectionSchema.safeParse(config);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new ConfigError(`OKKI connection settings are invalid: ${issues}.`, {
        code: 'okki.config_invalid',
        details: { issues },
      });
    }
    this.config = parsed.data;
    this.logger = deps.logger;
    this.transport = new OkkiTransport(this.config, deps);
    this.fieldResolver = new CustomFieldResolver((module) => {
      const endpoint = OKKI_FIELD_ENDPOINTS[module];
      return this.get<T.OkkiFieldDescriptor[]>(endpoint.path, endpoint.query).then((data) =>
        Array.isArray(data) ? data : [],
      );
    });
  }

  /**
   * One cheap authenticated call per configured scope, so bad credentials and scopes the tenant did
   * not grant show up before a run. Throws `okki.invalid_client` / `okki.scope_missing` (kind config).
   */
  async check(): Promise<void> {
    const probes: Record<string, [string, Record<string, QueryValue>?]> = {
      invoices: ['/v1/invoices/order/orderEnums'],
      company: ['/v1/company/list', { start_index: 1, count: 1 }],
      product: ['/v1/product/list', { start_index: 1, count: 1 }],
      user: ['/v1/user/departmentList'],
    };
    for (const scope of this.config.scopes) {
      const probe = probes[scope];
      if (probe) await this.get(probe[0], probe[1]);
    }
    if (!this.config.scopes.some((scope) => probes[scope])) await this.transport.tokens.get();
  }

  /** Any OKKI call not covered below; returns the envelope's `data`. */
  request<R>(request: OkkiRequest): Promise<R> {
    return this.transport.request<R>(request);
  }

  // ── Orders (scope invoices) ────────────────────────────────────────────────

  /**
   * Creates or edits an order (edit when `order_id` or an existing `order_no` is sent) and reports
   * the lines OKKI silently ignored. When the reply carries no `product_list`, the lines are checked
   * through `info` instead. A timeout throws `okki.outcome_unknown`: look the order up before repeating.
   */
  async pushOrder(payload: T.OkkiOrderPushPayload): Promise<OrderPushResult> {
    const reply = await this.post<T.OkkiOrderPushReply>('/v1/invoices/order/push', payload);
    const orderId = okkiIdString(reply?.order_id);
    if (!orderId) throw incompleteReply('/v1/invoices/order/push', 'order_id');
    const sent = Array.isArray(payload.product_list) ? payload.product_list : [];
    let lines = reply.product_list;
    let orderNo = typeof payload.order_no === 'string' && payload.order_no ? payload.order_no : null;
    if (!Array.isArray(lines) && sent.length > 0) {
      // The push landed: a failure to read its lines must not read as "nothing happened".
      const info = await this.getOrder({ order_id: orderId }).catch((error: unknown) => {
        throw incompleteReply('/v1/invoices/order/push', 'product_list', error);
      });
      lines = info?.product_list ?? [];
      orderNo = info?.order_no ?? orderNo;
    }
    const report = compareOrderLines(sent, Array.isArray(lines) ? lines : []);
    if (report.droppedLines.length > 0) {
      this.logger?.warn(
        { orderId, orderNo, droppedLines: report.droppedLines },
        'OKKI ignored order lines whose product_id/sku_id it does not know',
      );
    }
    return { orderId, orderNo, reply, ...report };
  }

  /** One order by id or number; null when OKKI answers 404 Not Found Resource. */
  getOrder(key: T.OrderKey): Promise<T.OkkiOrder | null> {
    return this.get<T.OkkiOrder | null>(
      '/v1/invoices/order/info',
      pick(key, ['order_id', 'order_no'], 'getOrder'),
      true,
    );
  }

  /**
   * After `okki.outcome_unknown` on a push: the order the push would have written, found by its
   * `order_id` or else its `order_no`; null when it did not land. A push with neither cannot be
   * checked (always send `order_no`), so this returns null for it.
   */
  findPushedOrder(payload: T.OkkiOrderPushPayload): Promise<T.OkkiOrder | null> {
    const id = okkiIdString(payload.order_id);
    if (id) return this.getOrder({ order_id: id });
    const no = typeof payload.order_no === 'string' ? payload.order_no.trim() : '';
    return no ? this.getOrder({ order_no: no }) : Promise.resolve(null);
  }

  /**
   * Streams orders in a time window (`query.status` filters by status code). Pass a fixed `endTime`:
   * OKKI pages by offset, so rows updated while paging can shift between pages.
   */
  listOrders(params: OkkiListParams = {}): AsyncGenerator<T.OkkiOrder> {
    return this.list<T.OkkiOrder>('/v1/invoices/order/list', params);
  }

  /** Deletes an order (refused by OKKI for confirmed orders, orders in approval or with downstream documents). */
  async removeOrder(key: T.OrderKey): Promise<void> {
    await this.transport.request({
      method: 'POST',
      path: '/v1/invoices/order/remove',
      query: pick(key, ['order_id', 'order_no'], 'removeOrder'),
      write: true,
    });
  }

  /** The order field dictionary (cached per client; `clearFieldCache` forgets it). */
  orderFields(): Promise<T.OkkiFieldDescriptor[]> {
    return this.fieldResolver.fields('order');
  }

  orderEnums(): Promise<T.OkkiOrderEnums> {
    return this.get<T.OkkiOrderEnums>('/v1/invoices/order/orderEnums');
  }

  // ── Receipts / 回款单 (scope invoices) ─────────────────────────────────────

  /** Creates or edits a 回款单 (`amount` and `currency` required by OKKI). */
  async pushReceipt(payload: T.OkkiReceiptPushPayload): Promise<ReceiptPushResult> {
    const reply = await this.post<Record<string, unknown>>('/v1/invoices/receipt/push', payload);
    const cashCollectionId = okkiIdString(reply?.cash_collection_id as T.OkkiId | undefined);
    if (!cashCollectionId) throw incompleteReply('/v1/invoices/receipt/push', 'cash_collection_id');
    const no = reply.cash_collection_no;
    return { cashCollectionId, cashCollectionNo: typeof no === 'string' && no ? no : null, reply };
  }

  listReceipts(params: OkkiListParams = {}): AsyncGenerator<T.OkkiReceipt> {
    return this.list<T.OkkiReceipt>('/v1/invoices/receipt/list', params);
  }

  getReceipt(key: T.ReceiptKey): Promise<T.OkkiReceipt | null> {
    return this.get<T.OkkiReceipt | null>(
      '/v1/invoices/receipt/info',
      pick(key, ['cash_collection_id', 'cash_collection_no'], 'getReceipt'),
      true,
    );
  }

  /** Allowed values of a receipt's `type` (e.g. "T/T"). */
  async receiptTypes(): Promise<string[]> {
    const data = await this.get<unknown>('/v1/invoices/receipt/types');
    return Array.isArray(data)
      ? data.map((t) =>
          typeof t === 'object' && t !== null ? String((t as { name?: unknown }).name ?? '') : String(t),
        )
      : [];
  }

  // ── Companies (scope company) ──────────────────────────────────────────────

  listCompanies(params: OkkiListParams = {}): AsyncGenerator<T.OkkiCompany> {
    return this.list<T.OkkiCompany>('/v1/company/list', params);
  }

  /** One company by id or serial_id; `format: 1` asks for formatted values. Null when not found. */
  getCompany(key: T.CompanyKey, options: { format?: 0 | 1 } = {}): Promise<T.OkkiCompany | null> {
    return this.get<T.OkkiCompany | null>(
      '/v1/company/info',
      { ...pick(key, ['company_id', 'serial_id'], 'getCompany'), format: options.format },
      true,
    );
  }

  /**
   * Creates or edits a company with its contacts. With `matchBy: 'serial_id'` and no `company_id`,
   * an existing company with that serial_id is edited instead of a second one being created, and
   * contacts without `customer_id` are matched to its contacts by e-mail, then name.
   */
  async pushCompanyAndCustomers(
    payload: T.OkkiCompanyPushPayload,
    options: { matchBy?: 'serial_id' } = {},
  ): Promise<CompanyPushResult> {
    let body = payload;
    if (options.matchBy === 'serial_id' && !okkiIdString(payload.company_id) && payload.serial_id) {
      const existing = await this.getCompany({ serial_id: payload.serial_id });
      if (existing)
        body = {
          ...payload,
          company_id: existing.company_id,
          customers: matchCompanyContacts(payload.customers ?? [], existing.customers ?? []),
        };
    }
    const reply = await this.post<Record<string, unknown>>('/v1/company/pushCompanyAndCustomers', body);
    const companyId = okkiIdString(reply?.company_id as T.OkkiId | undefined);
    if (!companyId) throw incompleteReply('/v1/company/pushCompanyAndCustomers', 'company_id');
    const customers = (Array.isArray(reply.customers) ? reply.customers : []) as Array<Record<string, unknown>>;
    return {
      companyId,
      created: !okkiIdString(body.company_id),
      customers: customers.map((c) => ({
        customerId: String(c.customer_id),
        name: c.name as string | undefined,
        email: c.email as string | undefined,
      })),
      reply,
    };
  }

  // ── Products (scope product) ───────────────────────────────────────────────

  /** Streams products (list rows carry no sku_id: use getProduct for SKUs). */
  listProducts(params: OkkiListParams = {}): AsyncGenerator<T.OkkiProduct> {
    return this.list<T.OkkiProduct>('/v1/product/list', params);
  }

  getProduct(key: T.ProductKey): Promise<T.OkkiProduct | null> {
    return this.get<T.OkkiProduct | null>(
      '/v1/product/info',
      pick(key, ['product_id', 'product_no'], 'getProduct'),
      true,
    );
  }

  /**
   * Creates or edits a product. With `matchBy: 'product_no'` and no `product_id`, an existing product
   * with that number is edited instead of a duplicate being created.
   */
  async pushProduct(
    payload: T.OkkiProductPushPayload,
    options: { matchBy?: 'product_no' } = {},
  ): Promise<ProductPushResult> {
    let body = payload;
    if (options.matchBy === 'product_no' && !okkiIdString(payload.product_id) && payload.product_no) {
      const existing = await this.getProduct({ product_no: payload.product_no });
      if (existing) body = { ...payload, product_id: existing.product_id };
    }
    const reply = await this.post<Record<string, unknown>>('/v1/product/push', body);
    const productId = okkiIdString(reply?.product_id as T.OkkiId | undefined);
    if (!productId) throw incompleteReply('/v1/product/push', 'product_id');
    const skus = (Array.isArray(reply.sku_items) ? reply.sku_items : []) as Array<Record<string, unknown>>;
    return {
      productId,
      productNo: typeof reply.product_no === 'string' ? reply.product_no : (payload.product_no ?? null),
      created: !okkiIdString(body.product_id),
      skuItems: skus.map((s) => ({
        skuId: String(s.sku_id),
        skuCode: typeof s.sku_code === 'string' ? s.sku_code : null,
      })),
      reply,
    };
  }

  // ── Users and departments (scope user) ─────────────────────────────────────

  /** Users (OKKI returns them in one unpaged array). `enableFlag`: 0 frozen, 1 active (default), 2 deleted. */
  async *listUsers(options: { enableFlag?: 0 | 1 | 2 } = {}): AsyncGenerator<T.OkkiUser> {
    const data = await this.get<unknown>('/v1/user/list', { enable_flag: options.enableFlag ?? 1 });
    if (Array.isArray(data)) yield* data as T.OkkiUser[];
    else if (data && typeof data === 'object' && Array.isArray((data as { list?: unknown }).list))
      yield* (data as { list: T.OkkiUser[] }).list;
  }

  /** One user by id or login e-mail; null when OKKI answers 404. */
  getUser(key: { user_id: T.OkkiId } | { email: string }): Promise<T.OkkiUser | null> {
    return this.get<T.OkkiUser | null>('/v1/user/info', pick(key, ['user_id', 'email'], 'getUser'), true);
  }

  /** Departments (root "我的企业" has id "0"). */
  async *listDepartments(): AsyncGenerator<T.OkkiDepartment> {
    const data = await this.get<unknown>('/v1/user/departmentList');
    if (Array.isArray(data)) yield* data as T.OkkiDepartment[];
    else if (data && typeof data === 'object' && Array.isArray((data as { list?: unknown }).list))
      yield* (data as { list: T.OkkiDepartment[] }).list;
  }

  // ── Custom fields ──────────────────────────────────────────────────────────

  /** Field dictionary of `module` (cached). */
  fields(module: OkkiFieldModule): Promise<T.OkkiFieldDescriptor[]> {
    return this.fieldResolver.fields(module);
  }

  /**
   * Numeric id of the custom field users see as `name` (e.g. `金蝶标识状态`, `物流费`).
   * @throws ConfigError `okki.custom_field_unknown` naming the field and similar names.
   */
  customFieldId(module: OkkiFieldModule, name: string, query?: CustomFieldQuery): Promise<string> {
    return this.fieldResolver.customFieldId(module, name, query);
  }

  /**
   * Replaces custom fields written by display name (`{ 金蝶标识状态: 'x', product_list: [{ 物流费: 3 }] }`)
   * with their numeric ids, header and line level, so schemes can name fields the way users see them.
   */
  applyCustomFieldNames<P extends Record<string, unknown>>(module: OkkiFieldModule, payload: P): Promise<P> {
    return applyCustomFieldNames(this.fieldResolver, module, payload);
  }

  clearFieldCache(module?: OkkiFieldModule): void {
    this.fieldResolver.clear(module);
  }

  // ── plumbing ───────────────────────────────────────────────────────────────

  private get<R>(path: string, query?: Record<string, QueryValue>, notFoundAsNull = false): Promise<R> {
    return this.transport.request<R>({ method: 'GET', path, query, notFoundAsNull });
  }

  private post<R>(path: string, body: unknown): Promise<R> {
    return this.transport.request<R>({ method: 'POST', path, body, write: true });
  }

  private list<R>(path: string, params: OkkiListParams): AsyncGenerator<R> {
    const offset = this.config.timeZoneOffsetMinutes;
    const query: Record<string, QueryValue> = {
      ...params.query,
      start_time: params.startTime === undefined ? undefined : formatOkkiTime(params.startTime, offset),
      end_time: params.endTime === undefined ? undefined : formatOkkiTime(params.endTime, offset),
      time_type: params.timeType,
      removed: params.removed === undefined ? undefined : params.removed ? 1 : 0,
    };
    return paginate<R>((startIndex, count) => this.get(path, { ...query, start_index: startIndex, count }), {
      pageSize: params.pageSize ?? this.config.pageSize,
      firstPage: params.startIndex,
    });
  }
}
