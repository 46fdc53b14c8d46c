import { type Logger, sinkLogger } from '../core/logger.js';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AlertManager } from '../app/alerts/alert-manager.js';
import type { Engine } from '../runtime/engine.js';
import { ApiHttpError } from './api-error.js';
import { apiAuth } from './api-auth.js';
import type { QiaoMetrics } from '../app/metrics.js';
import { createOnError } from './on-error.js';
import { buildOpenApiDocument } from './openapi.js';
import { alertRoutes } from './routes/alerts.routes.js';
import { catalogRoutes } from './routes/catalog.routes.js';
import { recordRoutes } from './routes/records.routes.js';
import { runRoutes } from './routes/runs.routes.js';
import { schemeRoutes } from './routes/schemes.routes.js';
import { MAX_BODY_BYTES } from './request-validation.js';
import { serveWeb } from './web-static.js';

export interface ApiAppOptions {
  engine: Engine;
  /** The API token (see `resolveApiToken`). */
  token: string;
  /** Refuse /api/* and /metrics without the token; `startApiServer` sets it for non-loopback hosts. */
  requireToken: boolean;
  /** From `createQiaoMetrics(engine)`; /metrics answers 404 without it. */
  metrics?: QiaoMetrics;
  /** From `new AlertManager(...)`; /api/alerts lists nothing without it. */
  alerts?: Pick<AlertManager, 'listRules' | 'recent'>;
  /** The built dashboard (default `dist/web` under the cwd). */
  webRoot?: string;
  logger?: Logger;
}

const stderrLogger: Logger = sinkLogger((level, obj, msg) => {
  if (level === 'warn' || level === 'error') console[level](msg, obj);
});

/**
 * The qiao HTTP API (its answers are typed in contract.ts; GET /api/openapi.json describes it) plus the dashboard's static files.
 * @example
 * const app = createApiApp({ engine, token, requireToken: false, metrics: createQiaoMetrics(engine) });
 * const res = await app.request('/api/schemes');
 */
export function createApiApp(options: ApiAppOptions): Hono {
  const { engine } = options;
  const logger = options.logger ?? stderrLogger;
  const app = new Hono();
  app.onError(createOnError(logger));

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    if (c.req.path.startsWith('/api/') || c.req.path === '/metrics') c.header('Cache-Control', 'no-store');
  });
  app.use('*', apiAuth({ token: options.token, requireToken: options.requireToken }));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiHttpError(413, 'api.body_too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
      },
    }),
  );

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/metrics', async (c) => {
    if (!options.metrics) throw new ApiHttpError(404, 'metrics.disabled', 'Metrics are not enabled in this process.');
    return c.body(await options.metrics.render(), 200, { 'Content-Type': options.metrics.contentType });
  });
  const openapi = buildOpenApiDocument();
  app.get('/api/openapi.json', (c) => c.json(openapi));

  const deps = { engine, logger };
  app.route('/api', schemeRoutes(deps));
  app.route('/api', runRoutes(deps));
  app.route('/api', recordRoutes(deps));
  app.route('/api', catalogRoutes(deps));
  app.route('/api', alertRoutes(options.alerts));

  app.all('/api/*', (c) => {
    throw new ApiHttpError(
      404,
      'api.not_found',
      `No API route ${c.req.method} ${c.req.path}; see /api/openapi.json for the list.`,
    );
  });
  const web = serveWeb(options.webRoot ?? 'dist/web');
  app.get('*', web);
  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `Nothing at ${c.req.method} ${c.req.path}.` } }, 404),
  );
  return app;
}
