import type { CatalogOperation } from '../../connector.js';
import { customerFields, materialFields, receiveBillFields } from './base-data.catalog.js';
import type { KingdeeField } from './kingdee-field.js';
import { KingdeeServices } from '../client/kingdee-services.js';
import { billQueryParams, salesOrderFields } from './sales-order.catalog.js';

type Field = CatalogOperation['requestFields'][number];

const toField = (f: KingdeeField): Field => ({
  key: f.fieldKey,
  label: f.label,
  type: f.type,
  description: [
    f.level === 'entry' ? `entry field (${f.entity})` : f.level === 'header' ? 'header field' : undefined,
    f.key !== f.fieldKey ? `scheme name ${f.key}` : undefined,
    f.description,
  ]
    .filter(Boolean)
    .join('; '),
});

const pathOf = (service: string): string => `/${service}.common.kdsvc`;
const field = (key: string, label: string, type: string, description?: string): Field => ({
  key,
  label,
  type,
  description,
});

const statusFields: Field[] = [
  field('Result.ResponseStatus.IsSuccess', '是否成功', 'boolean'),
  field(
    'Result.ResponseStatus.MsgCode',
    '消息代码',
    'integer',
    '0 ok, 1 session lost, 4 exception/unknown form, 9 unknown field, 11 validation, 13 network control, 14 call limit',
  ),
  field('Result.ResponseStatus.Errors', '错误', 'array', '{FieldName, Message, DIndex}'),
  field('Result.ResponseStatus.SuccessEntitys', '成功实体', 'array', '{Id, Number, DIndex}'),
];
const targetFields: Field[] = [
  field('formid', '业务对象表单Id', 'string'),
  field('data.Numbers', '单据编号集合', 'array'),
  field('data.Ids', '单据内码集合', 'string', 'comma-separated'),
  field('data.CreateOrgId', '创建者组织内码', 'integer'),
];

function query(formId: string, label: string, fields: readonly KingdeeField[]): CatalogOperation {
  return {
    connector: 'kingdee',
    operation: `executeBillQuery.${formId}`,
    label,
    method: 'POST',
    path: pathOf(KingdeeServices.ExecuteBillQuery),
    requestFields: billQueryParams.map(toField),
    responseFields: fields.map(toField),
  };
}

function op(
  operation: string,
  label: string,
  service: string,
  requestFields: Field[],
  responseFields: Field[] = statusFields,
): CatalogOperation {
  return {
    connector: 'kingdee',
    operation,
    label,
    method: 'POST',
    path: pathOf(service),
    requestFields,
    responseFields,
  };
}

/** Kingdee operations with their request/response fields, for the API catalog page. */
export const kingdeeCatalog: CatalogOperation[] = [
  query('SAL_SaleOrder', '销售订单查询', salesOrderFields),
  query('BD_Customer', '客户查询', customerFields),
  query('BD_MATERIAL', '物料查询', materialFields),
  query('AR_RECEIVEBILL', '收款单查询', receiveBillFields),
  op('billQuery', '单据查询(json)', KingdeeServices.BillQuery, billQueryParams.map(toField), [
    field('<FieldKey>', '按 FieldKeys 命名的值', 'object'),
  ]),
  op(
    'view',
    '查看',
    KingdeeServices.View,
    [
      field('formid', '业务对象表单Id', 'string'),
      field('data.Number', '单据编号', 'string'),
      field('data.Id', '单据内码', 'string'),
    ],
    [...statusFields, field('Result.Result', '单据数据', 'object')],
  ),
  op(
    'save',
    '保存',
    KingdeeServices.Save,
    [
      field('formid', '业务对象表单Id', 'string'),
      field('data.Model', '表单数据包', 'object', 'FID 0 creates, FID n updates'),
      field('data.NeedUpDateFields', '需要更新的字段', 'array'),
      field('data.NeedReturnFields', '需返回结果的字段', 'array'),
      field('data.IsDeleteEntry', '是否删除已存在的分录', 'boolean'),
    ],
    [
      ...statusFields,
      field('Result.Id', '单据内码', 'integer'),
      field('Result.Number', '单据编号', 'string'),
      field('Result.NeedReturnData', '返回数据', 'array'),
    ],
  ),
  op(
    'batchSave',
    '批量保存',
    KingdeeServices.BatchSave,
    [
      field('formid', '业务对象表单Id', 'string'),
      field('data.Model', '表单数据包数组', 'array'),
      field('data.BatchCount', '服务端开启的线程数', 'integer'),
    ],
    [...statusFields, field('Result.NeedReturnData', '返回数据', 'array')],
  ),
  op('submit', '提交', KingdeeServices.Submit, targetFields),
  op('audit', '审核', KingdeeServices.Audit, targetFields),
  op('unAudit', '反审核', KingdeeServices.UnAudit, targetFields),
  op('delete', '删除', KingdeeServices.Delete, targetFields),
  op('executeOperation', '操作接口', KingdeeServices.ExcuteOperation, [
    field('opNumber', '操作编码', 'string', 'Forbid, Enable, Cancel, UnCancel, BillClose, BillUnClose…'),
    ...targetFields,
  ]),
  op(
    'queryBusinessInfo',
    '元数据查询',
    KingdeeServices.QueryBusinessInfo,
    [field('data.FormId', '业务对象表单Id', 'string')],
    [...statusFields, field('Result.NeedReturnData', '元数据', 'object')],
  ),
  op(
    'getDataCenterList',
    '数据中心列表',
    KingdeeServices.GetDataCenterList,
    [],
    [field('Id', '数据中心ID', 'string'), field('Number', '编码', 'string'), field('Name', '名称', 'string')],
  ),
];
