/**
 * Deterministic master data shared by the Kingdee and OKKI simulators, so that under the same
 * `--seed` Kingdee customer CUST0007 is OKKI company serial_id CUST0007, material 1.01.003 is OKKI
 * product_no/sku_code 1.01.003, and salesperson SAL004 is an OKKI user with the same name.
 * Neither client imports this file: clients learn everything over HTTP.
 */
import { mulberry32 } from '../../core/seeded-random.js';

/** A seeded random source (mulberry32 from core) with the helpers seeding needs. */
export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

export interface Department {
  number: string;
  name: string;
}
export interface Salesperson {
  number: string;
  name: string;
  email: string;
  departmentNumber: string;
}
export interface Customer {
  number: string;
  name: string;
  shortName: string;
  country: string;
  currencyNumber: string;
  contactName: string;
  phone: string;
  email: string;
  address: string;
  /** Channel-fee policy group used by the flagship scheme's rebate value table. */
  policyGroup: 'A' | 'B' | 'C';
  salespersonNumber: string;
}
export interface Material {
  number: string;
  name: string;
  model: string;
  unitNumber: string;
  price: number;
  taxRate: number;
  category: string;
}
export interface Currency {
  number: string;
  code: string;
  name: string;
  rateToCny: number;
}

export interface MasterData {
  seed: number;
  departments: Department[];
  salespeople: Salesperson[];
  customers: Customer[];
  materials: Material[];
  currencies: Currency[];
}

export const CURRENCIES: Currency[] = [
  { number: 'PRE001', code: 'CNY', name: '人民币', rateToCny: 1 },
  { number: 'PRE007', code: 'USD', name: '美元', rateToCny: 7.1 },
  { number: 'PRE003', code: 'EUR', name: '欧元', rateToCny: 7.8 },
];

const CITIES = [
  '深圳市',
  '广州市',
  '上海市',
  '杭州市',
  '宁波市',
  '苏州市',
  '东莞市',
  '佛山市',
  '厦门市',
  '青岛市',
  '成都市',
  '武汉市',
];
const BRANDS = [
  '华强',
  '金盛',
  '鼎泰',
  '宏达',
  '恒信',
  '瑞丰',
  '新亚',
  '远洋',
  '天成',
  '博远',
  '中联',
  '安泰',
  '德昌',
  '嘉和',
  '永利',
  '海通',
];
const TRADES = ['电子', '贸易', '科技', '照明', '电器', '五金', '家居', '机电'];
const FOREIGN = [
  ['Nordic Home AB', 'Sweden'],
  ['Atlas Trading LLC', 'United States'],
  ['Berlin Licht GmbH', 'Germany'],
  ['Sakura Denki K.K.', 'Japan'],
  ['Lyon Maison SARL', 'France'],
  ['Pampas Import S.A.', 'Argentina'],
] as const;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '霞',
];
const PRODUCTS = [
  ['LED吸顶灯', 'XD-'],
  ['LED筒灯', 'TD-'],
  ['智能插座', 'CZ-'],
  ['电源适配器', 'PA-'],
  ['蓝牙音箱', 'BT-'],
  ['无线充电器', 'WC-'],
  ['USB数据线', 'DL-'],
  ['移动电源', 'PB-'],
  ['电动牙刷', 'ET-'],
  ['空气净化器', 'AP-'],
] as const;
const DEPARTMENTS = ['华南销售部', '华东销售部', '海外销售一部', '海外销售二部'];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function personName(random: Random): string {
  return random.pick(SURNAMES) + random.pick(GIVEN) + (random.chance(0.5) ? random.pick(GIVEN) : '');
}

/** Builds the master data for `seed`. Sizes are fixed so that both simulators agree without coordination. */
export function buildMasterData(
  seed = 1,
  sizes: { customers?: number; materials?: number; salespeople?: number } = {},
): MasterData {
  const random = createRandom(seed);
  const departments = DEPARTMENTS.map((name, i) => ({ number: `BM${pad(i + 1, 4)}`, name }));
  const salespeople = Array.from({ length: sizes.salespeople ?? 12 }, (_, i) => {
    const name = personName(random);
    return {
      number: `SAL${pad(i + 1, 3)}`,
      name,
      email: `sal${pad(i + 1, 3)}@example.cn`,
      departmentNumber: departments[i % departments.length]!.number,
    };
  });
  const customers = Array.from({ length: sizes.customers ?? 60 }, (_, i): Customer => {
    const foreign = random.chance(0.25);
    const [foreignName, country] = random.pick(FOREIGN);
    const brand = random.pick(BRANDS);
    const name = foreign ? `${foreignName} ${i + 1}` : `${random.pick(CITIES)}${brand}${random.pick(TRADES)}有限公司`;
    const contactName = foreign
      ? `${random.pick(['Anna', 'John', 'Lars', 'Yuki', 'Marie', 'Diego'])} ${random.pick(['Berg', 'Smith', 'Müller', 'Tanaka', 'Dubois', 'Gómez'])}`
      : personName(random);
    return {
      number: `CUST${pad(i + 1, 4)}`,
      name,
      shortName: foreign ? foreignName.split(' ')[0]! : brand,
      country: foreign ? country : '中国',
      currencyNumber: foreign ? random.pick(['PRE007', 'PRE007', 'PRE003']) : 'PRE001',
      contactName,
      phone: foreign
        ? `+${random.int(1, 49)} ${random.int(100, 999)} ${random.int(1000000, 9999999)}`
        : `1${random.int(3, 9)}${pad(random.int(0, 999999999), 9)}`,
      email: `buyer${i + 1}@customer${i + 1}.example.com`,
      address: foreign
        ? `${random.int(1, 200)} Harbour Road, ${country}`
        : `${random.pick(CITIES)}科技园${random.int(1, 99)}号`,
      policyGroup: random.pick(['A', 'B', 'C'] as const),
      salespersonNumber: random.pick(salespeople).number,
    };
  });
  const materials = Array.from({ length: sizes.materials ?? 120 }, (_, i): Material => {
    const [name, prefix] = PRODUCTS[i % PRODUCTS.length]!;
    return {
      number: `1.${pad(Math.floor(i / 40) + 1, 2)}.${pad(i + 1, 3)}`,
      name: `${name}${Math.floor(i / PRODUCTS.length) + 1}代`,
      model: `${prefix}${random.int(100, 999)}`,
      unitNumber: 'Pcs',
      price: Math.round(random.int(800, 250_000)) / 100, // 8.00 – 2,500.00
      taxRate: random.pick([13, 13, 13, 9, 6]),
      category: name,
    };
  });
  return { seed, departments, salespeople, customers, materials, currencies: CURRENCIES };
}
