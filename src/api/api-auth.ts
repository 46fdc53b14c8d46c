import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import type { ApiAccess } from './access/api-access.js';
import { ApiHttpError, type ApiErrorBody } from './api-error.js';
import type { ApiEnv } from './api-env.js';

const body = (code: string, message: string): ApiErrorBody => ({ error: { code, message } });

const HOW =
  'Open the login link `qiao start` printed (or run `qiao login`), or send "Authorization: Bearer <token>" with the token from QIAO_API_TOKEN, .qiao/api-token or qiao.yaml api.tokens.';

/** Whether a path is the API's (everything there needs a token, except logging in). */
export function isApiPath(path: string): boolean {
  return path === '/metrics' || path === '/api' || path.startsWith('/api/');
}

/**
 * Every API route and /metrics needs a bearer token (an API token or a console session), on
 * loopback too; the identity lands in `c.var.identity`. Tokens in the URL are refused outright
 * (they end up in logs, history and Referer headers). Open: /healthz, the console's static files
 * (no data; the console asks for a login itself) and POST /api/session (the login, which
 * authenticates by its body). hono/bearer-auth parses the header; ApiAccess compares in constant time.
 */
export function apiAuth(access: ApiAccess): MiddlewareHandler<ApiEnv> {
  const bearer = bearerAuth({
    realm: 'qiao',
    verifyToken: (token: string, c: Context) => {
      const identity = access.identify(token);
      if (identity) c.set('identity', identity);
      return identity !== null;
    },
    noAuthenticationHeader: { message: body('auth.missing_token', `This API needs a token. ${HOW}`) },
    invalidAuthenticationHeader: {
      message: body(
        'auth.malformed_header',
        'The Authorization header must be "Bearer <token>" with a token of letters, digits and . _ ~ + / - only.',
      ),
    },
    invalidToken: {
      message: body('auth.invalid_token', `The token or session is wrong or has expired. ${HOW}`),
    },
  });
  return async (c, next) => {
    const path = c.req.path;
    if (!isApiPath(path)) return next();
    if (c.req.query('token') !== undefined || c.req.query('access_token') !== undefined) {
      throw new ApiHttpError(
        400,
        'auth.token_in_url',
        'Tokens are not accepted in URLs (they end up in logs, browser history and Referer headers). Send "Authorization: Bearer <token>" instead, and change a token that was put in a URL.',
      );
    }
    if (path === '/api/session' && c.req.method === 'POST') return next();
    return bearer(c, next);
  };
}
