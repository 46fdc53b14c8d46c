import { buildMasterData, createRandom, type MasterData, type Random } from '../../simulator-kit/master-data.js';
import { DAY_MS } from './sim-clock.js';
import { round2, round6, type Rec, type SimDoc } from './sim-forms.js';
import { countryId, DELIVERY_WAYS, IDS, MANAGERS, materialGroupId, seedRefs } from './sim-seed-refs.js';
import { SimStore } from './sim-store.js';

/**
 * The fixed "now" of the seeded history (Beijing wall-clock ms): all seeded create/modify/approve
 * dates fall in the 60 days before it. Derived from the seed so data never depends on today's date.
 */
export function seedBaseDate(seed: number): number {
  return Date.UTC(2025, 3, 1, 18, 0, 0) + (Math.abs(seed) % 90) * DAY_MS;
}

export interface SeedOptions {
  seed: number;
  orders: number;
  /** Login user name; seeded as a SEC_User so FCreatorId etc. can name it. */
  userName: string;
}

const MINUTE = 60_000;
const LINE_NOTES = ['加急', '客户指定包装', '按样品标准', '含外箱唛头', '分批发货'];
const ORDER_NOTES = ['外贸订单', '年度框架协议', '展会订单', '老客户返单', '样品确认后下单'];
const CHANGE_REASONS = ['客户要求调整数量', '价格调整', '客户追加产品', '取消部分产品'];

export function pickStatus(random: Random): string {
  const r = random.next();
  return r < 0.7 ? 'C' : r < 0.75 ? 'Z' : r < 0.85 ? 'A' : r < 0.95 ? 'B' : 'D';
}

/** Builds a store holding master data, `orders` sales orders (XSDD000001…) and receive bills for some of them. */
export function seedStore(options: SeedOptions): { store: SimStore; master: MasterData; baseDate: number } {
  const store = new SimStore();
  const master = buildMasterData(options.seed);
  seedRefs(store, master, options.userName);
  const baseDate = seedBaseDate(options.seed);
  const history = baseDate - 200 * DAY_MS;
  seedBaseForms(store, master, history);
  const random = createRandom((options.seed * 7919 + 17) >>> 0);
  const payRandom = createRandom((options.seed * 104729 + 3) >>> 0);
  for (let i = 1; i <= options.orders; i++) {
    const order = buildOrder(store, master, random, i, baseDate);
    store.form('SAL_SaleOrder')!.add(order);
    maybeReceipts(store, payRandom, order, baseDate);
  }
  return { store, master, baseDate };
}

function seedBaseForms(store: SimStore, master: MasterData, created: number): void {
  const common = {
    FDocumentStatus: 'C',
    FForbidStatus: 'A',
    FCreateOrgId: IDS.org,
    FUseOrgId: IDS.org,
    FCreatorId: IDS.adminUser,
    FCreateDate: created,
    FModifierId: IDS.adminUser,
    FModifyDate: created + 3_600_000,
    FApproverId: IDS.adminUser,
    FApproveDate: created + 3_600_000,
  };
  master.currencies.forEach((c) =>
    store.form('BD_Currency')!.add({
      head: {
        FCURRENCYID: IDS.currency(c.number),
        FNumber: c.number,
        FName: c.name,
        FCODE: c.code,
        FSysmbol: c.code === 'CNY' ? '¥' : c.code === 'USD' ? '$' : '€',
        ...common,
      },
      entries: {},
    }),
  );
  master.materials.forEach((m, i) =>
    store.form('BD_MATERIAL')!.add({
      head: {
        FMATERIALID: IDS.material(i),
        FNumber: m.number,
        FName: m.name,
        FSpecification: m.model,
        FMaterialGroup: materialGroupId(master, m.category),
        FCategoryID: 2,
        FBaseUnitId: IDS.unit,
        FSaleUnitId: IDS.unit,
        FTaxRateId: m.taxRate,
        FRefCost: round2(m.price * 0.62),
        ...common,
      },
      entries: {},
    }),
  );
  master.customers.forEach((c, i) => {
    const saler = master.salespeople.findIndex((s) => s.number === c.salespersonNumber);
    const dept = master.departments.findIndex((d) => d.number === master.salespeople[saler]!.departmentNumber);
    store.form('BD_Customer')!.add({
      head: {
        FCUSTID: IDS.customer(i),
        FNumber: c.number,
        FName: c.name,
        FShortName: c.shortName,
        FCOUNTRY: countryId(master, c.country),
        FTRADINGCURRID: IDS.currency(c.currencyNumber),
        FSETTLETYPEID: 4,
        FSELLER: IDS.saler(saler),
        FSALDEPTID: IDS.department(dept),
        FTEL: c.phone,
        FADDRESS: c.address,
        FINVOICETITLE: c.name,
        ...common,
      },
      entries: {},
    });
  });
}

function buildOrder(store: SimStore, master: MasterData, random: Random, n: number, baseDate: number): SimDoc {
  const ci = random.int(0, master.customers.length - 1);
  const customer = master.customers[ci]!;
  const si = master.salespeople.findIndex((s) => s.number === customer.salespersonNumber);
  const di = master.departments.findIndex((d) => d.number === master.salespeople[si]!.departmentNumber);
  const currency = master.currencies.find((c) => c.number === customer.currencyNumber)!;
  const foreign = currency.code !== 'CNY';
  const created = baseDate - random.int(60, 59 * 24 * 60) * MINUTE - random.int(0, 59_999);
  const modified = Math.min(baseDate - 1000, created + random.int(1, 3 * 24 * 60) * MINUTE + random.int(0, 999));
  const status = pickStatus(random);
  const custId = IDS.customer(ci);
  const head: Rec = {
    FID: 100_000 + n,
    FBillNo: `XSDD${String(n).padStart(6, '0')}`,
    FDocumentStatus: status,
    FSaleOrgId: IDS.org,
    FDate: Math.floor(created / DAY_MS) * DAY_MS - (random.chance(0.2) ? DAY_MS : 0),
    FCustId: custId,
    FSaleDeptId: IDS.department(di),
    FSaleGroupId: random.chance(0.3) ? 1 : 0,
    FSalerId: IDS.saler(si),
    FReceiveId: custId,
    FSettleId: custId,
    FChargeId: custId,
    FCreatorId: IDS.salesUser(si),
    FCreateDate: created,
    FModifierId: IDS.salesUser(si),
    FModifyDate: modified,
    FApproverId: 0,
    FApproveDate: null,
    FExchangeRate: currency.rateToCny,
    FBillTypeID: IDS.billTypeSaleOrder,
    FHeadDeliveryWay: foreign ? DELIVERY_WAYS[random.int(2, 3)]!.id : DELIVERY_WAYS[random.int(0, 1)]!.id,
    FReceiveAddress: customer.address,
    FNote: random.chance(0.3) ? random.pick(ORDER_NOTES) : ' ',
    FSOFrom: ' ',
    FSettleCurrId: IDS.currency(currency.number),
    FManualClose: false,
    FVersionNo: '000',
  };
  const lines = buildLines(store, master, random, head, foreign ? currency.rateToCny : 1);
  const doc: SimDoc = { head, entries: { FSaleOrderEntry: lines } };
  const manager = IDS.managerUser(random.int(0, MANAGERS.length - 1));
  if (status === 'C') {
    head.FApproverId = manager;
    head.FApproveDate = Math.min(baseDate - 500, modified + random.int(10, 2 * 24 * 60) * MINUTE + random.int(0, 999));
    const after = (from: number) =>
      Math.min(baseDate - 100, from + random.int(30, 5 * 24 * 60) * MINUTE + random.int(0, 999));
    if (random.chance(0.3)) for (const line of lines) shipLine(line, random);
    if (random.chance(0.1)) applySeedChange(head, lines, random, after(Number(head.FApproveDate)), IDS.salesUser(si));
    if (random.chance(0.08)) {
      Object.assign(head, {
        FCloseStatus: 'B',
        FCloserId: manager,
        FCloseDate: after(Math.max(Number(head.FModifyDate), Number(head.FApproveDate))),
        FManualClose: random.chance(0.5),
      });
    }
  } else if (status === 'D') {
    head.FModifyDate = Math.min(baseDate - 100, modified + random.int(60, 4 * 24 * 60) * MINUTE);
  } else if (random.chance(0.08)) {
    Object.assign(head, {
      FCancelStatus: 'B',
      FCancellerId: manager,
      FCancelDate: Math.min(baseDate - 100, modified + random.int(30, 3 * 24 * 60) * MINUTE),
    });
  }
  return doc;
}

function buildLines(store: SimStore, master: MasterData, random: Random, head: Rec, rate: number): Rec[] {
  const count = random.int(1, 9);
  const used = new Set<number>();
  const lines: Rec[] = [];
  for (let seq = 1; seq <= count; seq++) {
    let mi = random.int(0, master.materials.length - 1);
    while (used.has(mi)) mi = (mi + 1) % master.materials.length;
    used.add(mi);
    const material = master.materials[mi]!;
    const qty = random.chance(0.6) ? random.pick([10, 20, 50, 100, 200, 300, 500, 1000]) : random.int(1, 400);
    const free = random.chance(0.03);
    const taxPrice = free ? 0 : round2((material.price / rate) * (0.9 + random.next() * 0.2));
    const line: Rec = {
      FEntryID: store.nextId('SAL_SaleOrder.entry', 200_001),
      FSeq: seq,
      FMaterialId: IDS.material(mi),
      FMaterialName: material.name,
      FMaterialModel: material.model,
      FMaterialType: 2,
      FUnitID: IDS.unit,
      FQty: qty,
      FEntryTaxRate: material.taxRate,
      FTaxPrice: taxPrice,
      FIsFree: free,
      FDeliveryDate: Number(head.FDate) + random.int(7, 45) * DAY_MS,
      FSOStockId: IDS.stock,
      FTransportLeadTime1: random.pick([0, 0, 3, 7]),
      FEntryNote: random.chance(0.1) ? random.pick(LINE_NOTES) : ' ',
      F_hesh_Discount: 0,
      FStockOutQty: 0,
      FOldQty: 0,
    };
    priceLine(line);
    if (!free && random.chance(0.2)) line.F_hesh_Discount = round2(Number(line.FAllAmount) * 0.02);
    lines.push(line);
  }
  return lines;
}

/** Recomputes a line's amounts from FTaxPrice (or FPrice when only that is set), FQty and FEntryTaxRate, to cents. */
export function priceLine(line: Rec, from: 'tax' | 'net' = 'tax'): void {
  const qty = Number(line.FQty) || 0;
  const rate = Number(line.FEntryTaxRate) || 0;
  if (from === 'net') line.FTaxPrice = round6(Number(line.FPrice) * (1 + rate / 100));
  else line.FPrice = round6(Number(line.FTaxPrice) / (1 + rate / 100));
  line.FAmount = round2(Number(line.FPrice) * qty);
  line.FAllAmount = round2(Number(line.FTaxPrice) * qty);
  line.FEntryTaxAmount = round2(Number(line.FAllAmount) - Number(line.FAmount));
}

function shipLine(line: Rec, random: Random): void {
  const qty = Number(line.FQty);
  const shipped = random.chance(0.5) ? qty : Math.floor(qty * random.next());
  line.FStockOutQty = shipped;
  line.FDeliveryStatus = shipped >= qty ? 'C' : shipped > 0 ? 'B' : 'A';
}

function applySeedChange(head: Rec, lines: Rec[], random: Random, at: number, changer: number): void {
  const line = random.pick(lines);
  line.FOldQty = line.FQty;
  line.FQty = Number(line.FQty) + random.int(1, 50);
  line.FChangeFlag = 'B';
  priceLine(line);
  Object.assign(head, {
    FVersionNo: random.chance(0.7) ? '001' : '002',
    FChangeDate: at,
    FChangerId: changer,
    FChangeReason: CHANGE_REASONS[0],
    FModifyDate: at,
    FModifierId: changer,
  });
}

function maybeReceipts(store: SimStore, random: Random, order: SimDoc, baseDate: number): void {
  const head = order.head;
  if (head.FDocumentStatus !== 'C' || !random.chance(0.4)) return;
  const total = round2(order.entries.FSaleOrderEntry!.reduce((acc, l) => acc + Number(l.FAllAmount), 0));
  if (total <= 0) return;
  const deposit = random.chance(0.5);
  const parts = deposit ? [round2(total * 0.3), round2(total - round2(total * 0.3))] : [total];
  const count = deposit && random.chance(0.5) ? 2 : 1;
  let at = Number(head.FApproveDate);
  for (let p = 0; p < count; p++) {
    at = Math.min(baseDate - 50, at + random.int(60, 10 * 24 * 60) * MINUTE + random.int(0, 999));
    const n = store.nextId('AR_RECEIVEBILL.FID', 300_001);
    const amount = parts[p]!;
    const rate = Number(head.FExchangeRate) || 1;
    store.form('AR_RECEIVEBILL')!.add({
      head: {
        FID: n,
        FBillNo: `SKD${String(n - 300_000).padStart(8, '0')}`,
        FDate: Math.floor(at / DAY_MS) * DAY_MS,
        FDocumentStatus: 'C',
        FBillTypeID: IDS.billTypeReceive,
        FCONTACTUNIT: head.FCustId,
        FPAYUNIT: head.FCustId,
        FCURRENCYID: head.FSettleCurrId,
        FMAINBOOKCURID: 1,
        FEXCHANGERATE: rate,
        FSETTLEORGID: IDS.org,
        FPAYORGID: IDS.org,
        FSALEORGID: IDS.org,
        FSALEERID: head.FSalerId,
        FSALEDEPTID: head.FSaleDeptId,
        FRECEIVEAMOUNTFOR: amount,
        FRECEIVEAMOUNT: round2(amount * rate),
        FREMARK: deposit && p === 0 ? '预收30%定金' : ' ',
        FCreatorId: IDS.adminUser,
        FCreateDate: at,
        FModifierId: IDS.adminUser,
        FModifyDate: at,
        FApproverId: IDS.adminUser,
        FApproveDate: at + 5 * MINUTE,
      },
      entries: {
        FRECEIVEBILLENTRY: [
          {
            FEntryID: store.nextId('AR_RECEIVEBILL.entry', 400_001),
            FSeq: 1,
            FSETTLETYPEID: 4,
            FPURPOSEID: deposit && p === 0 ? 2 : 1,
            FRECTOTALAMOUNTFOR: amount,
            FRECAMOUNTFOR_E: amount,
            FRECAMOUNT_E: round2(amount * rate),
            FACCOUNTID: 1,
            FORDERBILLNO: head.FBillNo,
            FSALEORDERID: head.FID,
          },
        ],
        FRECEIVEBILLSRCENTRY: [
          {
            FEntryID: store.nextId('AR_RECEIVEBILL.srcentry', 500_001),
            FSeq: 1,
            FSRCBILLNO: head.FBillNo,
            FSRCSEQ: 1,
            FSRCROWID: Number(head.FID),
            FREALRECAMOUNT: amount,
            FSRCCURRENCYID: head.FSettleCurrId,
          },
        ],
      },
    });
  }
}
