import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiHttpError } from './api-error.js';

/** Whether `host` only accepts connections from this machine (then the token is optional). */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * Compares a presented token with the expected one in constant time. Both are hashed first so
 * neither the content nor the length of the token leaks through timing.
 */
export function tokenMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected)) && expected.length > 0;
}

/** The token a request presents: `Authorization: Bearer <token>`, else `?token=`. */
export function presentedToken(authorization: string | undefined, queryToken: string | undefined): string | undefined {
  const match = authorization?.match(/^Bearer\s+(.+)$/i);
  return match?.[1]?.trim() ?? queryToken ?? undefined;
}

/**
 * Refuses requests to the API and /metrics without the right token when `requireToken` is set.
 * /healthz and the dashboard's static files stay open: they carry no data, and the dashboard
 * sends the token itself once loaded.
 */
export function apiAuth(options: { token: string; requireToken: boolean }): MiddlewareHandler {
  if (options.requireToken && options.token.length < 16) {
    throw new Error('The API token must be at least 16 characters when a token is required.');
  }
  return async (c, next) => {
    const path = c.req.path;
    const protectedPath = path === '/metrics' || path === '/api' || path.startsWith('/api/');
    if (!options.requireToken || !protectedPath) return next();
    const presented = presentedToken(c.req.header('authorization'), c.req.query('token'));
    if (!presented) {
      throw new ApiHttpError(
        401,
        'auth.missing_token',
        'This API needs a token: send "Authorization: Bearer <token>" (the token is in QIAO_API_TOKEN or .qiao/api-token).',
      );
    }
    if (!tokenMatches(presented, options.token)) {
      throw new ApiHttpError(
        401,
        'auth.invalid_token',
        'The API token is wrong; use the one in QIAO_API_TOKEN or .qiao/api-token.',
      );
    }
    return next();
  };
}
