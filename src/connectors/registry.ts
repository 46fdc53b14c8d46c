import type { ConnectionConfig } from '../core/config/qiao-config.schema.js';
import type { ApiCallEvent, Connector } from './connector.js';
import { createKingdeeConnector } from './adapters/kingdee.adapter.js';
import { createOkkiConnector } from './adapters/okki.adapter.js';
import { kingdeeCatalog } from './kingdee/index.js';
import { okkiCatalog } from './okki/index.js';
import type { CatalogOperation } from '../runtime/engine.types.js';

export interface ConnectorDeps {
  /** Called after every vendor call (metrics). */
  onCall?: (event: ApiCallEvent) => void;
  logger?: { warn?: (obj: object, msg?: string) => void; info?: (obj: object, msg?: string) => void; debug?: (obj: object, msg?: string) => void };
}

/** The explicit list of connector types (no directory scanning). */
export function createConnector(name: string, config: ConnectionConfig, deps: ConnectorDeps = {}): Connector {
  const onCall = (operation: string, durationMs: number, ok: boolean, errorCode?: string) => deps.onCall?.({ connection: name, operation, durationMs, ok, errorCode });
  switch (config.type) {
    case 'kingdee':
      return createKingdeeConnector(name, config, {
        logger: deps.logger as never,
        onCall: (e) => onCall(e.service, e.durationMs, e.ok, e.errorCode),
      });
    case 'okki':
      return createOkkiConnector(name, config, {
        logger: deps.logger as never,
        onCall: (e) => onCall(e.operation, e.durationMs, e.ok, e.errorCode),
      });
  }
}

/** Every connector operation with its fields and Chinese labels (the API catalog). */
export function connectorCatalog(): CatalogOperation[] {
  return [...kingdeeCatalog, ...okkiCatalog];
}
