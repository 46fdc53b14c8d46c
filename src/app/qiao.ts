import type { Connector } from '../connectors/connector.js';
import { ConfigError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Ledger } from '../ledger/ledger.js';
import { QiaoEngine } from '../runtime/engine.js';
import { AlertManager } from './alerts/alert-manager.js';
import { alertsConfigSchema } from './alerts/alert-rules.schema.js';
import type { FetchLike } from './alerts/channels/alert-channel.js';
import type { LoadedConfig } from './config/load-config.js';
import { createLogger } from './create-logger.js';
import { createQiaoMetrics, type QiaoMetrics } from './metrics.js';

/** One assembled qiao: the engine with the alerts and metrics that watch it. */
export interface Qiao {
  readonly config: LoadedConfig;
  readonly engine: QiaoEngine;
  readonly alerts: AlertManager;
  readonly metrics: QiaoMetrics;
  readonly logger: Logger;
  /** Engine first (no new runs; in-flight writes finish), then alerts deliver what is pending. */
  close(): Promise<void>;
}

export interface OpenQiaoOptions {
  /** Default: a pino logger at the config's level, masking its secrets. */
  logger?: Logger;
  /** Default: opened from config.store. */
  ledger?: Ledger;
  /** How long a run waits for retries falling due soon (milliseconds). */
  drainWindowMs?: number;
  /** How often time-based alert rules are evaluated (milliseconds); default 60 000. */
  alertIntervalMs?: number;
  /** HTTP client for alert channels (tests). */
  fetch?: FetchLike;
  /** Export Node process metrics too (default true). */
  defaultMetrics?: boolean;
  /** Ready-made connectors by connection name, instead of creating them from config (tests' in-memory one). */
  connectors?: Record<string, Connector>;
  /** The engine's clock (tests move it to reach time limits such as a scheme's parkedLimit); default the system's. */
  now?: () => Date;
}

/**
 * The composition root: every command that runs schemes (`run`, `retry`, `start`, the demo) opens
 * qiao here, so alerts and metrics are attached wherever a run can happen. Invalid `alerts:` is a
 * ConfigError naming the bad field, before anything is opened.
 */
export async function openQiao(config: LoadedConfig, options: OpenQiaoOptions = {}): Promise<Qiao> {
  const parsed = alertsConfigSchema.safeParse(config.alerts ?? []);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: ['alerts', ...i.path].join('.'), message: i.message }));
    throw new ConfigError(`qiao.yaml alerts: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
      code: 'config.alerts_invalid',
      details: { issues },
    });
  }
  const logger = options.logger ?? createLogger({ level: config.logLevel, secrets: config.secrets });
  const engine = await QiaoEngine.create({
    config,
    logger,
    ledger: options.ledger,
    drainWindowMs: options.drainWindowMs,
    connectors: options.connectors,
    now: options.now,
  });
  const metrics = createQiaoMetrics(engine, { defaultMetrics: options.defaultMetrics });
  const alerts = new AlertManager({
    engine,
    rules: parsed.data,
    evaluateIntervalMs: options.alertIntervalMs,
    logger,
    fetch: options.fetch,
  });
  alerts.start();
  return {
    config,
    engine,
    alerts,
    metrics,
    logger,
    async close() {
      await engine.close().finally(async () => {
        await alerts.stop();
        metrics.dispose();
      });
    },
  };
}
