import { createHash } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from '../../core/logger.js';
import { redact } from '../../core/redact.js';
import type { AuditLedger } from '../../ledger/ledger.js';
import type { ApiEnv } from '../api-env.js';
import { changesState } from '../api-roles.js';

/** Longest string kept as is in an audit entry; longer ones (scheme YAML) are kept as their hash. */
const MAX_TEXT = 300;
/** Largest details kept; bigger ones become a hash of the body. */
const MAX_DETAILS = 4096;

function remoteAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // not served over a socket (app.request in tests)
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Long strings become `{ sha256, chars }`, so a saved scheme is identifiable without storing it twice. */
function shorten(value: unknown, depth = 0): unknown {
  if (typeof value === 'string')
    return value.length > MAX_TEXT ? { sha256: sha256(value), chars: value.length } : value;
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => shorten(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shorten(v, depth + 1)]));
}

async function describeRequest(c: Context): Promise<unknown> {
  const query = c.req.queries();
  const details: Record<string, unknown> = {};
  if (Object.keys(query).length > 0)
    details.query = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v.join(',')]));
  // Login bodies carry credentials: they are never recorded.
  if (c.req.path !== '/api/session') {
    try {
      const text = await c.req.text(); // the route already read it: Hono hands back its copy
      if (text.trim() !== '') details.body = shorten(JSON.parse(text));
    } catch {
      // unreadable or not JSON: the status says how it ended
    }
  }
  if (Object.keys(details).length === 0) return null;
  const safe = redact(details);
  const json = JSON.stringify(safe);
  return json.length > MAX_DETAILS ? { sha256: sha256(json), chars: json.length } : safe;
}

/**
 * Records every state-changing API call once it is answered, refused ones included: who (the
 * token's name, `anonymous` for a failed login), what (method, path, a secret-free summary of the
 * query and body), when, from where (the socket's peer) and the status. A failure to record is
 * logged, not shown to the caller: the action has happened by then.
 */
export function auditTrail(ledger: AuditLedger, logger: Logger): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const { method, path } = c.req;
    if (!path.startsWith('/api/') || !changesState(method, path)) return next();
    await next();
    const identity = c.get('identity');
    // Of the anonymous calls (logins) only real credential failures are kept, and throttled ones
    // are not recorded one by one: a flood of junk must not fill the log.
    if (c.res.status === 429 || (!identity && c.res.status !== 401)) return;
    try {
      await ledger.addAuditEntry({
        at: new Date().toISOString(),
        actor: identity?.name ?? 'anonymous',
        role: identity?.role ?? null,
        method,
        path,
        status: c.res.status,
        remote: remoteAddress(c),
        details: await describeRequest(c),
      });
    } catch (error) {
      logger.error({ err: String(error), method, path }, 'could not record an API call in the audit log');
    }
  };
}
