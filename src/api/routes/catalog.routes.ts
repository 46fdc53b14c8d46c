import { Hono } from 'hono';
import type { RouteDeps } from './route-deps.js';

/** /api/catalog: every connector operation with its request/response fields and labels. */
export function catalogRoutes({ engine }: RouteDeps): Hono {
  const app = new Hono();
  app.get('/catalog', (c) => c.json({ operations: engine.catalog() }));
  return app;
}
