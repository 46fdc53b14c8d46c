import type { CatalogOperation } from '../../connector.js';

type Field = CatalogOperation['requestFields'][number];
const f = (key: string, label: string, type: string, description?: string): Field =>
  description ? { key, label, type, description } : { key, label, type };

const CUSTOM =
  'Tenant custom field named as users see it; the client resolves the name to its numeric id via /v1/invoices/order/fields (customFieldId).';
const LINE_CUSTOM = ['物流费', 'Q1返利', 'Q2返利', 'Q3返利', 'Q4返利', '售后费', '年度返利', '前返', '出样补贴'];

/**
 * OKKI order push fields of the flagship scheme (seed: 小满OKKICRM接口明细, /v1/invoices/order/push).
 * The seed's table nests everything under `users.product_list…` (an artefact of how the hosted
 * platform flattens its field tree); here each field sits where OKKI expects it. Labels are the
 * seed's; types are the reference's (the seed calls everything string).
 */
export const ORDER_PUSH_FIELDS: Field[] = [
  f(
    'order_id',
    '订单ID',
    'integer',
    'Edit this order. Either order_id or an existing order_no selects the order to edit.',
  ),
  f(
    'order_no',
    '订单号',
    'string',
    'Order number; the Kingdee bill number (FBillNo) in the flagship scheme, so re-pushing edits the same order.',
  ),
  f('name', '订单名称', 'string'),
  f('account_date', '订单日期', 'date', 'YYYY-MM-DD.'),
  f('company_id', '客户ID', 'integer', 'OKKI company id (look up by the company serial_id).'),
  f('customer_id', '客户联系人ID', 'integer'),
  f('customer_name', '联系人名称', 'string'),
  f('customer_phone', '联系人电话', 'string'),
  f('currency', '货币', 'string', 'Required. Code from orderEnums.currency_list, e.g. CNY, USD.'),
  f(
    'exchange_rate',
    '折现人民币汇率',
    'number',
    'CNY per 100 units of the order currency (×100). Omit the key to let OKKI fill current rates.',
  ),
  f('exchange_rate_usd', '汇率美元', 'number', 'USD per 100 units of the order currency (×100).'),
  f('remark', '备注', 'string'),
  f(
    'status',
    '订单状态',
    'integer',
    'Tenant-specific code from orderEnums.order_status_list; an unknown code is silently ignored.',
  ),
  f('users', '业绩归属人', 'array'),
  f('users.user_id', '用户id', 'integer', 'OKKI user id (look up by the salesperson name or e-mail).'),
  f('users.rate', '业绩占比', 'number', 'Percent; rates sum to at most 100.'),
  f('departments', '业绩归属部门信息列表', 'array'),
  f('departments.department_id', '业绩归属部门id', 'integer', '0 is the root department 我的企业.'),
  f('departments.rate', '业绩占比', 'number'),
  f('handler', '处理人', 'array', 'User ids; default the acting user.'),
  f(
    'product_list',
    '产品子列表',
    'array',
    'Lines whose product_id/sku_id OKKI does not know are silently dropped; pushOrder reports them.',
  ),
  f('product_list.product_id', '产品ID', 'integer', 'Must exist in the OKKI product library.'),
  f('product_list.sku_id', '产品SKU ID', 'integer', 'Must exist in the OKKI product library.'),
  f('product_list.count', '产品数量', 'number'),
  f('product_list.unit_price', '产品单价', 'number'),
  f(
    'product_list.cost_amount',
    '产品金额',
    'number',
    'Line subtotal; not computed by OKKI and saved as 0 when omitted, so send it on every push.',
  ),
  f('product_list.other_cost', '其他费用', 'number', 'Reset to 0 when omitted.'),
  f('product_list.unique_id', '明细ID', 'integer', 'Line id from the previous push; addresses that line on edit.'),
  f('product_list.remove', '删除明细', 'integer', '1 together with unique_id deletes the line.'),
  ...LINE_CUSTOM.map((name) => f(`product_list.${name}`, name, 'number', `Line-level ${CUSTOM}`)),
  f('cost_list', '费用列表', 'array'),
  f('cost_list.cost_name', '费用名称', 'string'),
  f(
    'cost_list.percent_type',
    '计算规则',
    'integer',
    '0 加(+)绝对值, 1 加(+)占产品总金额百分比, 2 减(-)绝对值, 3 减(-)占产品总金额百分比.',
  ),
  f(
    'cost_list.percent_amount',
    '计算金额值',
    'number',
    'The absolute value or the percentage, e.g. 1 for 1% of the product total.',
  ),
  f('cost_list.cost', '金额', 'number', 'The charge computed from the rule.'),
  f('产品折扣费', '产品折扣费', 'number', `Header ${CUSTOM}`),
  f(
    '5094664372713',
    '金蝶标识状态',
    'string',
    'Header custom field, by numeric id as in the seed (also resolvable by the name 金蝶标识状态).',
  ),
];

const ORDER_HEADER_OUT: Field[] = [
  f('order_id', '订单ID', 'integer'),
  f('order_no', '订单号', 'string'),
  f('name', '订单名称', 'string'),
  f('account_date', '订单日期', 'datetime'),
  f('currency', '货币', 'string'),
  f('exchange_rate', '折现人民币汇率', 'number'),
  f('exchange_rate_usd', '汇率美元', 'number'),
  f('amount', '订单金额', 'number', 'product_total_amount + addition_cost_amount, computed by OKKI.'),
  f('amount_rmb', '订单金额(人民币)', 'number'),
  f('amount_usd', '订单金额(美元)', 'number'),
  f('product_total_amount', '产品总金额', 'number'),
  f('product_total_count', '产品总数量', 'number'),
  f('addition_cost_amount', '附加费用', 'number'),
  f('status', '订单状态', 'integer'),
  f('company', '客户', 'object', '{company_id, name, serial_id}.'),
  f('users', '业绩归属人', 'array'),
  f('departments', '业绩归属部门', 'array'),
  f('create_time', '创建时间', 'datetime'),
  f('update_time', '更新时间', 'datetime'),
  f('archive_type', '创建方式', 'integer', '4 = open api同步.'),
];

const LINE_OUT: Field[] = [
  f('product_list', '产品子列表', 'array'),
  f('product_list.unique_id', '明细ID', 'integer'),
  f('product_list.product_id', '产品ID', 'integer'),
  f('product_list.sku_id', '产品SKU ID', 'integer'),
  f('product_list.product_no', '产品编号', 'string'),
  f('product_list.product_name', '产品名称', 'string'),
  f('product_list.count', '产品数量', 'number'),
  f('product_list.unit_price', '产品单价', 'number'),
  f('product_list.cost_amount', '产品金额', 'number'),
];

const LIST_IN: Field[] = [
  f('start_time', '开始时间', 'datetime', 'YYYY-MM-DD HH:mm:ss (YYYY-MM-DD accepted).'),
  f('end_time', '结束时间', 'datetime'),
  f(
    'time_type',
    '时间类型',
    'integer',
    '1 update time (default), 2 create time; orders also 3 order date, 4 delete time.',
  ),
  f('start_index', '页码', 'integer', 'Page number from 1.'),
  f('count', '每页条数', 'integer', 'Page size (≤ 500).'),
  f('removed', '已删除', 'integer', '1 returns deleted records instead.'),
];

/** The OKKI operations qiao schemes use, with their fields, for the API catalog page. */
export const okkiCatalog: CatalogOperation[] = [
  {
    connector: 'okki',
    operation: 'order.push',
    label: '销售订单新建/编辑',
    method: 'POST',
    path: '/v1/invoices/order/push',
    requestFields: ORDER_PUSH_FIELDS,
    responseFields: [
      f('order_id', '订单ID', 'integer'),
      ...LINE_OUT.filter((x) => x.key !== 'product_list.product_no' && x.key !== 'product_list.product_name'),
    ],
  },
  {
    connector: 'okki',
    operation: 'order.info',
    label: '销售订单详情',
    method: 'GET',
    path: '/v1/invoices/order/info',
    requestFields: [
      f('order_id', '订单ID', 'integer', 'One of order_id / order_no.'),
      f('order_no', '订单号', 'string'),
    ],
    responseFields: [
      ...ORDER_HEADER_OUT,
      ...LINE_OUT,
      f(
        '<custom id>',
        '自定义字段',
        'any',
        'Every custom field as a top-level key named by its numeric id (lines likewise).',
      ),
    ],
  },
  {
    connector: 'okki',
    operation: 'order.list',
    label: '销售订单列表',
    method: 'GET',
    path: '/v1/invoices/order/list',
    requestFields: [...LIST_IN, f('status', '订单状态', 'integer')],
    responseFields: [
      f('count', '总数', 'integer'),
      f('list', '订单列表', 'array'),
      ...ORDER_HEADER_OUT.map((x) => ({ ...x, key: `list.${x.key}` })),
    ],
  },
  {
    connector: 'okki',
    operation: 'receipt.push',
    label: '回款单新建/编辑',
    method: 'POST',
    path: '/v1/invoices/receipt/push',
    requestFields: [
      f('cash_collection_id', '回款单ID', 'integer', 'Edit this receipt.'),
      f('cash_collection_no', '回款单号', 'string'),
      f('order_id', '订单ID', 'integer', 'Link to an order (do not also set opportunity_id).'),
      f('currency', '币种', 'string', 'Required.'),
      f('amount', '回款金额', 'number', 'Required.'),
      f('exchange_rate', '汇率', 'number', '×100.'),
      f('exchange_rate_usd', '美元汇率', 'number', '×100.'),
      f('collection_date', '回款日期', 'date'),
      f('type', '回款方式', 'string', 'A value from /v1/invoices/receipt/types, e.g. T/T.'),
      f('bank_charge', '手续费', 'number'),
      f('collect_status', '回款状态', 'integer', '1 effective, 0 not effective (default).'),
      f('trade_no', '交易号', 'string'),
      f('comment', '备注', 'string'),
    ],
    responseFields: [f('cash_collection_id', '回款单ID', 'integer'), f('cash_collection_no', '回款单号', 'string')],
  },
  {
    connector: 'okki',
    operation: 'company.push',
    label: '客户(含联系人)新增/编辑',
    method: 'POST',
    path: '/v1/company/pushCompanyAndCustomers',
    requestFields: [
      f(
        'company_id',
        '客户ID',
        'integer',
        'Edit this company; pushCompanyAndCustomers({ matchBy: "serial_id" }) fills it from serial_id.',
      ),
      f('serial_id', '客户编号', 'string', 'The Kingdee customer number in qiao schemes.'),
      f('name', '公司名称', 'string', 'Required.'),
      f('short_name', '简称', 'string'),
      f('country', '国家地区', 'string', 'ISO-3166 alpha-2.'),
      f('address', '地址', 'string'),
      f('tel', '电话', 'string'),
      f('user_id', '跟进人', 'integer'),
      f('remark', '备注', 'string'),
      f('customers', '联系人', 'array', 'Required.'),
      f('customers.customer_id', '联系人ID', 'integer', 'Edit this contact.'),
      f('customers.name', '联系人名称', 'string'),
      f('customers.email', '邮箱', 'string'),
      f('customers.tel', '电话', 'string'),
      f('customers.main_customer_flag', '主联系人', 'integer', '0/1.'),
    ],
    responseFields: [
      f('company_id', '客户ID', 'integer'),
      f('customers', '联系人', 'array'),
      f('customers.customer_id', '联系人ID', 'integer'),
    ],
  },
  {
    connector: 'okki',
    operation: 'product.push',
    label: '产品新增/编辑',
    method: 'POST',
    path: '/v1/product/push',
    requestFields: [
      f(
        'product_id',
        '产品ID',
        'integer',
        'Edit this product; pushProduct({ matchBy: "product_no" }) fills it from product_no.',
      ),
      f('product_no', '产品编号', 'string', 'The Kingdee material number in qiao schemes.'),
      f('product_type', '产品类型', 'integer', 'Required: 1 single-spec, 2 multi-spec, 3 combo.'),
      f('name', '产品名称', 'string'),
      f('cn_name', '中文名称', 'string'),
      f('model', '型号', 'string'),
      f('unit', '单位', 'string'),
      f('description', '描述', 'string'),
      f('cost', '成本价', 'number'),
      f('cost_currency', '成本币种', 'string'),
    ],
    responseFields: [
      f('product_id', '产品ID', 'integer'),
      f('product_no', '产品编号', 'string'),
      f('sku_items', 'SKU', 'array'),
      f('sku_items.sku_id', 'SKU ID', 'integer'),
      f('sku_items.sku_code', 'SKU编码', 'string'),
    ],
  },
];
