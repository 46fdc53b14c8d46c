import { Hono } from 'hono';
import type { AuditLedger } from '../../ledger/ledger.js';
import { auditQuery } from '../api-schemas.js';
import { readQuery } from '../request-validation.js';

/** /api/audit: the state-changing calls made through the API, newest first. */
export function auditRoutes(ledger: AuditLedger): Hono {
  const app = new Hono();
  app.get('/audit', async (c) => {
    const q = readQuery(c, auditQuery);
    return c.json(await ledger.listAuditEntries({ actor: q.actor, since: q.since, limit: q.limit, offset: q.offset }));
  });
  return app;
}
