import { fieldsOf, type FormDef } from './sim-forms.js';

/** Base-data forms (物料, 客户, 币别); the status fields follow base-data conventions (FForbidStatus A/B). */
const COMMON = `FDocumentStatus:enum FForbidStatus:enum FForbidderId:ref=SEC_User FForbidDate:date FCreateOrgId:ref=ORG_Organizations
  FUseOrgId:ref=ORG_Organizations FCreatorId:ref=SEC_User FCreateDate:date FModifierId:ref=SEC_User FModifyDate:date
  FApproverId:ref=SEC_User FApproveDate:date`;
const blanks = { FDocumentStatus: 'C', FForbidStatus: 'A', FDescription: ' ', FOldNumber: ' ', FBARCODE: ' ' };

export const MATERIAL_FORM: FormDef = {
  formId: 'BD_MATERIAL',
  caption: '物料',
  kind: 'base',
  pkKey: 'FMATERIALID',
  numberKey: 'FNumber',
  entities: {},
  fields: fieldsOf(
    `FMATERIALID:int FNumber FName FSpecification FOldNumber FBARCODE FDescription
    FMaterialGroup:ref=BD_MATERIALGROUP FErpClsID:enum FCategoryID:ref=BD_MATERIALCATEGORY FBaseUnitId:ref=BD_UNIT
    FSaleUnitId:ref=BD_UNIT FTaxRateId:ref=BD_TaxRate FIsSale:bool FIsPurchase:bool FIsInventory:bool FRefCost:decimal ${COMMON}`,
    undefined,
    {},
    { ...blanks, FErpClsID: '1', FIsSale: true, FIsPurchase: true, FIsInventory: true },
  ),
};

export const CUSTOMER_FORM: FormDef = {
  formId: 'BD_Customer',
  caption: '客户',
  kind: 'base',
  pkKey: 'FCUSTID',
  numberKey: 'FNumber',
  entities: {},
  fields: fieldsOf(
    `FCUSTID:int FNumber FName FShortName FCOUNTRY:ref=BOS_ASSISTANTDATA_DETAIL FTRADINGCURRID:ref=BD_Currency
    FSETTLETYPEID:ref=BD_SETTLETYPE FSELLER:ref=BD_Saler FSALDEPTID:ref=BD_Department FTEL FADDRESS FINVOICETITLE
    FCustTypeId:ref=BOS_ASSISTANTDATA_DETAIL FGroup:ref=BD_CustomerGroup FIsGroup:bool FDescription ${COMMON}`,
    undefined,
    {},
    blanks,
  ),
};

export const CURRENCY_FORM: FormDef = {
  formId: 'BD_Currency',
  caption: '币别',
  kind: 'base',
  pkKey: 'FCURRENCYID',
  numberKey: 'FNumber',
  entities: {},
  fields: fieldsOf(
    `FCURRENCYID:int FNumber FName FCODE FSysmbol FPRICEDIGITS:int FAMOUNTDIGITS:int FIsShowCSymbol:bool
    FDescription ${COMMON}`,
    undefined,
    {},
    { ...blanks, FPRICEDIGITS: 6, FAMOUNTDIGITS: 2 },
  ),
};

/** 收款单: lines point at sales orders by number (FORDERBILLNO) and by id (FSALEORDERID); source lines by FSRCBILLNO. */
export const RECEIVE_BILL_FORM: FormDef = {
  formId: 'AR_RECEIVEBILL',
  caption: '收款单',
  kind: 'bill',
  pkKey: 'FID',
  numberKey: 'FBillNo',
  numberPrefix: 'SKD',
  entities: { FRECEIVEBILLENTRY: '收款明细', FRECEIVEBILLSRCENTRY: '源单明细' },
  fields: [
    ...fieldsOf(
      `FID:int FBillNo FDate:date FDocumentStatus:enum FBillTypeID:ref=BOS_BillType FCONTACTUNITTYPE:enum
      FCONTACTUNIT:ref=BD_Customer FPAYUNITTYPE:enum FPAYUNIT:ref=BD_Customer FCURRENCYID:ref=BD_Currency
      FMAINBOOKCURID:ref=BD_Currency FEXCHANGERATE:decimal FSETTLEORGID:ref=ORG_Organizations FPAYORGID:ref=ORG_Organizations
      FSALEORGID:ref=ORG_Organizations FSALEERID:ref=BD_Saler FSALEDEPTID:ref=BD_Department FRECEIVEAMOUNTFOR:decimal
      FRECEIVEAMOUNT:decimal FREMARK FCancelStatus:enum FCreatorId:ref=SEC_User FCreateDate:date FModifierId:ref=SEC_User
      FModifyDate:date FApproverId:ref=SEC_User FApproveDate:date`,
      undefined,
      {},
      {
        FCONTACTUNITTYPE: 'BD_Customer',
        FPAYUNITTYPE: 'BD_Customer',
        FCancelStatus: 'A',
        FREMARK: ' ',
        FEXCHANGERATE: 1,
      },
    ),
    ...fieldsOf(
      `FSETTLETYPEID:ref=BD_SETTLETYPE FPURPOSEID:ref=CN_RECPAYPURPOSE FRECTOTALAMOUNTFOR:decimal
      FRECAMOUNTFOR_E:decimal FRECAMOUNT_E:decimal FACCOUNTID:ref=CN_BANKACNT FORDERBILLNO FSALEORDERID:int FCOMMENT`,
      'FRECEIVEBILLENTRY',
      {},
      { FCOMMENT: ' ', FORDERBILLNO: ' ' },
    ),
    ...fieldsOf(
      'FSRCBILLTYPEID FSRCBILLNO FSRCSEQ:int FSRCROWID:int FREALRECAMOUNT:decimal FSRCCURRENCYID:ref=BD_Currency',
      'FRECEIVEBILLSRCENTRY',
      {},
      { FSRCBILLTYPEID: 'SAL_SaleOrder' },
    ),
  ],
};
