/** The simulated tenant's stored documents (orders with their lines, receipts). */

export interface CostRow {
  cost_name: string;
  percent_type: number;
  percent_amount: number;
  cost: number;
  cost_remark: string;
  cost_description: string;
}

export interface OrderLine {
  unique_id: number;
  product_id: number;
  sku_id: number;
  count: number;
  unit_price: number;
  cost_amount: number;
  other_cost: number;
  product_name: string;
  product_model: string;
  unit: string;
  description: string;
  /** Line-level custom fields by numeric id, as sent. */
  custom: Record<string, unknown>;
}

export interface SimOrder {
  order_id: number;
  order_no: string;
  /** Plain header fields (name, remark, logistics…) as last sent. */
  header: Record<string, unknown>;
  currency: string;
  exchange_rate: number;
  exchange_rate_usd: number;
  status: string;
  users: Array<{ user_id: number; rate: number }>;
  departments: Array<{ department_id: number; rate: number }>;
  handler: number[];
  company_id: number;
  customer_id: number;
  /** Header custom fields by numeric id, as sent. */
  custom: Record<string, unknown>;
  lines: OrderLine[];
  cost_list: CostRow[];
  product_total_amount: number;
  product_total_count: number;
  addition_cost_amount: number;
  amount: number;
  amount_rmb: number;
  amount_usd: number;
  /** Sums of effective receipts linked to this order. */
  collected: { amount: number; rmb: number; usd: number };
  create_user: number;
  update_user: number;
  create_time: number;
  update_time: number;
  delete_time: number;
  removed: boolean;
  source_type: number;
}

export interface SimReceipt {
  cash_collection_id: number;
  cash_collection_no: string;
  order_id: number;
  opportunity_id: number;
  company_id: number;
  collection_date: string;
  amount: number;
  currency: string;
  exchange_rate: number;
  exchange_rate_usd: number;
  bank_charge: number;
  type: string;
  trade_no: string;
  payee: string;
  collect_status: number;
  comment: string;
  custom: Record<string, unknown>;
  create_user_id: number;
  create_time: number;
  update_time: number;
  removed: boolean;
}
