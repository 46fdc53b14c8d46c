/**
 * A protocol-faithful, in-memory Xiaoman OKKI CRM open-API server holding one tenant (see
 * the OKKI reference (shared/reference/okki-openapi.md beside the repository)). Plain node:http so that the "commit then time out" fault
 * can hold and then destroy the socket, and so thousands of pushes per second stay cheap.
 * Admin routes (not vendor protocol): GET /__admin/orders, GET /__admin/stats, POST /__admin/faults,
 * GET /__admin/health.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SimAuth, KNOWN_SCOPES } from './sim-auth.js';
import { FaultState, type OkkiFaults } from './sim-faults.js';
import { renderOrder } from './sim-order-queries.js';
import { ROUTES } from './sim-routes.js';
import { buildTenant, type Tenant } from './sim-tenant.js';
import { asRecord, chinaTime, SimError } from './sim-util.js';
import { readBody } from '../../simulator-kit/http-body.js';

export type { OkkiFaults } from './sim-faults.js';

export interface OkkiSimulatorOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 1; same master data as the Kingdee simulator. */
  seed?: number;
  clientId?: string;
  clientSecret?: string;
  /** Scopes the client may request (default all of `invoices company product user`). */
  scopes?: string[];
  /** Access-token lifetime in seconds (default 28800 = 8 h). */
  tokenTtlSeconds?: number;
  /** Which Kingdee customers/materials already exist as companies/products (default 'half': odd-numbered ones). */
  preload?: 'all' | 'half' | 'none';
  faults?: OkkiFaults;
  /** Extra order fields (ids or names) the tenant makes mandatory, e.g. `['departments']`. `currency` and `金蝶标识状态` always are. */
  requiredOrderFields?: string[];
  /** HTTP status for `no permission <scope> scopes` (undocumented; default 403). */
  scopeErrorStatus?: number;
  /** Clock in epoch ms (tests move time with it); default Date.now. */
  clock?: () => number;
}

export interface OkkiSimulator {
  /** e.g. http://127.0.0.1:38212 (routes at `${url}/v1/...`). */
  url: string;
  port: number;
  credentials: { clientId: string; clientSecret: string; scopes: string[] };
  setFaults(faults: OkkiFaults): void;
  stats(): { calls: Record<string, number>; tokenRequests: number; pushes: number; rateLimited: number };
  /** Every live order in the tenant, as `info` would return it. */
  dumpOrders(): unknown[];
  /** An outage: stops listening and drops every connection, keeping the tenant. Clients get connection refused until `goOnline`. */
  goOffline(): Promise<void>;
  /** Listens again on the same port after `goOffline`. */
  goOnline(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_CLIENT_ID = 'qiao-demo-client';
export const DEFAULT_CLIENT_SECRET = 'qiaoDemoClientSecret0123456789';
export const DEFAULT_SCOPES = ['invoices', 'company', 'product', 'user'];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function parseBody(raw: string, contentType: string): Record<string, unknown> | undefined {
  if (raw.trim() === '') return {};
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return asRecord(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

/** Starts the simulator; resolves once it listens. */
export async function startOkkiSimulator(options: OkkiSimulatorOptions = {}): Promise<OkkiSimulator> {
  const tenant: Tenant = buildTenant({
    seed: options.seed,
    preload: options.preload,
    clock: options.clock,
    requiredOrderFields: options.requiredOrderFields,
  });
  const credentials = {
    clientId: options.clientId ?? DEFAULT_CLIENT_ID,
    clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
    scopes: (options.scopes ?? DEFAULT_SCOPES).filter((s) => KNOWN_SCOPES.includes(s)),
  };
  const auth = new SimAuth(tenant, { ...credentials, tokenTtlSeconds: options.tokenTtlSeconds ?? 28_800 });
  const faults = new FaultState(options.faults);
  const counters = { calls: {} as Record<string, number>, pushes: 0, rateLimited: 0 };
  const hanging = new Set<{ socket: Socket; timer: NodeJS.Timeout }>();

  const envelope = (code: number, message: string, data?: unknown): Record<string, unknown> => ({
    code,
    message,
    now: chinaTime(tenant.clock()),
    ...(data === undefined ? {} : { data }),
  });
  const dump = (removed = false): unknown[] =>
    [...tenant.orders.values()].filter((o) => o.removed === removed).map((o) => renderOrder(tenant, o));

  async function send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<void> {
    if (faults.slowMs > 0) await sleep(faults.slowMs);
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/html' : 'application/json; charset=utf-8',
      ...headers,
    });
    res.end(text);
  }

  async function admin(
    path: string,
    method: string,
    body: Record<string, unknown> | undefined,
    query: URLSearchParams,
    res: ServerResponse,
  ): Promise<void> {
    if (path === '/__admin/health')
      return send(res, 200, { ok: true, seed: tenant.seed, orders: tenant.ordersByNo.size });
    if (path === '/__admin/orders') return send(res, 200, dump(query.get('removed') === '1'));
    if (path === '/__admin/stats') return send(res, 200, stats());
    if (path === '/__admin/faults' && method === 'POST') {
      try {
        faults.set((body ?? {}) as OkkiFaults);
      } catch (error) {
        return send(res, 400, { error: (error as Error).message });
      }
      return send(res, 200, faults.get());
    }
    if (path === '/__admin/faults') return send(res, 200, faults.get());
    return send(res, 404, { error: `unknown admin route ${path}` });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    counters.calls[`${method} ${path}`] = (counters.calls[`${method} ${path}`] ?? 0) + 1;
    const body = parseBody(await readBody(req), String(req.headers['content-type'] ?? ''));
    if (path.startsWith('/__admin/')) return admin(path, method, body, url.searchParams, res);

    const clientKey =
      auth.clientOf(req.headers.authorization) ?? String(body?.client_id || `ip:${req.socket.remoteAddress}`);
    const retryAfter = faults.rateLimited(clientKey);
    if (retryAfter !== undefined) {
      counters.rateLimited++;
      return send(
        res,
        429,
        envelope(
          429,
          `Too Many Requests: more than ${faults.get().rateLimitPerSecond} requests per second; retry after ${retryAfter} s`,
        ),
        { 'retry-after': String(retryAfter) },
      );
    }
    if (path === '/v1/oauth2/access_token' || path === '/v1/oauth2/refresh_token') {
      if (method !== 'POST') return send(res, 405, envelope(405, 'Method Not Allowed'));
      if (!body)
        return send(res, 400, {
          error: 'invalid_request',
          error_description: 'The request body is not valid JSON.',
          message: 'The request body is not valid JSON.',
        });
      const reply = path.endsWith('access_token') ? auth.issue(body) : auth.refresh(body);
      return send(res, reply.status, reply.body);
    }
    const route = ROUTES.get(path);
    if (!route) return send(res, 404, envelope(404, 'Not Found Resource'));
    if (route.method !== method)
      return send(res, 405, envelope(405, `Method Not Allowed: use ${route.method} ${path}`));
    const checked = auth.authenticate(req.headers.authorization);
    if ('reject' in checked) return send(res, checked.reject.status, checked.reject.body);
    if (faults.shouldRevoke(checked.record.calls)) auth.revoke(checked.record);
    if (!checked.record.scopes.has(route.scope))
      return send(
        res,
        options.scopeErrorStatus ?? 403,
        envelope(options.scopeErrorStatus ?? 403, `no permission ${route.scope} scopes`),
      );
    const fiveXx = faults.next5xx();
    if (fiveXx) return sendServerError(res, fiveXx);
    if (!body) return send(res, 400, envelope(400, '请求体不是合法的 JSON 对象'));
    if (route.orderPush) counters.pushes++;
    let data: unknown;
    try {
      data = route.handle({ tenant, query: url.searchParams, body });
    } catch (error) {
      if (error instanceof SimError) return send(res, error.status, envelope(error.code, error.message));
      throw error;
    }
    const hang = route.orderPush && faults.hangThisPush();
    const failAfterCommit = route.orderPush ? faults.fiveXxAfterCommit() : undefined;
    if (hang) {
      // The order is saved; the reply is lost: keep the socket silent, then drop it.
      const entry = {
        socket: req.socket,
        timer: setTimeout(() => {
          hanging.delete(entry);
          req.socket.destroy();
        }, faults.hangMs),
      };
      hanging.add(entry);
      return;
    }
    // The order is saved; the gateway in front of OKKI fails the reply anyway.
    if (failAfterCommit) return sendServerError(res, failAfterCommit);
    return send(res, 200, envelope(200, 'success', data));
  }

  /** 500 as OKKI's envelope, 502/503 as the HTML page of the gateway in front of it. */
  function sendServerError(res: ServerResponse, status: number): Promise<void> {
    if (status === 500) return send(res, 500, envelope(500, '服务器内部错误 (simulated)'));
    const reason = status === 502 ? 'Bad Gateway' : 'Service Temporarily Unavailable';
    return send(res, status, `<html><body><center><h1>${status} ${reason}</h1></center></body></html>`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(envelope(500, `simulator bug: ${(error as Error).message}`)));
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';

  /** Stops accepting, then drops open and hanging connections (requests in flight lose their reply). */
  async function stopListening(): Promise<void> {
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const entry of hanging) {
      clearTimeout(entry.timer);
      entry.socket.destroy();
    }
    hanging.clear();
    server.closeAllConnections();
    await closed;
  }

  function stats(): ReturnType<OkkiSimulator['stats']> {
    return {
      calls: { ...counters.calls },
      tokenRequests: auth.tokenRequests,
      pushes: counters.pushes,
      rateLimited: counters.rateLimited,
    };
  }

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    credentials,
    setFaults: (f) => faults.set(f),
    stats,
    dumpOrders: () => dump(),
    goOffline: () => stopListening(),
    goOnline: async () => {
      if (server.listening) return;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    },
    close: () => stopListening(),
  };
}
