import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { isLoopbackHost } from './api-auth.js';
import { createApiApp, type ApiAppOptions } from './api-app.js';

export interface ApiServerOptions extends Omit<ApiAppOptions, 'requireToken'> {
  /** Interface to bind (default 127.0.0.1). Anything but loopback makes the token mandatory. */
  host?: string;
  /** TCP port (default 8080; 0 picks a free one). */
  port?: number;
  /** Require the token even on loopback (qiao.yaml `api.requireToken`; default false). */
  requireToken?: boolean;
}

/** A running API server. */
export interface ApiServerHandle {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  /** Whether requests must carry the token. */
  requireToken: boolean;
  /** Stops accepting connections and closes idle ones. */
  close(): Promise<void>;
}

/** Starts the API (and dashboard) on `host:port`; resolves once it is listening. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServerHandle> {
  const host = options.host ?? '127.0.0.1';
  const requireToken = options.requireToken === true || !isLoopbackHost(host);
  const app = createApiApp({ ...options, requireToken });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 8080 }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    requireToken,
    close: () =>
      new Promise<void>((resolve, reject) => {
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
