import type { Connector } from '../connectors/connector.js';
import type { ConnectionBreaker } from './connection-breaker.js';

/**
 * The connector with every single call (write, findWritten, lookup, customFieldId, call, check)
 * going through the connection's breaker. Reads are passed through: a read streams many pages
 * under the client's own page retries, and is not one call the breaker could count or refuse.
 * A plain object, so that a benchmark may still swap one method.
 */
export function guardConnector(connector: Connector, breaker: ConnectionBreaker): Connector {
  return {
    name: connector.name,
    type: connector.type,
    readOperations: connector.readOperations,
    writeOperations: connector.writeOperations,
    check: () => breaker.execute(() => connector.check()),
    read: (operation, params, signal) => connector.read(operation, params, signal),
    write: (operation, payload, context) => breaker.execute(() => connector.write(operation, payload, context)),
    findWritten: (operation, payload, context) =>
      breaker.execute(() => connector.findWritten(operation, payload, context)),
    lookup: (object, query, field) => breaker.execute(() => connector.lookup(object, query, field)),
    customFieldId: (module, displayName) => breaker.execute(() => connector.customFieldId(module, displayName)),
    call: (operation, params) => breaker.execute(() => connector.call(operation, params)),
    close: () => connector.close(),
  };
}
