/** Types and small OKKI helpers shared by the parts of `bench/sync.bench.ts`. */
import type { SimInfo } from './sync-bench.processes.js';

/** What a measured side (qiao or bare) reports for the timed flagship work. */
export interface SideResult {
  side: 'qiao' | 'bare';
  /** Untimed preparation: qiao's companion runs; the bare script's logins and id listing (milliseconds). */
  setupMs: number;
  /** Bare: OKKI calls made to build the id maps. Qiao: companion documents pushed. */
  setupCalls: number;
  /** Wall time of the flagship sync (milliseconds). */
  ms: number;
  /** Kingdee order lines read, and pages read (bare only; qiao reports 0 pages). */
  rows: number;
  pages: number;
  /** Orders handled, pushed successfully, failed. */
  orders: number;
  pushed: number;
  errors: number;
  firstError: string | null;
  /** Order pushes the OKKI simulator counted during the timed part. */
  okkiPushes: number;
  /** CPU time of this process during the timed part (milliseconds, user + system). */
  cpuMs: number;
  /** CPU time both simulator processes used during the timed part (milliseconds; null without /proc). */
  simCpuMs: number | null;
  /** process.resourceUsage().maxRSS at the end of the timed part (MB). */
  peakRssMb: number;
}

/** One OKKI access token (client_credentials), fetched once per side. */
export async function okkiToken(okki: SimInfo): Promise<string> {
  const reply = await fetch(`${okki.url}/v1/oauth2/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: okki.credentials.clientId,
      client_secret: okki.credentials.clientSecret,
      scope: 'invoices company product user',
    }),
  });
  const { access_token } = (await reply.json()) as { access_token?: string };
  if (!access_token) throw new Error(`OKKI token request failed (HTTP ${reply.status})`);
  return access_token;
}

/** Order pushes the OKKI simulator has received so far (its admin stats, not vendor protocol). */
export async function okkiPushCount(okkiUrl: string): Promise<number> {
  const stats = (await (await fetch(`${okkiUrl}/__admin/stats`)).json()) as { pushes: number };
  return stats.pushes;
}

/** Number of live orders the OKKI simulator holds. */
export async function okkiOrderCount(okkiUrl: string): Promise<number> {
  const health = (await (await fetch(`${okkiUrl}/__admin/health`)).json()) as { orders: number };
  return health.orders;
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (key === 'order_id' || key === 'unique_id' || /time$/.test(key)) continue;
    out[key] = normalise((value as Record<string, unknown>)[key]);
  }
  return out;
}

/**
 * The stored OKKI orders with these numbers, as `info` returns them, minus what OKKI assigns at push
 * time (order/line ids, times), so two simulators that received the same pushes compare equal.
 */
export async function sampleOrders(okki: SimInfo, orderNos: string[]): Promise<Record<string, unknown>> {
  const token = await okkiToken(okki);
  const out: Record<string, unknown> = {};
  for (const no of orderNos) {
    const reply = (await (
      await fetch(`${okki.url}/v1/invoices/order/info?order_no=${encodeURIComponent(no)}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { code: number; data?: unknown };
    out[no] = reply.code === 200 ? normalise(reply.data) : { missing: reply.code };
  }
  return out;
}
