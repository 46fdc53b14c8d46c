import type { Qiao } from '../app/qiao.js';
import type { Logger } from '../core/logger.js';
import { ApiAccess, type NamedToken } from './access/api-access.js';
import { startApiServer } from './api-server.js';
import { resolveApiToken, type ApiTokenSource } from './api-token.js';

/** qiao.yaml `api:` as the commands that serve pass it (every setting, so none is ignored). */
export interface ServeApiSettings {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8080; 0 = any free port. */
  port?: number;
  /** The primary (admin) token; unset: QIAO_API_TOKEN, else .qiao/api-token (generated once). */
  token?: string;
  tokens?: readonly NamedToken[];
  allowedHosts?: readonly string[];
  /** Accepted for older files: the token is always required (the config schema refuses false). */
  requireToken?: boolean;
}

export interface ServeApiOptions {
  /** The engine with its alerts and metrics (`openQiao`); the API renders them, it does not own them. */
  qiao: Pick<Qiao, 'engine' | 'alerts' | 'metrics'>;
  /** qiao.yaml `api:`. */
  api?: ServeApiSettings;
  /** Where the generated token is kept (default `.qiao`). */
  dataDir?: string;
  /** The built dashboard (default `dist/web`). */
  webRoot?: string;
  logger?: Logger;
}

export interface RunningApi {
  url: string;
  /** The primary (admin) token. Print it only when `tokenSource` is `generated`. */
  token: string;
  /** `generated` means the token was just created: print it once. */
  tokenSource: ApiTokenSource;
  /** The host names the server answers to. */
  allowedHosts: readonly string[];
  /** A console login URL with a fresh one-time code (valid 15 minutes); the token is not in it. */
  loginUrl(): string;
  /** Stops the HTTP server (the engine, alerts and metrics belong to whoever opened them). */
  close(): Promise<void>;
}

/** Everything `qiao start` and `qiao demo` serve beside the engine: tokens, sessions and the HTTP server with the dashboard. */
export async function serveApi(options: ServeApiOptions): Promise<RunningApi> {
  const { token, source, file } = await resolveApiToken({ configured: options.api?.token, dataDir: options.dataDir });
  const access = new ApiAccess({
    primaryToken: token,
    primarySource: { config: 'qiao.yaml api.token', env: 'QIAO_API_TOKEN', file, generated: file }[source],
    tokens: options.api?.tokens,
  });
  const server = await startApiServer({
    engine: options.qiao.engine,
    access,
    host: options.api?.host,
    port: options.api?.port,
    allowedHosts: options.api?.allowedHosts,
    metrics: options.qiao.metrics,
    alerts: options.qiao.alerts,
    webRoot: options.webRoot,
    logger: options.logger,
  });
  // The printed link must work from this machine: a wildcard bind is reached through loopback.
  const base = server.url.replace(/^http:\/\/(0\.0\.0\.0|\[::\])(?=:)/, 'http://127.0.0.1');
  return {
    url: server.url,
    token,
    tokenSource: source,
    allowedHosts: server.allowedHosts,
    loginUrl: () => access.loginUrl(base),
    close: () => server.close(),
  };
}
