import {
  fieldsOf,
  round2,
  type DeriveContext,
  type FieldDef,
  type FormDef,
  type Rec,
  type SimDoc,
  type Value,
} from './sim-forms.js';

/**
 * SAL_SaleOrder: every field of the seed scheme's query table, typed as the real form types them.
 * Financial (FSaleOrderFinance) fields are header-like and live on the header here.
 */
const num = (v: Value): number => (typeof v === 'number' ? v : Number(v) || 0);
const outQty = (l: Rec): number => num(l.FStockOutQty);
const remaining = (_h: Rec, l: Rec | undefined): Value => (l ? round2(num(l.FQty) - outQty(l)) : 0);
const qty = (_h: Rec, l: Rec | undefined): Value => (l ? num(l.FQty) : 0);
const unit = (_h: Rec, l: Rec | undefined): Value => (l ? (l.FUnitID ?? 0) : 0);
const org = (h: Rec): Value => h.FSaleOrgId ?? 0;
const local =
  (key: string) =>
  (h: Rec, l: Rec | undefined): Value =>
    l ? round2(num(l[key]) * num(h.FExchangeRate || 1)) : 0;
const copy =
  (key: string) =>
  (_h: Rec, l: Rec | undefined): Value =>
    l ? (l[key] ?? null) : null;
const joined = (_h: Rec, l: Rec | undefined): Value => (l ? outQty(l) : 0);

const HEADER = `
  FID:int FBillNo FDocumentStatus:enum FSaleOrgId:ref=ORG_Organizations FDate:date FCustId:ref=BD_Customer
  FSaleDeptId:ref=BD_Department FSaleGroupId:ref=BD_OPERATORGROUP FSalerId:ref=BD_Saler FReceiveId:ref=BD_Customer
  FSettleId:ref=BD_Customer FSettleAddress FChargeId:ref=BD_Customer FCreatorId:ref=SEC_User FCreateDate:date
  FModifierId:ref=SEC_User FModifyDate:date FApproverId:ref=SEC_User FApproveDate:date FCloseStatus:enum
  FCloserId:ref=SEC_User FCloseDate:date FCancelStatus:enum FCancellerId:ref=SEC_User FCancelDate:date
  FExchangeRate:decimal FChangerId:ref=SEC_User FChangeDate:date FChangeReason FBillTypeID:ref=BOS_BillType
  FBusinessType:enum FHeadDeliveryWay:ref=BOS_ASSISTANTDATA_DETAIL FReceiveAddress FHEADLOCID:ref=BD_CUSTLOCATION
  FReceiveContact:ref=BD_CommonContact FNote FSignStatus:enum FManualClose:bool FSOFrom:enum FReceiptOrgId:ref=ORG_Organizations
  FSettleCurrId:ref=BD_Currency FLocalCurrId:ref=BD_Currency FExchangeTypeId:ref=BD_Rate_Type FIsIncludedTax:bool
  FBillAllAmount:decimal FBillAmount:decimal FBillTaxAmount:decimal FBillAllAmount_LC:decimal FLINKMAN FLINKPHONE
  FVersionNo FIsDirectChange:bool F_QIAO_OKKIID`;

const ENTRY = `
  FMaterialId:ref=BD_MATERIAL FMaterialName FMaterialModel FMaterialType:ref=BD_MATERIALCATEGORY FUnitID:ref=BD_UNIT
  FPrice:decimal FTaxPrice:decimal FBomId:ref=ENG_BOM FPriceUnitId:ref=BD_UNIT FPriceUnitQty:decimal FPriceCoefficient:decimal
  FDiscountRate:decimal FDiscount:decimal FEntryTaxRate:decimal FEntryTaxAmount:decimal FAllAmount:decimal FTaxNetPrice:decimal
  FBaseUnitQty:decimal FDeliveryControl:bool FDeliveryMaxQty:decimal FDeliveryMinQty:decimal FTransportLeadTime1:int
  FBefDisAllAmt:decimal FBefDisAmt:decimal FTaxAmount_LC:decimal FAmount_LC:decimal FAllAmount_LC:decimal
  FMrpCloseStatus:enum FMrpFreezeStatus:enum FFreezerId:ref=SEC_User FFreezeDate:date FMrpTerminateStatus:enum
  FTerminaterId:ref=SEC_User FTerminateDate:date FBaseDeliJoinQty:decimal FRemainOutQty:decimal FBaseInvoiceJoinQty:decimal
  FInvoiceJoinQty:decimal FBasePurJoinQty:decimal FPurJoinQty:decimal FSettleOrgIds:ref=ORG_Organizations FAmount:decimal
  FEntryNote FQty:decimal FLimitDownPrice:decimal FSysPrice:decimal FStockOrgId:ref=ORG_Organizations FBaseUnitId:ref=BD_UNIT
  FChangeFlag:enum FMapId:ref=SAL_CustMatMapping FOwnerTypeId:enum FOwnerId:ref=ORG_Organizations FIsFree:bool FLOCKQTY:decimal
  FLOCKFLAG:bool FProduceDate:date FExpiryDate:date FExpUnit:enum FExpPeriod:int FMaterialIsProduce:bool
  FTaxCombination:ref=BD_TaxCombination FLot:ref=BD_BatchMainFile FMapName FAuxPropId:ref=BD_FLEXSITEMDETAILV FReturnType:enum
  FDeliveryDate:date FSrcType FSrcBillNo FBaseDeliveryMaxQty:decimal FBaseDeliveryMinQty:decimal FOEMInStockJoinQty:decimal
  FBaseOEMInStockJoinQty:decimal FBaseARJoinQty:decimal FIsReturn:bool FBFLowId FIsInventory:bool FARJOINAMOUNT:decimal
  FBaseRemainOutQty:decimal FMaterialIsSubContract:bool FCanOutQty:decimal FBaseCanOutQty:decimal FCanReturnQty:decimal
  FBaseCanReturnQty:decimal FMtoNo FPriority:int FReserveType:enum FMinPlanDeliveryDate:date FDeliveryStatus:enum
  FOldQty:decimal FPromotionMatchType:enum FPriceListEntry:ref=BD_PriceList FSupplyOrgId:ref=ORG_Organizations
  FNetOrderEntryId:int FPriceBaseQty:decimal FSetPriceUnitID:ref=BD_UNIT FStockUnitID:ref=BD_UNIT FStockQty:decimal
  FStockBaseQty:decimal FStockBaseCanOutQty:decimal FStockBaseCanReturnQty:decimal FStockBaseARJoinQty:decimal
  FStockBasePurJoinQty:decimal FSalBaseNum:decimal FStockBaseDen:decimal FSRCBIZUNITID:ref=BD_UNIT FPurBaseQty:decimal
  FPurUnitID:ref=BD_UNIT FPurQty:decimal FSalBaseARJoinQty:decimal FOUTLMTUNIT:enum FOutLmtUnitID:ref=BD_UNIT
  FCONSIGNSETTQTY:decimal FCONSIGNSETTBASEQTY:decimal FLeftQty:decimal FRowType:enum FParentMatId:ref=BD_MATERIAL FRowId
  FParentRowId FInStockPrice:decimal FSOStockId:ref=BD_STOCK FSOStockLocalId:int FPurPriceUnitId:ref=BD_UNIT FISMRP:bool
  FBarcode FBranchId:ref=ORG_Organizations FRetailSaleProm:bool FBASEFINARQTY:decimal FSALBASEFINARQTY:decimal
  FEntryDiscountList:ref=SPM_DiscountList FPriceDiscount:decimal FSPMENTRYID:int FSPMANDRPMCONTENT F_hesh_Discount:decimal
  FStockOutQty:decimal`;

const sumLines =
  (key: string) =>
  (_h: Rec, _l: Rec | undefined, _ctx: DeriveContext, doc: SimDoc): Value =>
    round2((doc.entries.FSaleOrderEntry ?? []).reduce((acc, l) => acc + num(l[key]), 0));

/** Seeded contacts/locations are keyed off the receiving customer's id (see sim-seed-refs IDS). */
const contactOf = (h: Rec): number => (num(h.FReceiveId ?? h.FCustId) ? num(h.FReceiveId ?? h.FCustId) + 600_000 : 0);

const headerDerived: Record<string, FieldDef['derive']> = {
  FSettleAddress: (h, _l, ctx) => ctx.ref('BD_Customer', h.FSettleId ?? h.FCustId, 'FADDRESS'),
  FReceiptOrgId: org,
  FLINKMAN: (h, _l, ctx) => ctx.ref('BD_CommonContact', contactOf(h), 'FName'),
  FLINKPHONE: (h, _l, ctx) => ctx.ref('BD_CommonContact', contactOf(h), 'FTEL'),
  FHEADLOCID: (h) => (num(h.FReceiveId ?? h.FCustId) ? num(h.FReceiveId ?? h.FCustId) + 500_000 : 0),
  FReceiveContact: (h) => contactOf(h),
  FBillAllAmount: sumLines('FAllAmount'),
  FBillAmount: sumLines('FAmount'),
  FBillTaxAmount: sumLines('FEntryTaxAmount'),
  FBillAllAmount_LC: (h, l, ctx, doc) =>
    round2(num(sumLines('FAllAmount')(h, l, ctx, doc)) * num(h.FExchangeRate || 1)),
};

const entryDerived: Record<string, FieldDef['derive']> = {
  FPriceUnitId: unit,
  FBaseUnitId: unit,
  FSetPriceUnitID: unit,
  FStockUnitID: unit,
  FSRCBIZUNITID: unit,
  FPurPriceUnitId: unit,
  FPurUnitID: unit,
  FOutLmtUnitID: unit,
  FPriceUnitQty: qty,
  FBaseUnitQty: qty,
  FPriceBaseQty: qty,
  FStockQty: qty,
  FStockBaseQty: qty,
  FDeliveryMaxQty: qty,
  FDeliveryMinQty: qty,
  FBaseDeliveryMaxQty: qty,
  FBaseDeliveryMinQty: qty,
  FRemainOutQty: remaining,
  FBaseRemainOutQty: remaining,
  FCanOutQty: remaining,
  FBaseCanOutQty: remaining,
  FStockBaseCanOutQty: remaining,
  FCanReturnQty: joined,
  FBaseCanReturnQty: joined,
  FStockBaseCanReturnQty: joined,
  FBaseDeliJoinQty: joined,
  FBefDisAllAmt: copy('FAllAmount'),
  FBefDisAmt: copy('FAmount'),
  FTaxNetPrice: copy('FTaxPrice'),
  FMinPlanDeliveryDate: copy('FDeliveryDate'),
  FTaxAmount_LC: local('FEntryTaxAmount'),
  FAmount_LC: local('FAmount'),
  FAllAmount_LC: local('FAllAmount'),
  FSettleOrgIds: org,
  FStockOrgId: org,
  FSupplyOrgId: org,
  FOwnerId: org,
  FBranchId: () => 0,
  FRowId: (_h, l) => (l ? rowGuid(num(l.FEntryID)) : ' '),
};

const entryBlanks: Record<string, Value> = {
  FPriceCoefficient: 1,
  FSalBaseNum: 1,
  FStockBaseDen: 1,
  FMrpCloseStatus: 'A',
  FMrpFreezeStatus: 'A',
  FMrpTerminateStatus: 'A',
  FOwnerTypeId: 'BD_OwnerOrg',
  FReserveType: '1',
  FRowType: 'Standard',
  FOUTLMTUNIT: 'SAL',
  FIsReturn: true,
  FIsInventory: true,
  FDeliveryStatus: 'A',
  FChangeFlag: ' ',
  FEntryNote: ' ',
  FMtoNo: ' ',
};

const headerBlanks: Record<string, Value> = {
  FCloseStatus: 'A',
  FCancelStatus: 'A',
  FBusinessType: 'NORMAL',
  FSignStatus: 'A',
  FVersionNo: '000',
  FIsIncludedTax: true,
  FExchangeRate: 1,
  FLocalCurrId: 1,
  FExchangeTypeId: 1,
  FChangeReason: ' ',
  FNote: ' ',
};

/** A stable GUID-looking row id derived from the entry id (real rows carry a GUID in FRowId). */
function rowGuid(entryId: number): string {
  const h = (Math.imul(entryId ^ 0x5bd1e995, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0');
  return `${h}-${h.slice(0, 4)}-4${h.slice(5, 8)}-a${h.slice(1, 4)}-${entryId.toString(16).padStart(12, '0')}`;
}

export const SALE_ORDER_FORM: FormDef = {
  formId: 'SAL_SaleOrder',
  caption: '销售订单',
  kind: 'bill',
  pkKey: 'FID',
  numberKey: 'FBillNo',
  numberPrefix: 'XSDD',
  entities: { FSaleOrderEntry: '订单明细' },
  // A custom field (F_ prefix) for the CRM order id, editable after audit so it can be written back.
  editableAfterAudit: new Set(['f_qiao_okkiid']),
  fields: [
    ...fieldsOf(HEADER, undefined, headerDerived, headerBlanks),
    ...fieldsOf(ENTRY, 'FSaleOrderEntry', entryDerived, entryBlanks),
  ],
};
