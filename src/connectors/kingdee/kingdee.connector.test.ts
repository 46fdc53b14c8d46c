import { describeConnector } from '../connector.conformance.js';
import type { ConnectorDeps } from '../connector.js';
import { kingdeeConnectorType } from './kingdee.connector.js';
import type { KingdeeConnectionInput } from './kingdee.config.js';
import { startKingdeeSimulator } from './simulator/kingdee-simulator.js';

describeConnector('Kingdee (simulator)', async () => {
  const sim = await startKingdeeSimulator({ seed: 11, orders: 5 });
  const { acctId, lcid, user, password } = sim.credentials;
  const config = (secret: string): KingdeeConnectionInput => ({
    type: 'kingdee',
    baseUrl: sim.url,
    acctId,
    lcid,
    auth: { method: 'password', username: user, password: secret },
  });
  const connect = (deps: ConnectorDeps, secret = password) =>
    kingdeeConnectorType.create('kingdee', config(secret), deps);
  return {
    connect,
    connectWithBadCredentials: () => connect({}, 'not-the-password'),
    read: {
      operation: 'ExecuteBillQuery',
      params: {
        FormId: 'BD_Customer',
        FieldKeys: ['FCUSTID', 'FNumber', 'FName'],
        FilterString: "FNumber LIKE 'CUST000%'",
        OrderString: 'FNumber ASC',
        Limit: 1,
      },
    },
    write: {
      operation: 'Save',
      params: { FormId: 'BD_Customer' },
      idField: 'FID',
      payload: (key, revision) => ({ FNumber: key, FName: `Conformance ${key}`, FShortName: `revision ${revision}` }),
    },
    // findWritten always answers null: a Save that carries its FID overwrites, so a repeat is safe.
    // The connector does not put previousIds.FID into the Model, so a repeated Save of a new
    // document's number is refused as a duplicate unless the mapping itself carries the FID.
    capabilities: { pagedReads: true, findsWritten: false, updatesByPreviousIds: false },
    close: () => sim.close(),
  };
});
