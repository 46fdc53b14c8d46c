import type { ResolvedIdentity } from './access/api-access.js';

/** The Hono environment of the API app: who the request is from, once authenticated. */
export type ApiEnv = { Variables: { identity?: ResolvedIdentity } };
