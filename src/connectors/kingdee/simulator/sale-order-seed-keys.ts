/**
 * The query keys of the seed scheme's 销售订单查询 table (184 field columns), written as FieldKeys: the
 * integration platform's `FCustId_FNumber` column names are `FCustId.FNumber` on the wire.
 */
export const SEED_SALE_ORDER_KEYS: readonly string[] = [
  'FSaleOrderEntry_FEntryID', 'FID', 'FBillNo', 'FDocumentStatus', 'FSaleOrgId.FNumber', 'FDate', 'FCustId.FNumber',
  'FCustId.FName', 'FSaleDeptId.Fnumber', 'FSaleGroupId', 'FSalerId.FNumber', 'FReceiveId', 'FSettleId', 'FSettleAddress',
  'FChargeId', 'FCreatorId', 'FCreateDate', 'FModifierId', 'FModifyDate', 'FApproverId', 'FApproveDate', 'FCloseStatus',
  'FCloserId', 'FCloseDate', 'FCancelStatus', 'FCancellerId', 'FCancelDate', 'FExchangeRate', 'FChangerId', 'FChangeDate',
  'FChangeReason', 'FBillTypeID.Fnumber', 'FBusinessType', 'FHeadDeliveryWay', 'FReceiveAddress', 'FHEADLOCID.FADDRESS',
  'FHEADLOCID.FTCONTACT', 'FHEADLOCID.FTEL', 'FReceiveContact', 'FNote', 'FSignStatus', 'FManualClose', 'FSOFrom',
  'FMaterialId.Fnumber', 'FMaterialName', 'FMaterialModel', 'FMaterialType', 'FUnitID.Fnumber', 'FPrice', 'FTaxPrice', 'FBomId',
  'FPriceUnitId', 'FPriceUnitQty', 'FPriceCoefficient', 'FDiscountRate', 'FDiscount', 'FEntryTaxRate', 'FEntryTaxAmount',
  'FAllAmount', 'FTaxNetPrice', 'FBaseUnitQty', 'FDeliveryControl', 'FDeliveryMaxQty', 'FDeliveryMinQty', 'FTransportLeadTime1',
  'FBefDisAllAmt', 'FBefDisAmt', 'FTaxAmount_LC', 'FAmount_LC', 'FAllAmount_LC', 'FMrpCloseStatus', 'FMrpFreezeStatus',
  'FFreezerId', 'FFreezeDate', 'FMrpTerminateStatus', 'FTerminaterId', 'FTerminateDate', 'FBaseDeliJoinQty', 'FRemainOutQty',
  'FBaseInvoiceJoinQty', 'FInvoiceJoinQty', 'FBasePurJoinQty', 'FPurJoinQty', 'FReceiptOrgId', 'FSettleOrgIds', 'FAmount',
  'FEntryNote', 'FQty', 'FLimitDownPrice', 'FSysPrice', 'FStockOrgId', 'FBaseUnitId', 'FChangeFlag', 'FMapId', 'FOwnerTypeId',
  'FOwnerId', 'FIsFree', 'FLOCKQTY', 'FLOCKFLAG', 'FProduceDate', 'FExpiryDate', 'FExpUnit', 'FExpPeriod', 'FMaterialIsProduce',
  'FTaxCombination', 'FLot', 'FMapName', 'FAuxPropId', 'FReturnType', 'FDeliveryDate', 'FSrcType', 'FSrcBillNo',
  'FBaseDeliveryMaxQty', 'FBaseDeliveryMinQty', 'FOEMInStockJoinQty', 'FBaseOEMInStockJoinQty', 'FBaseARJoinQty', 'FIsReturn',
  'FBFLowId', 'FIsInventory', 'FARJOINAMOUNT', 'FBaseRemainOutQty', 'FMaterialIsSubContract', 'FCanOutQty', 'FBaseCanOutQty',
  'FCanReturnQty', 'FBaseCanReturnQty', 'FMtoNo', 'FPriority', 'FReserveType', 'FMinPlanDeliveryDate', 'FDeliveryStatus',
  'FOldQty', 'FPromotionMatchType', 'FPriceListEntry', 'FSupplyOrgId', 'FNetOrderEntryId', 'FPriceBaseQty', 'FSetPriceUnitID',
  'FStockUnitID', 'FStockQty', 'FStockBaseQty', 'FStockBaseCanOutQty', 'FStockBaseCanReturnQty', 'FStockBaseARJoinQty',
  'FStockBasePurJoinQty', 'FSalBaseNum', 'FStockBaseDen', 'FSRCBIZUNITID', 'FPurBaseQty', 'FPurUnitID', 'FPurQty',
  'FSalBaseARJoinQty', 'FOUTLMTUNIT', 'FOutLmtUnitID', 'FCONSIGNSETTQTY', 'FCONSIGNSETTBASEQTY', 'FLeftQty', 'FRowType',
  'FParentMatId', 'FRowId', 'FParentRowId', 'FInStockPrice', 'FSOStockId.FNumber', 'FSOStockLocalId', 'FPurPriceUnitId',
  'FISMRP', 'FBarcode', 'FBranchId', 'FRetailSaleProm', 'FBASEFINARQTY', 'FSALBASEFINARQTY', 'FEntryDiscountList',
  'FPriceDiscount', 'FSettleCurrId', 'FSPMENTRYID', 'FSPMANDRPMCONTENT', 'FBillAllAmount', 'FLINKMAN', 'FLINKPHONE',
  'F_hesh_Discount', 'FSalerId.FName', 'FSaleDeptId.FName', 'FVersionNo',
];
