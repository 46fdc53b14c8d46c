import type { MiddlewareHandler } from 'hono';
import { ApiHttpError } from '../api-error.js';
import { quoteHeader } from './host-allow-list.js';

/** `host[:port]` in the form URL gives it (default port dropped, lower case), or null. */
function canonicalHost(hostPort: string): string | null {
  try {
    return new URL(`http://${hostPort}`).host;
  } catch {
    return null;
  }
}

/**
 * Refuses API requests a browser says come from another site: `Sec-Fetch-Site` other than
 * same-origin/none, or an `Origin` that is not this server's own. It applies to every method, so
 * a page elsewhere can neither change nor read anything, whatever its content type or mode.
 * Requests without either header (curl, scripts, Prometheus) are not browsers' cross-site
 * requests and go on to the token check. Stricter than hono/csrf, which only looks at form and
 * text content types and lets a request through when either header is acceptable.
 */
export function sameOriginOnly(): MiddlewareHandler {
  return async (c, next) => {
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      throw new ApiHttpError(
        403,
        'api.cross_site',
        `The browser marks this request as coming from another site (Sec-Fetch-Site: ${quoteHeader(site)}); qiao's API answers only its own console. Open the console from qiao itself, or call the API from a script.`,
      );
    }
    const origin = c.req.header('origin');
    if (origin === undefined) return next();
    const own = canonicalHost(c.req.header('host') ?? new URL(c.req.url).host);
    let from: URL | null = null;
    try {
      from = new URL(origin);
    } catch {
      from = null;
    }
    const sameHost = from !== null && (from.protocol === 'http:' || from.protocol === 'https:') && from.host === own;
    if (!sameHost) {
      throw new ApiHttpError(
        403,
        'api.cross_origin',
        `Requests from the page at ${quoteHeader(origin)} are refused: qiao's API answers only its own console (Origin must be this server). Open the console from qiao itself, or call the API from a script.`,
      );
    }
    return next();
  };
}
