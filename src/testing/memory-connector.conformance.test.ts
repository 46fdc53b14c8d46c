import { ConfigError } from '../core/errors.js';
import { describeConnector } from '../connectors/connector.conformance.js';
import { createMemoryConnector, MEMORY_READ_OPERATION, MEMORY_WRITE_OPERATION } from './memory-connector.js';

describeConnector('in-memory', async () => {
  const rows = {
    orders: [
      { no: 'A', qty: 1 },
      { no: 'B', qty: 2 },
      { no: 'C', qty: 3 },
    ],
  };
  return {
    // No vendor behind it, so there are no calls to report to deps.onCall (pagedReads: false).
    connect: () => createMemoryConnector('memory', { rows }),
    connectWithBadCredentials: () =>
      createMemoryConnector('memory', {
        checkError: new ConfigError('The memory target refuses these credentials', { code: 'memory.auth_failed' }),
      }),
    read: { operation: MEMORY_READ_OPERATION, params: { table: 'orders' } },
    write: {
      operation: MEMORY_WRITE_OPERATION,
      params: {},
      idField: 'id',
      payload: (key, revision) => ({ order_no: key, revision }),
    },
    capabilities: { pagedReads: false, findsWritten: true, updatesByPreviousIds: true },
    close: async () => undefined,
  };
});
