/**
 * Shapes of OKKI records as far as the client relies on them. OKKI returns ids as numbers or
 * strings inconsistently; the client accepts both (`OkkiId`) and reports ids it derives as strings.
 * Every record keeps its other fields (custom fields are numeric-string keys).
 */
export type OkkiId = number | string;

/** A row of `product_list` in an order push. Line custom fields go in as numeric-id keys. */
export interface OkkiOrderLineInput {
  product_id?: OkkiId;
  sku_id?: OkkiId;
  count?: number | string;
  unit_price?: number | string;
  /** Line subtotal; OKKI does not compute it and saves 0 when omitted. */
  cost_amount?: number | string;
  other_cost?: number | string;
  /** The line's id from a previous push/info; addresses that line on edit. */
  unique_id?: OkkiId;
  /** 1 together with `unique_id` deletes the line. */
  remove?: 0 | 1;
  [key: string]: unknown;
}

/** Body of POST /v1/invoices/order/push. Only `currency` is required by OKKI. */
export interface OkkiOrderPushPayload {
  order_id?: OkkiId;
  order_no?: string;
  currency?: string;
  product_list?: OkkiOrderLineInput[];
  [key: string]: unknown;
}

export interface OkkiOrderLine {
  unique_id: OkkiId;
  product_id: OkkiId;
  sku_id: OkkiId;
  [key: string]: unknown;
}

/** An order as `info`/`list` return it. */
export interface OkkiOrder {
  order_id: OkkiId;
  order_no: string;
  product_list?: OkkiOrderLine[];
  [key: string]: unknown;
}

/** `data` of a successful order push. */
export interface OkkiOrderPushReply {
  order_id: OkkiId;
  product_list?: Array<Partial<OkkiOrderLine> & Record<string, unknown>>;
  [key: string]: unknown;
}

/** Field descriptor from a module's `/fields` endpoint. `id` is numeric for custom fields. */
export interface OkkiFieldDescriptor {
  id: string;
  name: string;
  /** 1 = system field, 0 = custom field. */
  base: number | string;
  field_type: number | string;
  ext_info?: string[] | null;
  require?: number | string;
  /** 1 = line-item (product_list) field. */
  is_list?: number | string;
  [key: string]: unknown;
}

export interface OkkiEnumOption {
  code: string | number;
  name: string;
}

/** `data` of GET /v1/invoices/order/orderEnums. */
export interface OkkiOrderEnums {
  currency_list: OkkiEnumOption[];
  pay_list: OkkiEnumOption[];
  country_area_list: OkkiEnumOption[];
  source_type_list: OkkiEnumOption[];
  order_status_list: OkkiEnumOption[];
  archive_type_list: OkkiEnumOption[];
  [key: string]: unknown;
}

/** A 回款单 (cash collection) record. */
export interface OkkiReceipt {
  cash_collection_id: OkkiId;
  cash_collection_no: string;
  order_id?: OkkiId;
  [key: string]: unknown;
}

/** Body of POST /v1/invoices/receipt/push: `amount` and `currency` required. */
export interface OkkiReceiptPushPayload {
  cash_collection_id?: OkkiId;
  cash_collection_no?: string;
  order_id?: OkkiId;
  amount?: number | string;
  currency?: string;
  [key: string]: unknown;
}

export interface OkkiCompany {
  company_id: OkkiId;
  name?: string;
  serial_id?: string;
  customers?: Array<{ customer_id: OkkiId; name?: string; email?: string; [key: string]: unknown }>;
  [key: string]: unknown;
}

/** Body of POST /v1/company/pushCompanyAndCustomers: `name` and `customers` required. */
export interface OkkiCompanyPushPayload {
  company_id?: OkkiId;
  serial_id?: string;
  name?: string;
  customers?: Array<{ customer_id?: OkkiId; name?: string; email?: string; [key: string]: unknown }>;
  [key: string]: unknown;
}

export interface OkkiProduct {
  product_id: OkkiId;
  product_no?: string;
  sku_items?: Array<{ sku_id: OkkiId; sku_code?: string; [key: string]: unknown }>;
  [key: string]: unknown;
}

/** Body of POST /v1/product/push: `product_type` (1 single-spec, 2 multi-spec, 3 combo) required. */
export interface OkkiProductPushPayload {
  product_id?: OkkiId;
  product_no?: string;
  product_type?: 1 | 2 | 3;
  [key: string]: unknown;
}

export interface OkkiUser {
  user_id: OkkiId;
  email?: string;
  nickname?: string;
  [key: string]: unknown;
}

export interface OkkiDepartment {
  id: OkkiId;
  name: string;
  parent_id?: OkkiId;
  [key: string]: unknown;
}

/** Either identifier selects one order. */
export type OrderKey = { order_id: OkkiId } | { order_no: string };
export type ReceiptKey = { cash_collection_id: OkkiId } | { cash_collection_no: string };
export type CompanyKey = { company_id: OkkiId } | { serial_id: string };
export type ProductKey = { product_id: OkkiId } | { product_no: string };

/** Filters shared by OKKI list endpoints. */
export interface OkkiListParams {
  /** Window start; a Date is formatted on the tenant clock, a string is sent as is. */
  startTime?: Date | string;
  endTime?: Date | string;
  /** Which time the window applies to: 1 update (default), 2 create; orders also 3 order date, 4 delete time. */
  timeType?: 1 | 2 | 3 | 4;
  /** true: soft-deleted records instead of live ones. */
  removed?: boolean;
  /** Rows per page (default: connection pageSize). */
  pageSize?: number;
  /** First page to read, from 1 (default 1). */
  startIndex?: number;
  /** Further documented filters, sent verbatim (e.g. `status`, `all`, `product_type`). */
  query?: Record<string, string | number | boolean | null | undefined>;
}

/**
 * Result of `pushOrder`. `orderId` is the OKKI order id as a string; the line report says what
 * OKKI did with each sent `product_list` row (see `compareOrderLines`).
 */
export interface OrderPushResult extends OrderLineReport {
  orderId: string;
  /** The order number sent, or the one OKKI holds when the lines were checked through `info`. */
  orderNo: string | null;
  /** `data` of the push reply as OKKI sent it. */
  reply: OkkiOrderPushReply;
}

export interface ReceiptPushResult {
  cashCollectionId: string;
  cashCollectionNo: string | null;
  reply: Record<string, unknown>;
}

export interface CompanyPushResult {
  companyId: string;
  /** Whether the push created the company (no company_id was sent or found). */
  created: boolean;
  customers: Array<{ customerId: string; name?: string; email?: string }>;
  reply: Record<string, unknown>;
}

export interface ProductPushResult {
  productId: string;
  productNo: string | null;
  created: boolean;
  skuItems: Array<{ skuId: string; skuCode: string | null }>;
  reply: Record<string, unknown>;
}

/** A sent line OKKI did not keep (it silently ignores rows whose product_id/sku_id it does not know). */
export interface DroppedLine {
  /** Position in the `product_list` that was sent. */
  index: number;
  product_id: string | null;
  sku_id: string | null;
  /** `missing_ids`: the row had no product_id or sku_id; `not_in_reply`: OKKI left it out (unknown product/SKU or unknown unique_id). */
  reason: 'missing_ids' | 'not_in_reply';
}

/** A sent id-less line OKKI folded into another line of the same product+SKU (it dedupes those on edit). */
export interface MergedLine {
  index: number;
  product_id: string;
  sku_id: string;
  /** The line it was folded into. */
  uniqueId: string;
}

/** What happened to each sent line, derived from the push reply. */
export interface OrderLineReport {
  droppedLines: DroppedLine[];
  mergedLines: MergedLine[];
  /** unique_id of every kept line, in sent order (dropped, merged and removal rows excluded). */
  lineIds: string[];
  /** unique_id per sent row, same length as the sent `product_list` (a merged row has the id of the line it was folded into); null for dropped and removal rows. */
  lineIdByIndex: Array<string | null>;
  /** Lines in the reply that no sent row accounts for (existing lines the push left alone). */
  untouchedLineIds: string[];
}
