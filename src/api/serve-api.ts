import type { Qiao } from '../app/qiao.js';
import type { Logger } from '../core/logger.js';
import { startApiServer } from './api-server.js';
import { resolveApiToken, type ApiTokenSource } from './api-token.js';

export interface ServeApiOptions {
  /** The engine with its alerts and metrics (`openQiao`); the API renders them, it does not own them. */
  qiao: Pick<Qiao, 'engine' | 'alerts' | 'metrics'>;
  /** qiao.yaml `api:` (host default 127.0.0.1, port default 8080, token optional). */
  api?: { host?: string; port?: number; token?: string; requireToken?: boolean };
  /** Where the generated token is kept (default `.qiao`). */
  dataDir?: string;
  /** The built dashboard (default `dist/web`). */
  webRoot?: string;
  logger?: Logger;
}

export interface RunningApi {
  url: string;
  token: string;
  /** `generated` means the token was just created: print it once. */
  tokenSource: ApiTokenSource;
  requireToken: boolean;
  /** Stops the HTTP server (the engine, alerts and metrics belong to whoever opened them). */
  close(): Promise<void>;
}

/** Everything `qiao start` serves beside the engine: the token and the HTTP server with the dashboard. */
export async function serveApi(options: ServeApiOptions): Promise<RunningApi> {
  const { token, source } = await resolveApiToken({ configured: options.api?.token, dataDir: options.dataDir });
  const server = await startApiServer({
    engine: options.qiao.engine,
    token,
    host: options.api?.host,
    port: options.api?.port,
    requireToken: options.api?.requireToken,
    metrics: options.qiao.metrics,
    alerts: options.qiao.alerts,
    webRoot: options.webRoot,
    logger: options.logger,
  });
  return {
    url: server.url,
    token,
    tokenSource: source,
    requireToken: server.requireToken,
    close: () => server.close(),
  };
}
