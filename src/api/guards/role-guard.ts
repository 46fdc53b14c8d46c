import type { MiddlewareHandler } from 'hono';
import { ApiHttpError } from '../api-error.js';
import type { ApiEnv } from '../api-env.js';
import { requiredRole, roleAllows, type ApiRole } from '../api-roles.js';

/** The 403 for an identity whose role is below `needed`. */
export function roleRefused(identity: { name: string; role: ApiRole }, needed: ApiRole, what: string): ApiHttpError {
  return new ApiHttpError(
    403,
    'auth.forbidden',
    `The token "${identity.name}" has the role ${identity.role}; ${what} needs ${needed}. Ask an admin for a token with that role (qiao.yaml api.tokens).`,
  );
}

/** Refuses a request the caller's role does not cover (see `requiredRole`); unauthenticated paths pass. */
export function roleGuard(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const identity = c.get('identity');
    if (!identity) return next();
    const needed = requiredRole(c.req.method, c.req.path);
    if (!roleAllows(identity.role, needed)) throw roleRefused(identity, needed, `${c.req.method} ${c.req.path}`);
    return next();
  };
}
