import type { MiddlewareHandler } from 'hono';
import { ApiHttpError } from '../api-error.js';
import { quoteHeader } from './host-allow-list.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every state-changing API request must say `Content-Type: application/json` (optionally with
 * charset=utf-8), body or not. Browsers cannot send that cross-site without a CORS preflight,
 * which qiao never approves, so no form, no-cors fetch or text/plain beacon gets through; and
 * a body is never parsed as JSON when it claims to be something else.
 */
export function jsonContentType(): MiddlewareHandler {
  return async (c, next) => {
    if (READS.has(c.req.method)) return next();
    const header = c.req.header('content-type');
    const [type = '', ...params] = (header ?? '').split(';').map((p) => p.trim().toLowerCase());
    const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length);
    if (type !== 'application/json' || (charset !== undefined && charset !== 'utf-8' && charset !== '"utf-8"')) {
      throw new ApiHttpError(
        415,
        'api.unsupported_media_type',
        `${c.req.method} ${c.req.path} needs "Content-Type: application/json" (UTF-8), even without a body; got ${header === undefined ? 'none' : quoteHeader(header)}.`,
      );
    }
    return next();
  };
}
