/**
 * The simulated OKKI tenant: users, departments, companies, products, the order field catalogue and
 * status enum, all derived from `buildMasterData(seed)` so that both simulators agree on numbers,
 * names and e-mails. OKKI ids are large integers drawn from a seeded allocator: the same seed and the
 * same sequence of pushes always yield the same ids.
 */
import { createHash } from 'node:crypto';
import { buildMasterData, createRandom, type MasterData } from '../../simulator-kit/master-data.js';
import { CURRENCY_RATES } from './sim-currencies.js';
import { ORDER_FIELD_CATALOGUE, type OrderFieldDescriptor } from './sim-order-fields.js';
import type { SimOrder, SimReceipt } from './sim-records.js';

export interface SimUser {
  user_id: number;
  email: string;
  nickname: string;
  employee_no: string;
  department_id: number;
  enable_flag: 0 | 1 | 2;
  /** SHA-256 hex of the password, for the `password` grant. */
  passwordSha256?: string;
}
export interface SimDepartment {
  id: number;
  name: string;
  parent_id: number;
  layer: number;
}
export interface SimContact {
  customer_id: number;
  company_id: number;
  name: string;
  email: string;
  tel_list: string[][];
  post: string;
  post_grade: string;
  gender: number;
  remark: string;
  main_customer_flag: number;
  birth: string;
}
export interface SimCompany {
  company_id: number;
  serial_id: string;
  name: string;
  short_name: string;
  country: string;
  province: string;
  city: string;
  address: string;
  tel: string;
  tel_area_code: string;
  fax: string;
  homepage: string;
  remark: string;
  star: number;
  group_id: number;
  pool_id: number;
  is_public: number;
  owner: number[];
  customers: SimContact[];
  create_time: number;
  update_time: number;
  archive_time: number;
  removed: boolean;
  create_user: number;
}
export interface SimSku {
  sku_id: number;
  sku_code: string;
  fob_price: number;
  enable_flag: number;
}
export interface SimProduct {
  product_id: number;
  product_no: string;
  name: string;
  cn_name: string;
  model: string;
  unit: string;
  product_type: number;
  description: string;
  group_id: number;
  cost: number;
  cost_currency: string;
  hs_code: string;
  skus: SimSku[];
  enable_flag: number;
  disable_flag: number;
  create_time: number;
  update_time: number;
  create_user: number;
}
export interface OrderStatus {
  code: string;
  name: string;
  deletable: boolean;
  refusal?: string;
}

/** Seeded, strictly increasing id source (11–12 digit ids, like the vendor's). */
export class IdAllocator {
  private current: number;
  private readonly random;
  constructor(seed: number) {
    this.random = createRandom((seed * 2654435761) ^ 0x5bd1e995);
    this.current = 10_000_000_000 + this.random.int(1, 899_999) * 1_000_000;
  }
  /** The next id, `gap` or more above the previous one (gap 1 gives a consecutive id, e.g. a product's sku). */
  next(gap?: number): number {
    this.current += gap ?? this.random.int(2, 9);
    return this.current;
  }
}

export interface Tenant {
  seed: number;
  master: MasterData;
  ids: IdAllocator;
  /** Epoch ms; injectable so tests can move time. */
  clock: () => number;
  apiUserId: number;
  users: Map<number, SimUser>;
  departments: Map<number, SimDepartment>;
  companies: Map<number, SimCompany>;
  companiesBySerial: Map<string, SimCompany>;
  products: Map<number, SimProduct>;
  productsByNo: Map<string, SimProduct>;
  /** sku_id → its product. */
  skus: Map<number, SimProduct>;
  orderFields: OrderFieldDescriptor[];
  orderStatuses: OrderStatus[];
  defaultStatus: string;
  orders: Map<number, SimOrder>;
  /** Live (not removed) orders by `order_no`. */
  ordersByNo: Map<string, SimOrder>;
  receipts: Map<number, SimReceipt>;
  receiptsByNo: Map<string, SimReceipt>;
  /** Per-day sequence for generated order / receipt numbers. */
  sequences: Map<string, number>;
}

export interface TenantOptions {
  seed?: number;
  /** Which master-data customers/materials already exist as companies/products (default 'half': odd-numbered). */
  preload?: 'all' | 'half' | 'none';
  clock?: () => number;
  /** Extra order field ids (system or custom) the tenant marks `require: 1`, e.g. `['departments']`. */
  requiredOrderFields?: string[];
}

const COUNTRY_CODES: Record<string, string> = {
  中国: 'CN',
  Sweden: 'SE',
  'United States': 'US',
  Germany: 'DE',
  Japan: 'JP',
  France: 'FR',
  Argentina: 'AR',
};
/** Fixture records get fixed timestamps so the fixture itself does not depend on the wall clock. */
const FIXTURE_EPOCH = Date.UTC(2025, 0, 2, 1, 0, 0);
const STATUS_NAMES: Array<[string, boolean, string?]> = [
  ['草稿', true],
  ['待审核', false, '订单审批中，不能删除'],
  ['已下单', true],
  ['已确认', false, '订单已确认，不能删除'],
  ['待收款', false, '订单已确认，不能删除'],
  ['部分收款', false, '订单已确认，不能删除'],
  ['收款完成', false, '订单已确认，不能删除'],
  ['已完成', false, '订单已完成，不能删除'],
  ['已作废', true],
];
export const API_USER_EMAIL = 'api@qiao-demo.cn';
/** Password of the API account for the `password` grant; send its SHA-256 hex. */
export const API_USER_PASSWORD = 'qiaoDemoPassword';

function oddNumbered(number: string): boolean {
  return Number(/(\d+)$/.exec(number)?.[1] ?? 0) % 2 === 1;
}

/** Builds the tenant for `seed`. Users and departments always exist; `preload` decides companies/products. */
export function buildTenant(options: TenantOptions = {}): Tenant {
  const seed = options.seed ?? 1;
  const preload = options.preload ?? 'half';
  const master = buildMasterData(seed);
  const ids = new IdAllocator(seed);
  const tenant: Tenant = {
    seed,
    master,
    ids,
    clock: options.clock ?? Date.now,
    apiUserId: 0,
    users: new Map(),
    departments: new Map(),
    companies: new Map(),
    companiesBySerial: new Map(),
    products: new Map(),
    productsByNo: new Map(),
    skus: new Map(),
    orderFields: [],
    orderStatuses: [],
    defaultStatus: '',
    orders: new Map(),
    ordersByNo: new Map(),
    receipts: new Map(),
    receiptsByNo: new Map(),
    sequences: new Map(),
  };

  tenant.departments.set(0, { id: 0, name: '我的企业', parent_id: -1, layer: 0 });
  const deptIdByNumber = new Map<string, number>();
  for (const d of master.departments) {
    const id = ids.next();
    deptIdByNumber.set(d.number, id);
    tenant.departments.set(id, { id, name: d.name, parent_id: 0, layer: 1 });
  }
  tenant.apiUserId = ids.next();
  tenant.users.set(tenant.apiUserId, {
    user_id: tenant.apiUserId,
    email: API_USER_EMAIL,
    nickname: 'API对接账号',
    employee_no: 'API',
    department_id: 0,
    enable_flag: 1,
    passwordSha256: createHash('sha256').update(API_USER_PASSWORD).digest('hex'),
  });
  const userIdBySalesperson = new Map<string, number>();
  for (const s of master.salespeople) {
    const id = ids.next();
    userIdBySalesperson.set(s.number, id);
    tenant.users.set(id, {
      user_id: id,
      email: s.email,
      nickname: s.name,
      employee_no: s.number,
      department_id: deptIdByNumber.get(s.departmentNumber) ?? 0,
      enable_flag: 1,
    });
  }
  const formerId = ids.next();
  tenant.users.set(formerId, {
    user_id: formerId,
    email: 'former@example.cn',
    nickname: '离职销售',
    employee_no: 'SAL999',
    department_id: 0,
    enable_flag: 0,
  });

  master.customers.forEach((c, i) => {
    if (preload === 'none' || (preload === 'half' && !oddNumbered(c.number))) return;
    const companyId = ids.next();
    const time = FIXTURE_EPOCH + i * 60_000;
    const [area, ...rest] = c.phone.startsWith('+') ? c.phone.split(' ') : ['+86', c.phone];
    const company: SimCompany = {
      company_id: companyId,
      serial_id: c.number,
      name: c.name,
      short_name: c.shortName,
      country: COUNTRY_CODES[c.country] ?? '',
      province: '',
      city: '',
      address: c.address,
      tel: rest.join(' '),
      tel_area_code: area!,
      fax: '',
      homepage: '',
      remark: '',
      star: 3,
      group_id: 0,
      pool_id: 0,
      is_public: 0,
      owner: [userIdBySalesperson.get(c.salespersonNumber) ?? tenant.apiUserId],
      customers: [],
      create_time: time,
      update_time: time,
      archive_time: time,
      removed: false,
      create_user: tenant.apiUserId,
    };
    company.customers.push({
      customer_id: ids.next(),
      company_id: companyId,
      name: c.contactName,
      email: c.email,
      tel_list: [[area!, rest.join(' ')]],
      post: '采购',
      post_grade: '',
      gender: 0,
      remark: '',
      main_customer_flag: 1,
      birth: '',
    });
    tenant.companies.set(companyId, company);
    tenant.companiesBySerial.set(company.serial_id, company);
  });

  master.materials.forEach((m, i) => {
    if (preload === 'none' || (preload === 'half' && !oddNumbered(m.number))) return;
    const productId = ids.next();
    const time = FIXTURE_EPOCH + i * 60_000;
    const product: SimProduct = {
      product_id: productId,
      product_no: m.number,
      name: m.name,
      cn_name: m.name,
      model: m.model,
      unit: 'Piece',
      product_type: 1,
      description: m.category,
      group_id: 0,
      cost: m.price,
      cost_currency: 'CNY',
      hs_code: '',
      enable_flag: 1,
      disable_flag: 0,
      skus: [{ sku_id: ids.next(1), sku_code: m.number, fob_price: m.price, enable_flag: 1 }],
      create_time: time,
      update_time: time,
      create_user: tenant.apiUserId,
    };
    indexProduct(tenant, product);
  });

  const required = new Set(options.requiredOrderFields ?? []);
  tenant.orderFields = ORDER_FIELD_CATALOGUE.map((f) => {
    const id = f.custom ? (f.fixedId ?? String(ids.next())) : f.id!;
    return {
      id,
      name: f.name,
      base: f.custom ? 0 : 1,
      field_type: f.field_type,
      ext_info: f.ext_info ?? null,
      require: f.require || required.has(id) || required.has(f.name) ? 1 : 0,
      default: '',
      disable_flag: 0,
      is_list: f.is_list ? 1 : 0,
      group_id: f.is_list ? 2 : 1,
    };
  });
  tenant.orderStatuses = STATUS_NAMES.map(([name, deletable, refusal], i) => ({
    code: String(ids.next(i === 0 ? 1 : 2)),
    name,
    deletable,
    refusal,
  }));
  tenant.defaultStatus = tenant.orderStatuses[0]!.code;
  if (!CURRENCY_RATES.has('CNY')) throw new Error('currency table lacks CNY');
  return tenant;
}

/** Registers (or re-registers after an edit) a product in every index. */
export function indexProduct(tenant: Tenant, product: SimProduct): void {
  tenant.products.set(product.product_id, product);
  tenant.productsByNo.set(product.product_no, product);
  for (const sku of product.skus) tenant.skus.set(sku.sku_id, product);
}

/** The next `PREFIX + YYYYMMDD + 5-digit` document number for the tenant's current day. */
export function nextDocumentNo(tenant: Tenant, prefix: string, day: string): string {
  const key = `${prefix}${day}`;
  const n = (tenant.sequences.get(key) ?? 0) + 1;
  tenant.sequences.set(key, n);
  return `${key}${String(n).padStart(5, '0')}`;
}
