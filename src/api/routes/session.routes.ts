import { Hono } from 'hono';
import type { ApiAccess } from '../access/api-access.js';
import { ApiHttpError } from '../api-error.js';
import type { ApiEnv } from '../api-env.js';
import { loginBody } from '../api-schemas.js';
import { readJsonBody } from '../request-validation.js';

/**
 * /api/session: the console's login. POST exchanges a one-time login code (from the link
 * `qiao start` / `qiao login` print) or an API token for a session token the console sends as
 * its bearer; GET says who the caller is; DELETE logs the session out.
 */
export function sessionRoutes(access: ApiAccess): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.post('/session', async (c) => {
    if (access.loginThrottled())
      throw new ApiHttpError(
        429,
        'auth.too_many_attempts',
        'Too many failed logins in the last minute; wait a minute and try again.',
      );
    const credential = await readJsonBody(c, loginBody);
    const session = access.login(credential);
    if (!session) {
      throw new ApiHttpError(
        401,
        'auth.login_failed',
        'code' in credential
          ? 'This login link has expired or was used already. Run `qiao login` for a new one, or paste the API token.'
          : 'That is not an API token of this qiao (the token is in QIAO_API_TOKEN, .qiao/api-token or qiao.yaml api.tokens).',
      );
    }
    c.set('identity', { name: session.name, role: session.role, via: 'session' });
    return c.json(session, 201);
  });

  app.get('/session', (c) => {
    const identity = c.get('identity');
    if (!identity) throw new ApiHttpError(401, 'auth.missing_token', 'Not logged in.');
    return c.json({ name: identity.name, role: identity.role, via: identity.via });
  });

  app.delete('/session', (c) => {
    const bearer = /^Bearer +(\S+)/i.exec(c.req.header('authorization') ?? '')?.[1];
    return c.json({ loggedOut: bearer !== undefined && access.sessions.revoke(bearer) });
  });

  return app;
}
