/** Kingdee K/3Cloud (金蝶云星空) WebAPI connector: client, configuration, errors and field catalogs. */
export { KingdeeClient } from './client/kingdee-client.js';
export type {
  KingdeeCallOptions,
  KingdeeSaveResult,
  KingdeeStreamOptions,
  KingdeeTargets,
} from './client/kingdee-client.js';
export type { KingdeeCallEvent, KingdeeClientDeps } from './client/kingdee-caller.js';
export { kingdeeAuthSchema, kingdeeConnectionSchema, kingdeeSecrets } from './kingdee.config.js';
export type { KingdeeAuthConfig, KingdeeConnectionConfig, KingdeeConnectionInput } from './kingdee.config.js';
export { classifyKingdeeFailure, isSessionLost, KingdeeError, kingdeeErrorRules } from './kingdee-errors.js';
export type {
  KingdeeErrorItem,
  KingdeeErrorRule,
  KingdeeFailureFacts,
  KingdeeFailureSource,
} from './kingdee-errors.js';
export type { KingdeeOperationResult } from './client/kingdee-operation-result.js';
export { parseKingdeeReply } from './client/kingdee-response.js';
export type { KingdeeReply, KingdeeResponseStatus, KingdeeSuccessEntity } from './client/kingdee-response.js';
export { fullServiceName, isWriteService, KingdeeServices } from './client/kingdee-services.js';
export { buildSignatureHeaders, loginBySignSign } from './client/kingdee-signature.js';
export { MAX_PAGE_SIZE, stableOrderString } from './client/kingdee-bill-query.js';
export type { KingdeeBillQuery, KingdeeFilterCondition } from './client/kingdee-bill-query.js';
export type { KingdeeLoginInfo } from './client/kingdee-session.js';
export type { FetchLike } from './client/kingdee-transport.js';
export { uniqueKeysFor } from './catalog/kingdee-form-keys.js';
export type { KingdeeField, KingdeeFieldType } from './catalog/kingdee-field.js';
export { billQueryParams, salesOrderFields } from './catalog/sales-order.catalog.js';
export { customerFields, materialFields, receiveBillFields } from './catalog/base-data.catalog.js';
export { kingdeeCatalog } from './catalog/kingdee.catalog.js';
