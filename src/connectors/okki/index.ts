/** Public entry of the Xiaoman OKKI CRM connector. */
export { OkkiClient, type OkkiClientDeps } from './client/okki-client.js';
export {
  okkiConnectionSchema,
  OKKI_DEFAULT_SCOPES,
  type OkkiConnectionConfig,
  type OkkiConnectionInput,
} from './okki.config.js';
export {
  OkkiError,
  okkiErrorRules,
  classifyOkkiFailure,
  parseRetryAfter,
  type OkkiFailure,
  type OkkiErrorRule,
} from './okki-errors.js';
export { okkiCatalog, ORDER_PUSH_FIELDS } from './catalog/order.catalog.js';
export {
  compareOrderLines,
  okkiIdString,
  type DroppedLine,
  type MergedLine,
  type OrderLineReport,
} from './objects/order-lines.js';
export {
  OKKI_FIELD_ENDPOINTS,
  toOkkiFieldModule,
  type OkkiFieldModule,
  type CustomFieldQuery,
} from './client/custom-field-resolver.js';
export type { OkkiCallEvent, OkkiRequest } from './client/okki-transport.js';
export type * from './okki.types.js';
