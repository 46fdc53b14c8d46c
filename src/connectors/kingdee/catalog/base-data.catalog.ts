import { parseFieldSpec, type KingdeeField } from './kingdee-field.js';

/** BD_Customer (客户) fields qiao reads for customer look-ups and the customer sync. */
export const customerFields: readonly KingdeeField[] = parseFieldSpec(`
  FCUSTID | 客户内码 | integer | H
  FNumber | 客户编码 | string | H
  FName | 客户名称 | string | H
  FShortName | 简称 | string | H
  FCOUNTRY_FName | 国家 | string | H | FCOUNTRY.FName
  FTRADINGCURRID_FNumber | 结算币别 | string | H | FTRADINGCURRID.FNumber
  FSELLER_FNumber | 销售员 | string | H | FSELLER.FNumber
  FSALDEPTID_FNumber | 销售部门 | string | H | FSALDEPTID.FNumber
  FTEL | 联系电话 | string | H
  FADDRESS | 通讯地址 | string | H
  FDocumentStatus | 数据状态 | enum | H
  FForbidStatus | 禁用状态 | enum | H
  FUseOrgId_FNumber | 使用组织 | string | H | FUseOrgId.FNumber
  FModifyDate | 修改日期 | datetime | H
`);

/** BD_MATERIAL (物料) fields of the material sync (the qeasy 物料查询 template). */
export const materialFields: readonly KingdeeField[] = parseFieldSpec(`
  FMATERIALID | 物料内码 | integer | H
  FNumber | 物料编码 | string | H
  FName | 物料名称 | string | H
  FSpecification | 规格型号 | string | H
  FOldNumber | 旧物料编码 | string | H
  FBARCODE | 条码 | string | H
  FMaterialGroup_FNumber | 物料分组 | string | H | FMaterialGroup.FNumber
  FErpClsID | 物料属性 | enum | H
  FBaseUnitId_FNumber | 基本单位 | string | H | FBaseUnitId.FNumber
  FDocumentStatus | 数据状态 | enum | H
  FForbidStatus | 禁用状态 | enum | H
  FUseOrgId_FNumber | 使用组织 | string | H | FUseOrgId.FNumber
  FModifyDate | 修改日期 | datetime | H
`);

/** AR_RECEIVEBILL (收款单) fields of the 回款 sync; lines point at sales orders by FORDERBILLNO. */
export const receiveBillFields: readonly KingdeeField[] = parseFieldSpec(
  `
  FID | 单据内码 | integer | H
  FBillNo | 单据编号 | string | H
  FDate | 业务日期 | datetime | H
  FDocumentStatus | 单据状态 | enum | H
  FCONTACTUNITTYPE | 往来单位类型 | enum | H
  FCONTACTUNIT_FNumber | 往来单位 | string | H | FCONTACTUNIT.FNumber
  FPAYUNIT_FNumber | 付款单位 | string | H | FPAYUNIT.FNumber
  FCURRENCYID_FNumber | 币别 | string | H | FCURRENCYID.FNumber
  FRECEIVEAMOUNTFOR | 收款金额 | decimal | H
  FSALEORGID_FNumber | 销售组织 | string | H | FSALEORGID.FNumber
  FModifyDate | 修改日期 | datetime | H
  FApproveDate | 审核日期 | datetime | H
  FRECEIVEBILLENTRY_FEntryID | 分录内码 | integer | E
  FSETTLETYPEID_FNumber | 结算方式 | string | E | FSETTLETYPEID.FNumber
  FPURPOSEID_FNumber | 收款用途 | string | E | FPURPOSEID.FNumber
  FRECTOTALAMOUNTFOR | 应收金额 | decimal | E
  FRECAMOUNTFOR_E | 收款金额(明细) | decimal | E
  FORDERBILLNO | 销售订单号 | string | E
  FCOMMENT | 备注 | string | E
`,
  'FRECEIVEBILLENTRY',
);
