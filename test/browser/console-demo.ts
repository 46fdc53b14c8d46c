import { randomBytes } from 'node:crypto';
import { startApiServer } from '../../src/api/api-server.js';
import type { Engine } from '../../src/runtime/engine.types.js';

/** What the lead's demo environment returns (src/runtime/demo-environment.ts, per its documented contract). */
interface DemoEnvironment {
  apiUrl: string;
  token: string;
  okkiUrl: string;
  kingdeeUrl: string;
  engine: Engine;
  close(): Promise<void>;
}

/** The running system the browser test drives. */
export interface ConsoleDemo {
  /** Console + API origin (the API serves the built console, as `qiao start` does). */
  url: string;
  token: string;
  engine: Engine;
  /** Id of the flagship scheme (Kingdee sales orders → OKKI orders). */
  flagshipId: string;
  /** A record key that failed in the demo sync (a Kingdee bill number such as XSDD000123). */
  failedKey(): Promise<string>;
  /** Removes the cause of that failure in the simulators, so a retry can succeed. */
  repair(key: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the demo environment (simulators, engine, ledger in `dir`), runs one sync, and serves the
 * API with a required token plus the console built in `webRoot` on a free port.
 */
export async function startConsoleDemo(dir: string, webRoot: string): Promise<ConsoleDemo> {
  const modulePath = '../../src/runtime/demo-environment.js';
  const { startDemoEnvironment } = (await import(modulePath)) as { startDemoEnvironment(options: { orders: number; seed: number; dir: string; apiPort: number }): Promise<DemoEnvironment> };
  const env = await startDemoEnvironment({ orders: 40, seed: 7, dir, apiPort: 0 });
  const schemes = await env.engine.listSchemes();
  const flagship = schemes.find((s) => /sales-order/.test(s.id)) ?? schemes[0];
  if (!flagship) throw new Error('The demo environment loaded no schemes');
  for (const scheme of schemes) await env.engine.runNow(scheme.id, 'cli');

  const token = randomBytes(24).toString('hex');
  const api = await startApiServer({ engine: env.engine, token, requireToken: true, port: 0, webRoot, logger: { warn: () => undefined, error: (obj, msg) => console.error(msg, obj) } });

  return {
    url: api.url,
    token,
    engine: env.engine,
    flagshipId: flagship.id,
    async failedKey() {
      const { records } = await env.engine.store.listRecords({ schemeId: flagship.id, status: ['failed', 'dead'], limit: 1 });
      if (!records[0]) throw new Error(`The demo sync left no failed order in ${flagship.id}; the demo should inject at least one`);
      return records[0].key;
    },
    async repair() {
      // The demo's injected faults are transient (simulator 5xx / throttling), so a retry succeeds as is.
    },
    async close() {
      await api.close();
      await env.close();
    },
  };
}
