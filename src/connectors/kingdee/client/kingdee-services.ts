const DYNAMIC_FORM = 'Kingdee.BOS.WebApi.ServicesStub.DynamicFormService';
const AUTH = 'Kingdee.BOS.WebApi.ServicesStub.AuthService';

/** Full service names of the WebAPI (POSTed as `{baseUrl}{name}.common.kdsvc`). */
export const KingdeeServices = {
  ValidateUser: `${AUTH}.ValidateUser`,
  LoginByAppSecret: `${AUTH}.LoginByAppSecret`,
  LoginBySign: `${AUTH}.LoginBySign`,
  Logout: `${AUTH}.Logout`,
  GetDataCenterList: 'Kingdee.BOS.ServiceFacade.ServicesStub.Account.AccountService.GetDataCenterList',
  ExecuteBillQuery: `${DYNAMIC_FORM}.ExecuteBillQuery`,
  BillQuery: `${DYNAMIC_FORM}.BillQuery`,
  View: `${DYNAMIC_FORM}.View`,
  Save: `${DYNAMIC_FORM}.Save`,
  BatchSave: `${DYNAMIC_FORM}.BatchSave`,
  Submit: `${DYNAMIC_FORM}.Submit`,
  Audit: `${DYNAMIC_FORM}.Audit`,
  UnAudit: `${DYNAMIC_FORM}.UnAudit`,
  Delete: `${DYNAMIC_FORM}.Delete`,
  /** Misspelled on the server (sic), as documented. */
  ExcuteOperation: `${DYNAMIC_FORM}.ExcuteOperation`,
  QueryBusinessInfo: `${DYNAMIC_FORM}.QueryBusinessInfo`,
} as const;

/** Services that change data: a lost reply leaves their outcome unknown. */
const WRITE_METHODS = new Set([
  'save',
  'batchsave',
  'draft',
  'submit',
  'audit',
  'unaudit',
  'delete',
  'cancelassign',
  'excuteoperation',
  'executeoperation',
  'push',
  'allocate',
  'cancelallocate',
  'workflowaudit',
  'groupsave',
  'groupdelete',
  'flexsave',
  'disassembly',
  'sendmsg',
  'attachmentupload',
]);

/** Whether `service` (full name) changes data. Unknown custom services count as writes, to be safe. */
export function isWriteService(service: string): boolean {
  if (service.includes(',')) return true;
  const method = service.split('.').pop()!.toLowerCase();
  if (
    method.startsWith('query') ||
    method.endsWith('query') ||
    method === 'view' ||
    method.startsWith('get') ||
    method.startsWith('login') ||
    method.startsWith('validateuser') ||
    method === 'logout'
  )
    return false;
  return WRITE_METHODS.has(method) || !service.startsWith('Kingdee.BOS.');
}

/**
 * Expands a short name to a full service name: `Save` → DynamicFormService.Save,
 * `AuthService.Logout` → Kingdee.BOS.WebApi.ServicesStub.AuthService.Logout. Full names (and
 * customer services `Namespace.Class.Method,Assembly`) pass through.
 */
export function fullServiceName(service: string): string {
  const name = service.trim().replace(/\.common\.kdsvc$/i, '');
  if (name.startsWith('Kingdee.') || name.includes(',')) return name;
  if (!name.includes('.')) return `${DYNAMIC_FORM}.${name}`;
  if (/^(DynamicFormService|AuthService)\./.test(name)) return `Kingdee.BOS.WebApi.ServicesStub.${name}`;
  return name;
}
