/**
 * Test helpers for the OKKI simulator tests: start a simulator, get a token and call it with plain
 * fetch (never the OKKI client, which is tested against this simulator separately).
 */
import { startOkkiSimulator, type OkkiSimulator, type OkkiSimulatorOptions } from './okki-simulator.js';

export interface Envelope<T = any> {
  code: number;
  message: string;
  now: string;
  data: T;
}

export interface SimHandle {
  sim: OkkiSimulator;
  token: string;
  /** Current fake time (epoch ms); move it with `advance`. */
  advance(ms: number): void;
  get<T = any>(path: string): Promise<{ status: number; body: Envelope<T> }>;
  post<T = any>(path: string, body?: unknown): Promise<{ status: number; body: Envelope<T> }>;
  requestToken(extra?: Record<string, unknown>): Promise<{ status: number; body: any }>;
  /** Resolves an SKU of a preloaded material by its number. */
  sku(materialNumber: string): Promise<{ product_id: number; sku_id: number }>;
  companyId(serial: string): Promise<number>;
  /** The id of the order custom field named `name`. */
  fieldId(name: string): Promise<string>;
}

export const FLAG_FIELD = '5094664372713';

export async function openSim(options: OkkiSimulatorOptions = {}): Promise<SimHandle> {
  let now = Date.UTC(2025, 5, 1, 2, 0, 0);
  const sim = await startOkkiSimulator({ clock: () => now, ...options });
  const requestToken = async (extra: Record<string, unknown> = {}) => {
    const res = await fetch(`${sim.url}/v1/oauth2/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: sim.credentials.clientId,
        client_secret: sim.credentials.clientSecret,
        scope: 'invoices company product user',
        ...extra,
      }),
    });
    return { status: res.status, body: await res.json() };
  };
  const handle: SimHandle = {
    sim,
    token: '',
    advance: (ms) => {
      now += ms;
    },
    get: async (path) => {
      const res = await fetch(`${sim.url}${path}`, { headers: { authorization: `Bearer ${handle.token}` } });
      return { status: res.status, body: await res.json() };
    },
    post: async (path, body) => {
      const res = await fetch(`${sim.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${handle.token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    },
    requestToken,
    sku: async (number) => {
      const { body } = await handle.get(`/v1/product/info?product_no=${encodeURIComponent(number)}`);
      if (body.code !== 200) throw new Error(`material ${number} is not an OKKI product: ${body.message}`);
      return { product_id: Number(body.data.product_id), sku_id: Number(body.data.sku_items[0].sku_id) };
    },
    companyId: async (serial) =>
      Number((await handle.get(`/v1/company/info?serial_id=${serial}`)).body.data.company_id),
    fieldId: async (name) => {
      const { body } = await handle.get('/v1/invoices/order/fields');
      const field = body.data.find((f: { name: string }) => f.name === name);
      if (!field) throw new Error(`no order field ${name}`);
      return field.id as string;
    },
  };
  const { body } = await requestToken();
  handle.token = body.access_token;
  return handle;
}
