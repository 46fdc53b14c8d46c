import { z } from 'zod';
import type { CatalogOperation, Connector, ConnectorDeps } from './connector.js';
import { kingdeeConnectorType } from './kingdee/kingdee.connector.js';
import { okkiConnectorType } from './okki/okki.connector.js';

/** One connection of qiao.yaml; `type` picks the connector. */
export const connectionSchema = z
  .discriminatedUnion('type', [kingdeeConnectorType.configSchema, okkiConnectorType.configSchema])
  .describe('A connection: type kingdee or okki.');
export type ConnectionConfig = z.infer<typeof connectionSchema>;

/** The explicit list of connector types (no directory scanning): add a vendor here and in connectionSchema. */
export function createConnector(name: string, config: ConnectionConfig, deps: ConnectorDeps = {}): Connector {
  switch (config.type) {
    case 'kingdee':
      return kingdeeConnectorType.create(name, config, deps);
    case 'okki':
      return okkiConnectorType.create(name, config, deps);
  }
}

/** Every connector operation with its fields and Chinese labels (the API catalog). */
export function connectorCatalog(): CatalogOperation[] {
  return [...kingdeeConnectorType.catalog, ...okkiConnectorType.catalog];
}

/** The read and write operations of every connector type, for scheme validation (`source.api`, `target.api`). */
export function connectorOperations(): Record<string, { read: readonly string[]; write: readonly string[] }> {
  return Object.fromEntries(
    [kingdeeConnectorType, okkiConnectorType].map((t) => [
      t.type,
      { read: t.readOperations, write: t.writeOperations },
    ]),
  );
}
