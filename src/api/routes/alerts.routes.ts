import { Hono } from 'hono';
import type { AlertManager } from '../../app/alerts/alert-manager.js';

/** /api/alerts: rules with masked channel targets, and the latest messages. */
export function alertRoutes(alerts: Pick<AlertManager, 'listRules' | 'recent'> | undefined): Hono {
  const app = new Hono();
  app.get('/alerts', (c) => c.json({ rules: alerts?.listRules() ?? [], recent: alerts?.recent() ?? [] }));
  return app;
}
