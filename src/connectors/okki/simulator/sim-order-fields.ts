/**
 * The tenant's order field catalogue served by `GET /v1/invoices/order/fields`: a few system fields
 * (snake_case ids, `base: 1`) and the custom fields the flagship scheme pushes (numeric ids, `base: 0`).
 * `金蝶标识状态` keeps the id shown in the scheme's field table; the other custom ids are drawn from the
 * seed, so clients must discover them by name.
 */
export interface OrderFieldDescriptor {
  id: string;
  name: string;
  base: 0 | 1;
  field_type: number;
  ext_info: string[] | null;
  require: 0 | 1;
  default: string;
  disable_flag: 0 | 1;
  is_list: 0 | 1;
  group_id: number;
}

export interface CatalogueEntry {
  /** System field id; absent for custom fields. */
  id?: string;
  name: string;
  custom: boolean;
  fixedId?: string;
  field_type: number;
  ext_info?: string[];
  is_list?: boolean;
  require?: boolean;
}

/** The id of the header custom field `金蝶标识状态` (from the scheme's field table). */
export const KINGDEE_FLAG_FIELD_ID = '5094664372713';

/** Line-level custom fields (number, `is_list: 1`) in catalogue order. */
export const LINE_CUSTOM_FIELD_NAMES = [
  '物流费',
  'Q1返利',
  'Q2返利',
  'Q3返利',
  'Q4返利',
  '售后费',
  '年度返利',
  '前返',
  '出样补贴',
] as const;

export const ORDER_FIELD_CATALOGUE: readonly CatalogueEntry[] = [
  { id: 'order_no', name: '订单号', custom: false, field_type: 1 },
  { id: 'name', name: '订单名称', custom: false, field_type: 1 },
  { id: 'account_date', name: '订单日期', custom: false, field_type: 4 },
  { id: 'currency', name: '币种', custom: false, field_type: 3, require: true },
  { id: 'exchange_rate', name: '汇率', custom: false, field_type: 5 },
  { id: 'exchange_rate_usd', name: '美元汇率', custom: false, field_type: 5 },
  { id: 'company_id', name: '客户', custom: false, field_type: 9 },
  { id: 'customer_id', name: '联系人', custom: false, field_type: 9 },
  { id: 'users', name: '业绩归属人', custom: false, field_type: 9 },
  { id: 'departments', name: '业绩归属部门', custom: false, field_type: 9 },
  { id: 'status', name: '订单状态', custom: false, field_type: 17 },
  { id: 'remark', name: '备注', custom: false, field_type: 2 },
  { id: 'amount', name: '订单金额', custom: false, field_type: 11 },
  { id: 'update_user', name: '修改人', custom: false, field_type: 9 },
  { name: '金蝶标识状态', custom: true, fixedId: KINGDEE_FLAG_FIELD_ID, field_type: 1, require: true },
  { name: '产品折扣费', custom: true, field_type: 5 },
  { id: 'product_id', name: '产品', custom: false, field_type: 9, is_list: true },
  { id: 'sku_id', name: '规格', custom: false, field_type: 9, is_list: true },
  { id: 'count', name: '数量', custom: false, field_type: 5, is_list: true },
  { id: 'unit_price', name: '单价', custom: false, field_type: 5, is_list: true },
  { id: 'cost_amount', name: '产品金额', custom: false, field_type: 5, is_list: true },
  { id: 'other_cost', name: '其他费用', custom: false, field_type: 5, is_list: true },
  ...LINE_CUSTOM_FIELD_NAMES.map((name): CatalogueEntry => ({ name, custom: true, field_type: 5, is_list: true })),
];
