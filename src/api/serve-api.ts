import { AlertManager, type AlertLogger } from '../alerts/alert-manager.js';
import { alertsConfigSchema } from '../alerts/alert-rules.schema.js';
import { ConfigError } from '../core/errors.js';
import type { Engine } from '../runtime/engine.types.js';
import { startApiServer } from './api-server.js';
import { resolveApiToken, type ApiTokenSource } from './api-token.js';
import { createQiaoMetrics } from './metrics.js';
import type { ApiLogger } from './on-error.js';

export interface ServeApiOptions {
  engine: Engine;
  /** qiao.yaml `api:` (host default 127.0.0.1, port default 8080, token optional). */
  api?: { host?: string; port?: number; token?: string; requireToken?: boolean };
  /** qiao.yaml `alerts:` as loaded (validated here with `alertsConfigSchema`). */
  alerts?: unknown;
  /** Where the generated token is kept (default `.qiao`). */
  dataDir?: string;
  /** The built dashboard (default `dist/web`). */
  webRoot?: string;
  /** How often time-based alert rules are evaluated (milliseconds); default 60 000. */
  alertIntervalMs?: number;
  logger?: ApiLogger & AlertLogger;
}

export interface RunningApi {
  url: string;
  token: string;
  /** `generated` means the token was just created: print it once. */
  tokenSource: ApiTokenSource;
  requireToken: boolean;
  alerts: AlertManager;
  /** Stops alerts and metrics listeners, then the HTTP server. */
  close(): Promise<void>;
}

/**
 * Everything `qiao start` needs beside the engine: the token, metrics, alerting and the HTTP
 * server with the dashboard. Invalid `alerts:` config is a ConfigError naming the bad field.
 */
export async function serveApi(options: ServeApiOptions): Promise<RunningApi> {
  const parsed = alertsConfigSchema.safeParse(options.alerts ?? []);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: ['alerts', ...i.path].join('.'), message: i.message }));
    throw new ConfigError(`qiao.yaml alerts: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { code: 'config.alerts_invalid', details: { issues } });
  }
  const { token, source } = await resolveApiToken({ configured: options.api?.token, dataDir: options.dataDir });
  const metrics = createQiaoMetrics(options.engine);
  const alerts = new AlertManager({ engine: options.engine, rules: parsed.data, evaluateIntervalMs: options.alertIntervalMs, logger: options.logger });
  try {
    const server = await startApiServer({
      engine: options.engine,
      token,
      host: options.api?.host,
      port: options.api?.port,
      requireToken: options.api?.requireToken,
      metrics,
      alerts,
      webRoot: options.webRoot,
      logger: options.logger,
    });
    alerts.start();
    return {
      url: server.url,
      token,
      tokenSource: source,
      requireToken: server.requireToken,
      alerts,
      async close() {
        await alerts.stop();
        metrics.dispose();
        await server.close();
      },
    };
  } catch (error) {
    metrics.dispose();
    throw error;
  }
}
