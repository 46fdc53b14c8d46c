import { type Logger, sinkLogger } from '../core/logger.js';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AlertManager } from '../app/alerts/alert-manager.js';
import type { Engine } from '../runtime/engine.js';
import type { ApiAccess } from './access/api-access.js';
import { ApiHttpError } from './api-error.js';
import { apiAuth, isApiPath } from './api-auth.js';
import type { ApiEnv } from './api-env.js';
import type { QiaoMetrics } from '../app/metrics.js';
import { auditTrail } from './guards/audit-trail.js';
import { hostAllowList } from './guards/host-allow-list.js';
import { jsonContentType } from './guards/json-content-type.js';
import { roleGuard } from './guards/role-guard.js';
import { sameOriginOnly } from './guards/same-origin-only.js';
import { securityHeaders } from './guards/security-headers.js';
import { createOnError } from './on-error.js';
import { buildOpenApiDocument } from './openapi.js';
import { alertRoutes } from './routes/alerts.routes.js';
import { auditRoutes } from './routes/audit.routes.js';
import { catalogRoutes } from './routes/catalog.routes.js';
import { recordRoutes } from './routes/records.routes.js';
import { runRoutes } from './routes/runs.routes.js';
import { schemeRoutes } from './routes/schemes.routes.js';
import { sessionRoutes } from './routes/session.routes.js';
import { MAX_BODY_BYTES } from './request-validation.js';
import { serveWeb } from './web-static.js';

export interface ApiAppOptions {
  engine: Engine;
  /** Tokens, roles, console sessions and login codes (see `ApiAccess`). */
  access: ApiAccess;
  /** Host names the app answers to (`allowedHostNames`); others get 403 (DNS rebinding). */
  allowedHosts: readonly string[];
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
 * Every request passes, in order: security headers, the Host allow-list, (API) the same-origin
 * check, the body limit, the token, the audit trail, the role check and the JSON content type.
 * @example
 * const app = createApiApp({ engine, access: new ApiAccess({ primaryToken }), allowedHosts: allowedHostNames('127.0.0.1') });
 * const res = await app.request('/api/schemes', { headers: { Authorization: `Bearer ${primaryToken}` } });
 */
export function createApiApp(options: ApiAppOptions): Hono<ApiEnv> {
  const { engine } = options;
  const logger = options.logger ?? stderrLogger;
  const app = new Hono<ApiEnv>();
  app.onError(createOnError(logger));

  app.use('*', securityHeaders());
  app.use('*', async (c, next) => {
    await next();
    if (isApiPath(c.req.path)) c.header('Cache-Control', 'no-store');
  });
  app.use('*', hostAllowList(options.allowedHosts));
  const sameOrigin = sameOriginOnly();
  app.use('*', async (c, next) => (isApiPath(c.req.path) ? sameOrigin(c, next) : next()));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiHttpError(413, 'api.body_too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
      },
    }),
  );
  app.use('*', apiAuth(options.access));
  app.use('/api/*', auditTrail(engine.ledger, logger));
  app.use('*', roleGuard());
  app.use('/api/*', jsonContentType());

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/metrics', async (c) => {
    if (!options.metrics) throw new ApiHttpError(404, 'metrics.disabled', 'Metrics are not enabled in this process.');
    return c.body(await options.metrics.render(), 200, { 'Content-Type': options.metrics.contentType });
  });
  const openapi = buildOpenApiDocument();
  app.get('/api/openapi.json', (c) => c.json(openapi));

  const deps = { engine, logger };
  app.route('/api', sessionRoutes(options.access));
  app.route('/api', schemeRoutes(deps));
  app.route('/api', runRoutes(deps));
  app.route('/api', recordRoutes(deps));
  app.route('/api', catalogRoutes(deps));
  app.route('/api', alertRoutes(options.alerts));
  app.route('/api', auditRoutes(engine.ledger));

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
