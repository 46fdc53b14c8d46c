/**
 * Companies (with contacts), products and users/departments.
 *
 * Deviation from the vendor, on purpose: `pushCompanyAndCustomers` without `company_id` edits the live
 * company with the same `serial_id` instead of creating a duplicate, and contacts without
 * `customer_id` are matched by e-mail; `product/push` without `product_id` edits the product with the
 * same `product_no`. Companion schemes can therefore run repeatedly without duplicates.
 */
import type { SimCompany, SimContact, SimProduct, Tenant } from './sim-tenant.js';
import { indexProduct } from './sim-tenant.js';
import {
  asRecord,
  chinaTime,
  has,
  invalid,
  notFound,
  pageOf,
  paging,
  str,
  timeWindow,
  toId,
  toNumber,
} from './sim-util.js';

const COMPANY_TEXT = [
  'name',
  'short_name',
  'country',
  'province',
  'city',
  'address',
  'tel',
  'tel_area_code',
  'fax',
  'homepage',
  'remark',
] as const;

function companyRow(c: SimCompany): Record<string, unknown> {
  return {
    company_id: c.company_id,
    user_id: c.owner.map(String),
    name: c.name,
    short_name: c.short_name,
    serial_id: c.serial_id,
    order_time: chinaTime(c.update_time),
    create_time: chinaTime(c.create_time),
    update_time: chinaTime(c.update_time),
    create_user: c.create_user,
    last_edit_user: c.create_user,
    archive_type: 4,
    edit_time: chinaTime(c.update_time),
  };
}

/** `GET /v1/company/list` → `{list, totalItem, count}` (count = rows on this page). */
export function listCompanies(t: Tenant, q: URLSearchParams): Record<string, unknown> {
  const removed = toNumber(q.get('removed')) === 1;
  const all = toNumber(q.get('all')) ?? 1;
  const column =
    toNumber(q.get('time_type')) === 2
      ? 'create_time'
      : toNumber(q.get('time_type')) === 3
        ? 'archive_time'
        : 'update_time';
  const { from, to } = timeWindow(q);
  const hits = [...t.companies.values()]
    .filter(
      (c) =>
        c.removed === removed &&
        (all === 1 || (all === 2) === (c.is_public === 1)) &&
        c[column] >= from &&
        c[column] <= to,
    )
    .sort((a, b) => b[column] - a[column] || b.company_id - a.company_id);
  const list = pageOf(hits, paging(q, 20)).map(companyRow);
  return { list, totalItem: hits.length, count: list.length };
}

function contactView(c: SimContact): Record<string, unknown> {
  return { ...c, contact: [], external_field_data: {}, image_list: [] };
}

export function companyInfo(t: Tenant, q: URLSearchParams): Record<string, unknown> {
  const id = toId(q.get('company_id'));
  const c = id !== undefined ? t.companies.get(id) : t.companiesBySerial.get(str(q.get('serial_id')));
  if (!c || c.removed) throw notFound();
  return {
    ...companyRow(c),
    country: c.country,
    province: c.province,
    city: c.city,
    address: c.address,
    homepage: c.homepage,
    fax: c.fax,
    tel: { 0: c.tel_area_code, 1: c.tel },
    remark: c.remark,
    star: c.star,
    group_id: c.group_id,
    pool_id: c.pool_id,
    image_list: [],
    owner: c.owner.map((u) => ({ user_id: String(u), nickname: t.users.get(u)?.nickname ?? '' })),
    archive_time: chinaTime(c.archive_time),
    customers: c.customers.map(contactView),
    company: [
      {
        group_id: 1,
        name: '基本信息',
        fields: [
          { id: 'serial_id', name: '客户编号', value: c.serial_id },
          { id: 'name', name: '公司名称', value: c.name },
        ],
      },
    ],
  };
}

/** `POST /v1/company/pushCompanyAndCustomers` (upsert by company_id, then serial_id). */
export function pushCompany(t: Tenant, body: Record<string, unknown>): Record<string, unknown> {
  const id = toId(body.company_id);
  let company: SimCompany | undefined;
  if (id !== undefined) {
    company = t.companies.get(id);
    if (!company || company.removed) throw notFound();
  } else if (str(body.serial_id)) {
    const same = t.companiesBySerial.get(str(body.serial_id));
    if (same && !same.removed) company = same;
  }
  if (!str(body.name) && !company) throw invalid('name 为必填字段（公司名称）');
  if (!Array.isArray(body.customers)) throw invalid('customers 为必填字段（联系人数组，可为空数组）');
  const owner = toId(body.user_id);
  if (owner !== undefined && t.users.get(owner)?.enable_flag !== 1) throw notFound('No Privilege');
  const now = t.clock();
  if (!company) {
    const companyId = t.ids.next();
    let serial = str(body.serial_id);
    if (!serial)
      do serial = `C${String(companyId).slice(-8)}`;
      while (t.companiesBySerial.has(serial));
    company = {
      company_id: companyId,
      serial_id: serial,
      name: '',
      short_name: '',
      country: '',
      province: '',
      city: '',
      address: '',
      tel: '',
      tel_area_code: '',
      fax: '',
      homepage: '',
      remark: '',
      star: 0,
      group_id: 0,
      pool_id: 0,
      is_public: 0,
      owner: [owner ?? t.apiUserId],
      customers: [],
      create_time: now,
      update_time: now,
      archive_time: now,
      removed: false,
      create_user: t.apiUserId,
    };
    t.companies.set(companyId, company);
  }
  for (const key of COMPANY_TEXT)
    if (has(body, key) && (key !== 'name' || str(body.name))) company[key] = str(body[key]);
  if (str(body.serial_id) && body.serial_id !== company.serial_id) {
    t.companiesBySerial.delete(company.serial_id);
    company.serial_id = str(body.serial_id);
  }
  t.companiesBySerial.set(company.serial_id, company);
  if (has(body, 'star')) company.star = toNumber(body.star) ?? company.star;
  if (has(body, 'is_public')) company.is_public = toNumber(body.is_public) === 1 ? 1 : 0;
  if (owner !== undefined && !company.owner.includes(owner)) company.owner.push(owner);
  for (const raw of body.customers) {
    const row = asRecord(raw);
    if (!row) continue;
    const cid = toId(row.customer_id);
    const email = str(row.email).toLowerCase();
    const at = company.customers.findIndex((c) =>
      cid !== undefined ? c.customer_id === cid : email !== '' && c.email.toLowerCase() === email,
    );
    if (toNumber(row.remove) === 1) {
      if (at >= 0) company.customers.splice(at, 1);
      continue;
    }
    const prev = at >= 0 ? company.customers[at] : undefined;
    const contact: SimContact = {
      customer_id: prev?.customer_id ?? t.ids.next(),
      company_id: company.company_id,
      name: has(row, 'name') ? str(row.name) : (prev?.name ?? ''),
      email: has(row, 'email') ? str(row.email) : (prev?.email ?? ''),
      tel_list: has(row, 'tel') ? [[str(row.tel_area_code), str(row.tel)]] : (prev?.tel_list ?? []),
      post: has(row, 'post') ? str(row.post) : (prev?.post ?? ''),
      post_grade: has(row, 'post_grade') ? str(row.post_grade) : (prev?.post_grade ?? ''),
      gender: toNumber(row.gender) ?? prev?.gender ?? 0,
      remark: has(row, 'remark') ? str(row.remark) : (prev?.remark ?? ''),
      main_customer_flag:
        toNumber(row.main_customer_flag) ?? prev?.main_customer_flag ?? (company.customers.length ? 0 : 1),
      birth: has(row, 'birth') ? str(row.birth) : (prev?.birth ?? ''),
    };
    if (prev) company.customers[at] = contact;
    else company.customers.push(contact);
  }
  company.update_time = now;
  return {
    company_id: company.company_id,
    customers: company.customers.map((c) => ({ customer_id: c.customer_id, name: c.name, email: c.email })),
  };
}

function productRow(p: SimProduct, t: Tenant): Record<string, unknown> {
  const creator = { user_id: String(p.create_user), nickname: t.users.get(p.create_user)?.nickname ?? '' };
  return {
    product_id: p.product_id,
    product_no: p.product_no,
    name: p.name,
    cn_name: p.cn_name,
    model: p.model,
    unit: p.unit,
    product_type: p.product_type,
    group_id: p.group_id,
    group_name: '',
    image: '',
    description: p.description,
    hs_code: p.hs_code,
    cost_with_tax: { cost_currency: p.cost_currency, cost: p.cost, associate_cost_flag: 0 },
    enable_flag: p.enable_flag,
    disable_flag: p.disable_flag,
    info_json: [],
    external_field_data: {},
    create_time: chinaTime(p.create_time),
    update_time: chinaTime(p.update_time),
    create_user_info: creator,
    update_user_info: creator,
  };
}

/** `GET /v1/product/list` → `{count, list}`; rows carry no sku ids (use info). */
export function listProducts(t: Tenant, q: URLSearchParams): Record<string, unknown> {
  const column = toNumber(q.get('time_type')) === 2 ? 'create_time' : 'update_time';
  const type = toNumber(q.get('product_type'));
  const { from, to } = timeWindow(q);
  const hits = [...t.products.values()]
    .filter(
      (p) =>
        p.enable_flag === 1 && (type === undefined || p.product_type === type) && p[column] >= from && p[column] <= to,
    )
    .sort((a, b) => b[column] - a[column] || b.product_id - a.product_id);
  return { count: hits.length, list: pageOf(hits, paging(q, 20)).map((p) => productRow(p, t)) };
}

export function productInfo(t: Tenant, q: URLSearchParams): Record<string, unknown> {
  const id = toId(q.get('product_id'));
  const p = id !== undefined ? t.products.get(id) : t.productsByNo.get(str(q.get('product_no')));
  if (!p || p.enable_flag === 0) throw notFound();
  return {
    ...productRow(p, t),
    sku_items: p.skus.map((s) => ({ ...s, attributes_info: [] })),
    sku_attributes: [],
    sub_product_sku_items: [],
  };
}

/** `POST /v1/product/push` (upsert by product_id, then product_no). Single-spec products get one sku coded like the product. */
export function pushProduct(t: Tenant, body: Record<string, unknown>): Record<string, unknown> {
  const type = toNumber(body.product_type);
  if (type === undefined || ![1, 2, 3].includes(type))
    throw invalid('product_type 为必填字段：1 单规格、2 多规格、3 组合');
  const id = toId(body.product_id);
  let p: SimProduct | undefined;
  if (id !== undefined) {
    p = t.products.get(id);
    if (!p || p.enable_flag === 0) throw notFound();
  } else if (str(body.product_no)) {
    const same = t.productsByNo.get(str(body.product_no));
    if (same && same.enable_flag === 1) p = same;
  }
  const now = t.clock();
  if (!p) {
    const productId = t.ids.next();
    p = {
      product_id: productId,
      product_no: str(body.product_no) || `P${productId}`,
      name: '',
      cn_name: '',
      model: '',
      unit: '',
      product_type: type,
      description: '',
      group_id: 0,
      cost: 0,
      cost_currency: 'CNY',
      hs_code: '',
      skus: [],
      enable_flag: 1,
      disable_flag: 0,
      create_time: now,
      update_time: now,
      create_user: t.apiUserId,
    };
  }
  if (str(body.product_no) && body.product_no !== p.product_no) {
    t.productsByNo.delete(p.product_no);
    p.product_no = str(body.product_no);
  }
  for (const key of ['name', 'cn_name', 'model', 'unit', 'description', 'hs_code', 'cost_currency'] as const)
    if (has(body, key)) p[key] = str(body[key]);
  if (has(body, 'cost')) p.cost = toNumber(body.cost) ?? p.cost;
  if (has(body, 'group_id')) p.group_id = toNumber(body.group_id) ?? 0;
  p.product_type = type;
  const items = Array.isArray(body.sku_items) ? body.sku_items.map((x) => asRecord(x) ?? {}) : [];
  if (type === 1) {
    const fob = toNumber(items[0]?.fob_price) ?? toNumber(body.price_min) ?? p.skus[0]?.fob_price ?? 0;
    if (p.skus.length === 0)
      p.skus.push({ sku_id: t.ids.next(1), sku_code: p.product_no, fob_price: fob, enable_flag: 1 });
    p.skus[0]!.sku_code = p.product_no;
    p.skus[0]!.fob_price = fob;
  } else {
    for (const item of items) {
      const code = str(item.sku_code);
      const known = p.skus.find((s) => s.sku_id === toId(item.sku_id) || (code !== '' && s.sku_code === code));
      if (known) {
        known.fob_price = toNumber(item.fob_price) ?? known.fob_price;
        known.enable_flag = toNumber(item.disable_flag) === 1 ? 0 : 1;
      } else
        p.skus.push({
          sku_id: t.ids.next(),
          sku_code: code || `${p.product_no}-${p.skus.length + 1}`,
          fob_price: toNumber(item.fob_price) ?? 0,
          enable_flag: 1,
        });
    }
  }
  p.update_time = now;
  indexProduct(t, p);
  return {
    product_id: p.product_id,
    product_no: p.product_no,
    sku_items: p.skus.map((s) => ({ sku_id: s.sku_id, sku_code: s.sku_code })),
  };
}

/** `GET /v1/user/list` → a bare array, every value a string (as the vendor does); `enable_flag` default 1. */
export function listUsers(t: Tenant, q: URLSearchParams): unknown[] {
  const flag = toNumber(q.get('enable_flag')) ?? 1;
  return [...t.users.values()]
    .filter((u) => u.enable_flag === flag)
    .map((u) => {
      const dept = t.departments.get(u.department_id);
      return {
        user_id: String(u.user_id),
        email: u.email,
        nickname: u.nickname,
        family_name: u.nickname.slice(0, 1),
        second_name: u.nickname.slice(1),
        full_name: u.nickname,
        gender: '0',
        position: '',
        enable_flag: String(u.enable_flag),
        user_mobile: '',
        employee_no: u.employee_no,
        department_id: String(u.department_id),
        department_name: dept?.name ?? '',
        departments: [{ department_id: String(u.department_id), department_name: dept?.name ?? '' }],
        external_email: '',
        external_mobile: '',
      };
    });
}

/** `GET /v1/user/departmentList` → `{list, count}`, root "0" (我的企业) first. */
export function listDepartments(t: Tenant): Record<string, unknown> {
  const list = [...t.departments.values()].map((d) => ({
    id: String(d.id),
    layer: String(d.layer),
    name: d.name,
    parent_id: String(d.parent_id),
    parent_name: t.departments.get(d.parent_id)?.name ?? '',
  }));
  return { list, count: list.length };
}
