/**
 * The simulator's "current system rates" used when a push omits `exchange_rate`, and the currency
 * enum served by `orderEnums`. CNY/USD/EUR follow the shared master data so both simulators agree.
 */
import { CURRENCIES } from '../../simulator-kit/master-data.js';
import { round4 } from './sim-util.js';

const OTHER_RATES_TO_CNY: Array<[string, string, number]> = [
  ['GBP', '英镑', 9.1],
  ['JPY', '日元', 0.048],
  ['HKD', '港币', 0.91],
  ['AUD', '澳大利亚元', 4.7],
  ['CAD', '加拿大元', 5.2],
  ['SGD', '新加坡元', 5.3],
  ['CHF', '瑞士法郎', 8.0],
  ['SEK', '瑞典克朗', 0.68],
  ['KRW', '韩元', 0.0053],
  ['RUB', '卢布', 0.079],
  ['INR', '印度卢比', 0.085],
  ['BRL', '巴西雷亚尔', 1.3],
  ['AED', '阿联酋迪拉姆', 1.93],
  ['THB', '泰铢', 0.2],
  ['MYR', '林吉特', 1.55],
  ['ARS', '阿根廷比索', 0.0075],
];

export interface CurrencyRate {
  code: string;
  name: string;
  /** CNY per 100 units of this currency (OKKI's ×100 convention). */
  exchange_rate: number;
  /** USD per 100 units of this currency. */
  exchange_rate_usd: number;
}

const usdToCny = CURRENCIES.find((c) => c.code === 'USD')!.rateToCny;
const all: Array<[string, string, number]> = [
  ...CURRENCIES.map((c): [string, string, number] => [c.code, c.name, c.rateToCny]),
  ...OTHER_RATES_TO_CNY,
];

/** code → rates ×100. */
export const CURRENCY_RATES: ReadonlyMap<string, CurrencyRate> = new Map(
  all.map(([code, name, toCny]) => [
    code,
    { code, name, exchange_rate: round4(toCny * 100), exchange_rate_usd: round4((toCny / usdToCny) * 100) },
  ]),
);
