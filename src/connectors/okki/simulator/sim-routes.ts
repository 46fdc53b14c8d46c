/**
 * The business routes of the simulated OKKI API: method, path, the scope a token needs, and the
 * handler producing `data` for the `{code, message, now, data}` envelope.
 */
import {
  companyInfo,
  listCompanies,
  listDepartments,
  listProducts,
  listUsers,
  productInfo,
  pushCompany,
  pushProduct,
} from './sim-directory.js';
import { listOrders, orderEnums, orderInfo, removeOrder, renderPushLines } from './sim-order-queries.js';
import { pushOrder } from './sim-orders.js';
import { listReceipts, pushReceipt, RECEIPT_FIELDS, receiptInfo } from './sim-receipts.js';
import type { Tenant } from './sim-tenant.js';
import { PAY_TYPES } from './sim-order-queries.js';
import { invalid, notFound, toId } from './sim-util.js';

export interface RouteContext {
  tenant: Tenant;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

export interface Route {
  method: 'GET' | 'POST';
  scope: string;
  /** Marks the order push, which the "commit then time out" fault targets. */
  orderPush?: boolean;
  handle(ctx: RouteContext): unknown;
}

export const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  [
    '/v1/invoices/order/push',
    {
      method: 'POST',
      scope: 'invoices',
      orderPush: true,
      handle: ({ tenant, body }) => {
        const { order } = pushOrder(tenant, body);
        return { order_id: order.order_id, product_list: renderPushLines(tenant, order) };
      },
    },
  ],
  [
    '/v1/invoices/order/info',
    { method: 'GET', scope: 'invoices', handle: ({ tenant, query }) => orderInfo(tenant, query) },
  ],
  [
    '/v1/invoices/order/list',
    { method: 'GET', scope: 'invoices', handle: ({ tenant, query }) => listOrders(tenant, query) },
  ],
  [
    '/v1/invoices/order/remove',
    { method: 'POST', scope: 'invoices', handle: ({ tenant, query, body }) => removeOrder(tenant, query, body) },
  ],
  [
    '/v1/invoices/order/fields',
    { method: 'GET', scope: 'invoices', handle: ({ tenant }) => tenant.orderFields.map((f) => ({ ...f })) },
  ],
  ['/v1/invoices/order/orderEnums', { method: 'GET', scope: 'invoices', handle: ({ tenant }) => orderEnums(tenant) }],
  [
    '/v1/invoices/receipt/push',
    { method: 'POST', scope: 'invoices', handle: ({ tenant, body }) => pushReceipt(tenant, body) },
  ],
  [
    '/v1/invoices/receipt/list',
    { method: 'GET', scope: 'invoices', handle: ({ tenant, query }) => listReceipts(tenant, query) },
  ],
  [
    '/v1/invoices/receipt/info',
    { method: 'GET', scope: 'invoices', handle: ({ tenant, query }) => receiptInfo(tenant, query) },
  ],
  ['/v1/invoices/receipt/types', { method: 'GET', scope: 'invoices', handle: () => [...PAY_TYPES] }],
  ['/v1/invoices/receipt/fields', { method: 'GET', scope: 'invoices', handle: () => RECEIPT_FIELDS }],
  [
    '/v1/company/list',
    { method: 'GET', scope: 'company', handle: ({ tenant, query }) => listCompanies(tenant, query) },
  ],
  ['/v1/company/info', { method: 'GET', scope: 'company', handle: ({ tenant, query }) => companyInfo(tenant, query) }],
  [
    '/v1/company/pushCompanyAndCustomers',
    { method: 'POST', scope: 'company', handle: ({ tenant, body }) => pushCompany(tenant, body) },
  ],
  ['/v1/product/list', { method: 'GET', scope: 'product', handle: ({ tenant, query }) => listProducts(tenant, query) }],
  ['/v1/product/info', { method: 'GET', scope: 'product', handle: ({ tenant, query }) => productInfo(tenant, query) }],
  ['/v1/product/push', { method: 'POST', scope: 'product', handle: ({ tenant, body }) => pushProduct(tenant, body) }],
  ['/v1/user/list', { method: 'GET', scope: 'user', handle: ({ tenant, query }) => listUsers(tenant, query) }],
  ['/v1/user/departmentList', { method: 'GET', scope: 'user', handle: ({ tenant }) => listDepartments(tenant) }],
  [
    '/v1/user/info',
    {
      method: 'GET',
      scope: 'user',
      handle: ({ tenant, query }) => {
        const id = toId(query.get('user_id'));
        const email = query.get('email');
        if (id === undefined && !email) throw invalid('user_id 或 email 必填其一');
        const user = listUsers(tenant, new URLSearchParams()).find(
          (u) =>
            (u as { user_id: string; email: string }).user_id === String(id) ||
            (u as { email: string }).email === email,
        );
        if (!user) throw notFound();
        return user;
      },
    },
  ],
]);
