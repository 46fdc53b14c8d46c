import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApiApp, type ApiAppOptions } from './api-app.js';
import { allowedHostNames } from './guards/host-allow-list.js';

export interface ApiServerOptions extends Omit<ApiAppOptions, 'allowedHosts'> {
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** TCP port (default 8080; 0 picks a free one). */
  port?: number;
  /** Host names to answer to besides loopback and the bound host (qiao.yaml `api.allowedHosts`). */
  allowedHosts?: readonly string[];
}

/** A running API server. */
export interface ApiServerHandle {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  /** The host names it answers to. */
  allowedHosts: readonly string[];
  /** Stops accepting connections and closes idle ones. */
  close(): Promise<void>;
}

/** Starts the API (and dashboard) on `host:port`; resolves once it is listening. Every API route needs a token. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServerHandle> {
  const host = options.host ?? '127.0.0.1';
  const allowedHosts = allowedHostNames(host, options.allowedHosts);
  const app = createApiApp({ ...options, allowedHosts });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 8080 }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    allowedHosts,
    close: () =>
      new Promise<void>((resolve, reject) => {
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
