import type { MasterData } from '../../simulator-kit/master-data.js';
import type { SimStore } from './sim-store.js';
import type { Rec } from './sim-forms.js';

/** Internal ids of seeded records (stable for a seed; real K/3Cloud ids are opaque integers too). */
export const IDS = {
  org: 1,
  unit: 10101,
  stock: 100001,
  billTypeSaleOrder: 1,
  billTypeReceive: 2,
  adminUser: 100008,
  apiUser: 100009,
  customer: (i: number) => 110001 + i,
  material: (i: number) => 120001 + i,
  saler: (i: number) => 130001 + i,
  department: (i: number) => 140001 + i,
  salesUser: (i: number) => 100100 + i,
  managerUser: (i: number) => 100200 + i,
  currency: (number: string) => Number(number.slice(3)),
  location: (customerId: number) => customerId + 500_000,
  contact: (customerId: number) => customerId + 600_000,
};

export const MANAGERS = ['周建华', '林晓燕'];
export const DELIVERY_WAYS = [
  { id: 201, FNumber: 'JHFS01', FName: '快递' },
  { id: 202, FNumber: 'JHFS02', FName: '送货上门' },
  { id: 203, FNumber: 'JHFS03', FName: 'FOB' },
  { id: 204, FNumber: 'JHFS04', FName: 'CIF' },
];

/** Registers the simple reference tables (organisation, users, units…) for `master`. */
export function seedRefs(store: SimStore, master: MasterData, apiUserName: string): void {
  const add = (target: string, id: number, rec: Rec) => store.addRef(target, id, { FID: id, ...rec });
  add('ORG_Organizations', IDS.org, { FNumber: '100', FName: '深圳桥联电子科技有限公司' });
  add('BD_UNIT', IDS.unit, { FNumber: 'Pcs', FName: 'Pcs' });
  add('BD_STOCK', IDS.stock, { FNumber: 'CK001', FName: '成品仓' });
  add('BOS_BillType', IDS.billTypeSaleOrder, { FNumber: 'XSDD01_SYS', FName: '标准销售订单' });
  add('BOS_BillType', IDS.billTypeReceive, { FNumber: 'SKDLX01_SYS', FName: '销售业务收款单' });
  add('BD_Rate_Type', 1, { FNumber: 'HLTX01_SYS', FName: '固定汇率' });
  add('BD_SETTLETYPE', 1, { FNumber: 'JSFS01_SYS', FName: '现金' });
  add('BD_SETTLETYPE', 4, { FNumber: 'JSFS04_SYS', FName: '电汇' });
  add('CN_RECPAYPURPOSE', 1, { FNumber: 'SFKYT01_SYS', FName: '销售收款' });
  add('CN_RECPAYPURPOSE', 2, { FNumber: 'SFKYT02_SYS', FName: '预收款' });
  add('CN_BANKACNT', 1, { FNumber: '755900000110001', FName: '招商银行深圳科技园支行' });
  add('BD_OPERATORGROUP', 1, { FNumber: 'XSZ001', FName: '销售一组' });
  add('BD_MATERIALCATEGORY', 1, { FNumber: 'CHLB01_SYS', FName: '原材料' });
  add('BD_MATERIALCATEGORY', 2, { FNumber: 'CHLB05_SYS', FName: '产成品' });
  for (const rate of [13, 9, 6])
    add('BD_TaxRate', rate, { FNumber: `SL${rate}`, FName: `${rate}%增值税`, FTaxRate: rate });
  for (const way of DELIVERY_WAYS) add('BOS_ASSISTANTDATA_DETAIL', way.id, { FNumber: way.FNumber, FName: way.FName });
  const countries = [...new Set(master.customers.map((c) => c.country))];
  countries.forEach((country, i) =>
    add('BOS_ASSISTANTDATA_DETAIL', 301 + i, { FNumber: `GJ${String(i + 1).padStart(3, '0')}`, FName: country }),
  );
  add('SEC_User', IDS.adminUser, { FNumber: 'administrator', FName: 'administrator', FUserAccount: 'administrator' });
  add('SEC_User', IDS.apiUser, { FNumber: apiUserName, FName: apiUserName, FUserAccount: apiUserName });
  MANAGERS.forEach((name, i) =>
    add('SEC_User', IDS.managerUser(i), { FNumber: `mgr${i + 1}`, FName: name, FUserAccount: `mgr${i + 1}` }),
  );
  master.departments.forEach((d, i) => add('BD_Department', IDS.department(i), { FNumber: d.number, FName: d.name }));
  master.salespeople.forEach((s, i) => {
    add('BD_Saler', IDS.saler(i), { FNumber: s.number, FName: s.name, FEmail: s.email });
    add('SEC_User', IDS.salesUser(i), {
      FNumber: s.number.toLowerCase(),
      FName: s.name,
      FUserAccount: s.number.toLowerCase(),
    });
  });
  const categories = [...new Set(master.materials.map((m) => m.category))];
  categories.forEach((name, i) =>
    add('BD_MATERIALGROUP', 401 + i, { FNumber: String(i + 1).padStart(2, '0'), FName: name }),
  );
  master.customers.forEach((c, i) => {
    const id = IDS.customer(i);
    add('BD_CUSTLOCATION', IDS.location(id), {
      FNumber: `DD${c.number}`,
      FName: c.shortName,
      FADDRESS: c.address,
      FTCONTACT: c.contactName,
      FTEL: c.phone,
    });
    add('BD_CommonContact', IDS.contact(id), {
      FNumber: `LXR${c.number}`,
      FName: c.contactName,
      FTEL: c.phone,
      FEmail: c.email,
    });
  });
}

export function countryId(master: MasterData, country: string): number {
  return 301 + [...new Set(master.customers.map((c) => c.country))].indexOf(country);
}

export function materialGroupId(master: MasterData, category: string): number {
  return 401 + [...new Set(master.materials.map((m) => m.category))].indexOf(category);
}
