import type { WriteContext, WriteResult } from '../../connector.js';
import type { OkkiClient } from '../client/okki-client.js';
import type { OkkiListParams } from '../okki.types.js';
import type { MappedPayload } from './payload-fields.js';

/**
 * One OKKI business object as the connector offers it: `<objects>.list` reads through `read`,
 * `<objects>.push` writes through `write`; `findWritten` answers whether a push whose outcome was
 * unknown landed, and `lookup` serves target lookups by the object's keys. The connector is a
 * table over these.
 */
export interface OkkiObject {
  read?(client: OkkiClient, params: OkkiListParams): AsyncIterable<Record<string, unknown>>;
  write(client: OkkiClient, payload: MappedPayload, context: WriteContext): Promise<WriteResult>;
  findWritten?(client: OkkiClient, payload: MappedPayload, context: WriteContext): Promise<WriteResult | null>;
  lookup?(client: OkkiClient, query: MappedPayload, field: string): Promise<unknown>;
}
