/**
 * A Kingdee K/3Cloud WebAPI simulator (reference: shared/reference/kingdee-webapi.md), over real HTTP.
 *
 * Choices where the reference is UNCERTAIN (all switchable through the options):
 * - Audit needs a submitted bill (`write.auditRequiresSubmit`); audit/close/cancel leave FModifyDate alone
 *   (`write.auditTouchesModifyDate`, `write.stateOpsTouchModifyDate`), so incremental readers must OR
 *   FApproveDate/FChangeDate/FCloseDate as the reference recommends.
 * - Save on an audited order fails with MsgCode 11 (`write.allowSaveAudited` turns it into a change
 *   after audit); changes after audit arrive through changeOrdersAfterAudit / POST /__admin/change-orders.
 *   FChangeFlag: 'A' added line, 'B' modified line, ' ' unchanged; FVersionNo '000' → '001' → ….
 * - Limit above 10000 is clamped (`query.limitOverflow: 'error'` answers MsgCode 8); Limit 0 = all rows.
 * - A bad FilterString answers MsgCode 8; fields from two entry entities in one query answer MsgCode 4.
 * - BillQuery errors are a plain `{Result:{ResponseStatus}}` object; ExecuteBillQuery wraps them `[[…]]`.
 * - View without a session answers `{"Result":{}}` (`viewWithoutSession: 'sessionLost'` for MsgCode 1).
 * - X-Api-Signature (gateway) is not verified unless `auth.verifyApiSignature`; X-Kd-Signature always is.
 * - `FCustId_FNumber` is accepted as an alias of `FCustId.FNumber` (`query.underscoreRefKeys`).
 * Not simulated: ValidateUserEnDeCode, LoginBySimplePassport, Push, attachments, async (BeginQueryImpl) calls
 * — they answer `response_error: … no found.` like a server without them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createRandom } from '../../simulator-kit/master-data.js';
import { BillQueryEngine, type BillQueryOptions } from './bill-query.js';
import { beijingNow, formatPlainDateTime } from './sim-clock.js';
import { changeOrdersAfterAudit, type ChangeRequest } from './sim-change.js';
import { plantDirtyValue, type DirtyValue } from './sim-dirty-data.js';
import { dispatch, type DispatchDeps } from './sim-dispatch.js';
import { BodyError, decodeArgs, lookupService, serviceNameFromPath } from './sim-envelope.js';
import { SimAuth, type AuthOptions } from './sim-auth.js';
import { FaultInjector, parseFaults, PROXY_502_BODY, type KingdeeFaults } from './sim-faults.js';
import { seedStore } from './sim-seed.js';
import { IDS } from './sim-seed-refs.js';
import { DEFAULT_WRITE_OPTIONS, type WriteOptions } from './sim-write-context.js';
import { readBody } from '../../simulator-kit/http-body.js';

export type { KingdeeFaults } from './sim-faults.js';

export interface KingdeeSimulatorOptions {
  /** Port to listen on; default 0 (any free port). */
  port?: number;
  /** Interface; default '127.0.0.1'. */
  host?: string;
  /** Data seed; default 1. Same seed → same master data, orders and receipts. */
  seed?: number;
  /** Sales orders to seed; default 200 (1–9 lines each, ~5 on average). */
  orders?: number;
  acctId?: string;
  user?: string;
  password?: string;
  appId?: string;
  appSecret?: string;
  lcid?: number;
  /** Session idle expiry (ms); default 20 minutes. */
  sessionIdleMs?: number;
  faults?: KingdeeFaults;
  /** Wrong passwords in a row before the user is locked (default 5) and for how long (ms, default 30 min). */
  lockoutAfter?: number;
  lockoutMs?: number;
  /** Behaviours marked UNCERTAIN in the reference; see WriteOptions / BillQueryOptions / AuthOptions. */
  write?: Partial<WriteOptions>;
  query?: BillQueryOptions;
  auth?: Partial<Pick<AuthOptions, 'signWindowSec' | 'verifyApiSignature' | 'xorKey'>>;
  viewWithoutSession?: 'empty' | 'sessionLost';
  /** Clock (epoch ms) for sessions and stamps; default Date.now. Tests use it to expire sessions. */
  now?: () => number;
}

export interface KingdeeSimulator {
  /** Base URL, e.g. http://127.0.0.1:38211/k3cloud/ (services at `${url}${Service}.common.kdsvc`). */
  url: string;
  port: number;
  credentials: { acctId: string; user: string; password: string; appId: string; appSecret: string; lcid: number };
  /** Replaces the fault set; counters restart. */
  setFaults(faults: KingdeeFaults): void;
  stats(): { calls: Record<string, number>; logins: number; rowsServed: number };
  /** Change audited orders after approval (quantity, price, add a line, remove a line), as an ERP user would; returns the changed bill numbers. */
  changeOrdersAfterAudit(options: ChangeRequest): string[];
  /** Stores a raw value bypassing validation (dirty data, e.g. FQty "abc"); also POST /__admin/dirty-value. */
  plantDirtyValue(dirty: DirtyValue): void;
  close(): Promise<void>;
}

export const DEFAULT_KINGDEE_CREDENTIALS = {
  acctId: 'qiao-demo-acct',
  user: 'demo',
  password: 'demo123',
  appId: '300000_qiaoDemoApp',
  appSecret: 'qiaoDemoAppSecret0123456789abcdef',
  lcid: 2052,
} as const;

const DEFAULT_XOR_KEY = '0054f397c6234378b09ca7d3e5debce7';

/** Starts a K/3Cloud WebAPI simulator over HTTP with seeded data. */
export async function startKingdeeSimulator(options: KingdeeSimulatorOptions = {}): Promise<KingdeeSimulator> {
  const credentials = {
    acctId: options.acctId ?? DEFAULT_KINGDEE_CREDENTIALS.acctId,
    user: options.user ?? DEFAULT_KINGDEE_CREDENTIALS.user,
    password: options.password ?? DEFAULT_KINGDEE_CREDENTIALS.password,
    appId: options.appId ?? DEFAULT_KINGDEE_CREDENTIALS.appId,
    appSecret: options.appSecret ?? DEFAULT_KINGDEE_CREDENTIALS.appSecret,
    lcid: options.lcid ?? DEFAULT_KINGDEE_CREDENTIALS.lcid,
  };
  const seed = options.seed ?? 1;
  const now = options.now ?? Date.now;
  const { store, master } = seedStore({ seed, orders: options.orders ?? 200, userName: credentials.user });
  const auth = new SimAuth(
    credentials,
    IDS.apiUser,
    {
      sessionIdleMs: options.sessionIdleMs ?? 20 * 60_000,
      lockoutAfter: options.lockoutAfter ?? 5,
      lockoutMs: options.lockoutMs ?? 30 * 60_000,
      signWindowSec: options.auth?.signWindowSec ?? 600,
      verifyApiSignature: options.auth?.verifyApiSignature ?? false,
      xorKey: options.auth?.xorKey ?? DEFAULT_XOR_KEY,
    },
    now,
  );
  const faults = new FaultInjector(options.faults);
  const deps: DispatchDeps = {
    store,
    master,
    auth,
    faults,
    query: new BillQueryEngine(store, options.query),
    write: { ...DEFAULT_WRITE_OPTIONS, ...options.write },
    acctId: credentials.acctId,
    lcid: credentials.lcid,
    userId: IDS.apiUser,
    viewWithoutSession: options.viewWithoutSession ?? 'empty',
    now,
  };
  const calls: Record<string, number> = {};
  const changeRandom = createRandom((seed * 31 + 1009) >>> 0);
  const changeOrders = (request: ChangeRequest) =>
    changeOrdersAfterAudit(store, master, changeRandom, request, IDS.adminUser, beijingNow(now()));

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `simulator error: ${(error as Error).message}`);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readBody(req);
    if (url.pathname.startsWith('/__admin/')) return admin(url.pathname, req.method ?? 'GET', body, res);
    const fullName = serviceNameFromPath(url.pathname);
    if (!fullName) return send(res, 404, 'text/plain; charset=utf-8', `Not found: ${url.pathname}`);
    const spec = lookupService(fullName);
    const statKey = spec?.name ?? fullName;
    calls[statKey] = (calls[statKey] ?? 0) + 1;
    if (faults.slowMs) await new Promise((r) => setTimeout(r, faults.slowMs));
    if (faults.outage() || faults.due('proxy502')) return send(res, 502, 'text/html', PROXY_502_BODY);
    if (!spec) return send(res, 200, 'text/plain; charset=utf-8', responseError(`${fullName} no found.`));
    // biome-ignore lint/suspicious/noImplicitAnyLet: assigned once in the branches below; TypeScript narrows it from them
    let result;
    try {
      result = dispatch(deps, spec, decodeArgs(body, spec), req.headers, url.pathname);
    } catch (error) {
      if (error instanceof BodyError) return send(res, 200, 'text/plain; charset=utf-8', responseError(error.message));
      throw error;
    }
    const json = JSON.stringify(result.body);
    if (result.newSession) {
      res.setHeader('Set-Cookie', [
        `kdservice-sessionid=${result.newSession.id}; path=/`,
        `ASP.NET_SessionId=${result.newSession.aspId}; path=/; HttpOnly`,
      ]);
    }
    const text = faults.due('truncate') ? json.slice(0, Math.max(1, Math.floor(json.length / 2))) : json;
    send(res, 200, 'application/json; charset=utf-8', text);
  }

  function admin(path: string, method: string, body: string, res: ServerResponse): void {
    const json = (status: number, value: unknown) =>
      send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
    try {
      if (path === '/__admin/health') return json(200, { ok: true, orders: store.form('SAL_SaleOrder')!.docs.length });
      if (path === '/__admin/stats') return json(200, simulator.stats());
      if (path === '/__admin/faults' && method === 'POST') {
        simulator.setFaults(parseFaults(body.trim() ? JSON.parse(body) : {}));
        return json(200, { faults: faults.get() });
      }
      if (path === '/__admin/faults') return json(200, { faults: faults.get(), fired: faults.fired });
      if (path === '/__admin/dirty-value' && method === 'POST') {
        plantDirtyValue(store, JSON.parse(body) as DirtyValue);
        return json(200, { ok: true });
      }
      if (path === '/__admin/change-orders' && method === 'POST')
        return json(200, { billNos: changeOrders(body.trim() ? JSON.parse(body) : {}) });
      return json(404, { error: `unknown admin endpoint ${method} ${path}` });
    } catch (error) {
      return json(400, { error: (error as Error).message });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const simulator: KingdeeSimulator = {
    url: `http://${host}:${address.port}/k3cloud/`,
    port: address.port,
    credentials,
    setFaults: (f) => faults.set(f),
    plantDirtyValue: (dirty) => plantDirtyValue(store, dirty),
    stats: () => ({ calls: { ...calls }, logins: auth.logins, rowsServed: deps.query.rowsServed }),
    changeOrdersAfterAudit: changeOrders,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return simulator;
}

function send(res: ServerResponse, status: number, type: string, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': buf.length });
  res.end(buf);
}

/** The stub's exception text: `response_error:` + time, a 32-hex error id and the message. */
function responseError(message: string): string {
  return `response_error:发生时间：\t${formatPlainDateTime(beijingNow())}\r\n错误编号：\t${randomBytes(16).toString('hex')}\r\n错误信息：\t${message}`;
}
