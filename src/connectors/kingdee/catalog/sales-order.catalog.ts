import { parseFieldSpec, type KingdeeField } from './kingdee-field.js';

/**
 * SAL_SaleOrder (销售订单) query fields: every row of the seed scheme's 请求参数 table, in its order.
 * `key` is the seed's flattened name (`FCustId_FNumber`, as qeasy stores it); `fieldKey` is what
 * ExecuteBillQuery takes in FieldKeys (`FCustId.FNumber`). Bare base-data keys return the internal id.
 * Header fields include the one-to-one finance sub-entity (FSaleOrderFinance); entry fields are on
 * FSaleOrderEntry and make the query return one row per order line.
 */
const SPEC = `
  FSaleOrderEntry_FEntryID | 分录内码 | integer | E
  FID | 单据内码 | integer | H
  FBillNo | 单据编号 | string | H
  FDocumentStatus | 单据状态 | enum | H
  FSaleOrgId_FNumber | 销售组织 | string | H | FSaleOrgId.FNumber
  FDate | 日期 | datetime | H
  FCustId_FNumber | 客户编码 | string | H | FCustId.FNumber
  FCustId_FName | 客户名称 | string | H | FCustId.FName
  FSaleDeptId_Fnumber | 销售部门编码 | string | H | FSaleDeptId.FNumber
  FSaleGroupId | 销售组 | baseDataId | H
  FSalerId_FNumber | 销售员编码 | string | H | FSalerId.FNumber
  FReceiveId | 收货方 | baseDataId | H
  FSettleId | 结算方 | baseDataId | H
  FSettleAddress | 结算方地址 | string | H
  FChargeId | 付款方 | baseDataId | H
  FCreatorId | 创建人 | baseDataId | H
  FCreateDate | 创建日期 | datetime | H
  FModifierId | 最后修改人 | baseDataId | H
  FModifyDate | 最后修改日期 | datetime | H
  FApproverId | 审核人 | baseDataId | H
  FApproveDate | 审核日期 | datetime | H
  FCloseStatus | 关闭状态 | enum | H
  FCloserId | 关闭人 | baseDataId | H
  FCloseDate | 关闭日期 | datetime | H
  FCancelStatus | 作废状态 | enum | H
  FCancellerId | 作废人 | baseDataId | H
  FCancelDate | 作废日期 | datetime | H
  FExchangeRate | 汇率 | decimal | H
  FChangerId | 变更人 | baseDataId | H
  FChangeDate | 变更日期 | datetime | H
  FChangeReason | 变更原因 | string | H
  FBillTypeID_Fnumber | 单据类型 | string | H | FBillTypeID.FNumber
  FBusinessType | 业务类型 | enum | H
  FHeadDeliveryWay | 交货方式 | baseDataId | H
  FReceiveAddress | 收货方地址 | string | H
  FHEADLOCID_FADDRESS | 交货地点(地址) | string | H | FHEADLOCID.FADDRESS
  FHEADLOCID_FTCONTACT | 交货地点(联系人) | string | H | FHEADLOCID.FTCONTACT
  FHEADLOCID_FTEL | 交货地点(电话) | string | H | FHEADLOCID.FTEL
  FReceiveContact | 收货方联系人 | baseDataId | H
  FNote | 备注 | string | H
  FSignStatus | 签收状态 | enum | H
  FManualClose | 是否手工关闭 | boolean | H
  FSOFrom | 订单来源 | enum | H
  FMaterialId_Fnumber | 物料编码 | string | E | FMaterialId.FNumber
  FMaterialName | 物料名称 | string | E
  FMaterialModel | 规格型号 | string | E
  FMaterialType | 物料类别 | baseDataId | E
  FUnitID_Fnumber | 销售单位 | string | E | FUnitID.FNumber
  FPrice | 单价 | decimal | E
  FTaxPrice | 含税单价 | decimal | E
  FBomId | BOM版本 | baseDataId | E
  FPriceUnitId | 计价单位 | baseDataId | E
  FPriceUnitQty | 计价数量 | decimal | E
  FPriceCoefficient | 价格系数 | decimal | E
  FDiscountRate | 折扣率% | decimal | E
  FDiscount | 折扣额 | decimal | E
  FEntryTaxRate | 税率% | decimal | E
  FEntryTaxAmount | 税额 | decimal | E
  FAllAmount | 价税合计 | decimal | E
  FTaxNetPrice | 净价 | decimal | E
  FBaseUnitQty | 销售基本数量 | decimal | E
  FDeliveryControl | 控制发货数量 | boolean | E
  FDeliveryMaxQty | 发货上限 | decimal | E
  FDeliveryMinQty | 发货下限 | decimal | E
  FTransportLeadTime1 | 运输提前期 | integer | E
  FBefDisAllAmt | 折前价税合计 | decimal | E
  FBefDisAmt | 折前金额 | decimal | E
  FTaxAmount_LC | 税额(本位币) | decimal | E
  FAmount_LC | 金额(本位币) | decimal | E
  FAllAmount_LC | 价税合计(本位币) | decimal | E
  FMrpCloseStatus | 业务关闭 | enum | E
  FMrpFreezeStatus | 业务冻结 | enum | E
  FFreezerId | 冻结人 | baseDataId | E
  FFreezeDate | 冻结日期 | datetime | E
  FMrpTerminateStatus | 业务终止 | enum | E
  FTerminaterId | 终止人 | baseDataId | E
  FTerminateDate | 终止日期 | datetime | E
  FBaseDeliJoinQty | 关联发货通知数量(销售基本) | decimal | E
  FRemainOutQty | 剩余未出数量(销售) | decimal | E
  FBaseInvoiceJoinQty | 关联开票数量(基本)(作废) | decimal | E
  FInvoiceJoinQty | 关联开票数量(作废) | decimal | E
  FBasePurJoinQty | 关联采购/生产数量(销售基本) | decimal | E
  FPurJoinQty | 关联采购/生产数量 | decimal | E
  FReceiptOrgId | 收款组织 | baseDataId | H
  FSettleOrgIds | 结算组织 | baseDataId | E
  FAmount | 金额 | decimal | E
  FEntryNote | 备注 | string | E
  FQty | 销售数量 | decimal | E
  FLimitDownPrice | 最低限价 | decimal | E
  FSysPrice | 系统定价 | decimal | E
  FStockOrgId | 库存组织 | baseDataId | E
  FBaseUnitId | 基本单位 | baseDataId | E
  FChangeFlag | 变更标志 | enum | E
  FMapId | 客户物料编码 | baseDataId | E
  FOwnerTypeId | 货主类型 | enum | E
  FOwnerId | 货主 | baseDataId | E
  FIsFree | 是否赠品 | boolean | E
  FLOCKQTY | 锁库/预留数量(库存单位) | decimal | E
  FLOCKFLAG | 锁库/预留标识 | boolean | E
  FProduceDate | 生产日期 | datetime | E
  FExpiryDate | 有效期至 | datetime | E
  FExpUnit | 保质期单位 | enum | E
  FExpPeriod | 保质期 | integer | E
  FMaterialIsProduce | 物料允许生产属性 | boolean | E
  FTaxCombination | 税组合 | baseDataId | E
  FLot | 批号 | baseDataId | E
  FMapName | 客户物料名称 | string | E
  FAuxPropId | 辅助属性 | baseDataId | E
  FReturnType | 退补类型 | enum | E
  FDeliveryDate | 要货日期 | datetime | E
  FSrcType | 源单类型 | string | E
  FSrcBillNo | 源单编号 | string | E
  FBaseDeliveryMaxQty | 发货上限(基本) | decimal | E
  FBaseDeliveryMinQty | 发货下限(基本) | decimal | E
  FOEMInStockJoinQty | 关联受托材料入库套数 | decimal | E
  FBaseOEMInStockJoinQty | 关联受托材料入库套数(库存基本) | decimal | E
  FBaseARJoinQty | 关联应收数量(计价基本) | decimal | E
  FIsReturn | 物料允许退货属性 | boolean | E
  FBFLowId | 业务流程 | string | E
  FIsInventory | 物料允许库存属性 | boolean | E
  FARJOINAMOUNT | 关联应收金额 | decimal | E
  FBaseRemainOutQty | 剩余未出数量(销售基本) | decimal | E
  FMaterialIsSubContract | 物料允许委外属性 | boolean | E
  FCanOutQty | 可出数量(销售) | decimal | E
  FBaseCanOutQty | 可出数量(销售基本) | decimal | E
  FCanReturnQty | 可退数量(销售) | decimal | E
  FBaseCanReturnQty | 可退数量(销售基本) | decimal | E
  FMtoNo | 计划跟踪号 | string | E
  FPriority | 需求优先级 | integer | E
  FReserveType | 预留类型 | enum | E
  FMinPlanDeliveryDate | 计划交货日期 | datetime | E
  FDeliveryStatus | 发货状态 | enum | E
  FOldQty | 原数量 | decimal | E
  FPromotionMatchType | 促销匹配类型 | enum | E
  FPriceListEntry | 行价目表 | baseDataId | E
  FSupplyOrgId | 供应组织 | baseDataId | E
  FNetOrderEntryId | 供应商协同平台订单分录ID | integer | E
  FPriceBaseQty | 计价基本数量 | decimal | E
  FSetPriceUnitID | 定价单位 | baseDataId | E
  FStockUnitID | 库存单位 | baseDataId | E
  FStockQty | 库存数量 | decimal | E
  FStockBaseQty | 库存基本数量 | decimal | E
  FStockBaseCanOutQty | 可出数量(库存基本) | decimal | E
  FStockBaseCanReturnQty | 可退数量(库存基本) | decimal | E
  FStockBaseARJoinQty | 关联应收数量(库存基本) | decimal | E
  FStockBasePurJoinQty | 关联采购/生产数量(库存基本) | decimal | E
  FSalBaseNum | 源单基本分子 | decimal | E
  FStockBaseDen | 库存基本分母 | decimal | E
  FSRCBIZUNITID | 携带主单位 | baseDataId | E
  FPurBaseQty | 采购基本数量 | decimal | E
  FPurUnitID | 采购单位 | baseDataId | E
  FPurQty | 采购数量 | decimal | E
  FSalBaseARJoinQty | 关联应收数量(销售基本) | decimal | E
  FOUTLMTUNIT | 超发控制单位类型 | enum | E
  FOutLmtUnitID | 超发控制单位 | baseDataId | E
  FCONSIGNSETTQTY | 寄售结算数量 | decimal | E
  FCONSIGNSETTBASEQTY | 寄售结算数量(销售基本) | decimal | E
  FLeftQty | 待锁库/待预留数量(库存单位) | decimal | E
  FRowType | 产品类型 | enum | E
  FParentMatId | 父项产品 | baseDataId | E
  FRowId | 行标识 | string | E
  FParentRowId | 父行标识 | string | E
  FInStockPrice | 最新采购入库价 | decimal | E
  FSOStockId_FNumber | 明细仓库 | string | E | FSOStockId.FNumber
  FSOStockLocalId | 仓位 | integer | E
  FPurPriceUnitId | 采购计价单位 | baseDataId | E
  FISMRP | 已计划运算 | boolean | E
  FBarcode | 零售条形码 | string | E
  FBranchId | 发货门店 | baseDataId | E
  FRetailSaleProm | 是否零售促销 | boolean | E
  FBASEFINARQTY | 先开票数量(计价基本) | decimal | E
  FSALBASEFINARQTY | 先开票数量(销售基本) | decimal | E
  FEntryDiscountList | 行折扣表 | baseDataId | E
  FPriceDiscount | 单价折扣 | decimal | E
  FSettleCurrId | 结算币别 | baseDataId | H
  FSPMENTRYID | 促销政策ID | integer | E
  FSPMANDRPMCONTENT | 促销内容 | string | E
  FBillAllAmount | 整单价税合计 | decimal | H
  FLINKMAN | 收货人姓名 | string | H
  FLINKPHONE | 联系电话 | string | H
  F_hesh_Discount | 产品折扣额 | decimal | E
  FSalerId_FName | 销售员名称 | string | H | FSalerId.FName
  FSaleDeptId_FName | 销售部门名称 | string | H | FSaleDeptId.FName
  FVersionNo | 版本号 | string | H
`;

/** Every sales-order field of the seed, typed, header or entry. */
export const salesOrderFields: readonly KingdeeField[] = parseFieldSpec(SPEC, 'FSaleOrderEntry');

/** Paging and filter parameters of ExecuteBillQuery / BillQuery (the seed's query template). */
export const billQueryParams: readonly KingdeeField[] = [
  {
    key: 'FormId',
    fieldKey: 'FormId',
    label: '业务对象表单Id',
    type: 'string',
    level: 'param',
    description: 'Form id, e.g. SAL_SaleOrder (required).',
  },
  {
    key: 'FieldKeys',
    fieldKey: 'FieldKeys',
    label: '需查询的字段key集合',
    type: 'string',
    level: 'param',
    description:
      'Comma-separated field keys; entry id as FSaleOrderEntry_FEntryID, base-data properties as FCustId.FNumber.',
  },
  {
    key: 'FilterString',
    fieldKey: 'FilterString',
    label: '过滤条件',
    type: 'string',
    level: 'param',
    description: "SQL-like filter, e.g. FDocumentStatus = 'C' AND FModifyDate >= '2025-01-01T00:00:00' (Beijing time).",
  },
  {
    key: 'OrderString',
    fieldKey: 'OrderString',
    label: '排序',
    type: 'string',
    level: 'param',
    description: 'SQL-like order; qiao appends the primary keys so pages are stable.',
  },
  {
    key: 'TopRowCount',
    fieldKey: 'TopRowCount',
    label: '返回总行数',
    type: 'integer',
    level: 'param',
    description: 'Absolute row cap before paging; qiao sends 0 (unlimited).',
  },
  {
    key: 'StartRow',
    fieldKey: 'StartRow',
    label: '开始行索引',
    type: 'integer',
    level: 'param',
    description: 'Zero-based row offset of the page.',
  },
  {
    key: 'Limit',
    fieldKey: 'Limit',
    label: '最大行数',
    type: 'integer',
    level: 'param',
    description: 'Page size, at most 10000 (older servers 2000).',
  },
  {
    key: 'SubSystemId',
    fieldKey: 'SubSystemId',
    label: '子系统Id',
    type: 'string',
    level: 'param',
    description: 'Optional.',
  },
];
