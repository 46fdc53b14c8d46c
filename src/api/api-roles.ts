import { API_ROLES } from '../app/config/qiao-config.schema.js';

/** viewer reads; operator also runs, retries, skips, enables and moves cursors; admin also edits schemes. */
export type ApiRole = (typeof API_ROLES)[number];

/** Who is calling: a token's name (the audit log's "who") and what it may do. */
export interface ApiIdentity {
  name: string;
  role: ApiRole;
}

const RANK: Record<ApiRole, number> = { viewer: 0, operator: 1, admin: 2 };

/** Whether `role` may do what `needed` may. */
export function roleAllows(role: ApiRole, needed: ApiRole): boolean {
  return RANK[role] >= RANK[needed];
}

/** Routes an operator may call besides reading. Anything else that changes state needs admin. */
const OPERATOR_ROUTES: ReadonlyArray<[method: string, path: RegExp]> = [
  ['POST', /^\/api\/schemes\/[^/]+\/(enable|disable|run|retry)$/],
  ['PUT', /^\/api\/schemes\/[^/]+\/cursor$/],
  ['POST', /^\/api\/records\/[^/]+\/[^/]+\/(retry|skip)$/],
  // Previewing a saved scheme reads the source like a run does; previewing unsaved YAML needs admin (checked in the route).
  ['POST', /^\/api\/preview$/],
];

/** POSTs that change nothing: validating YAML is a read. */
const READ_ONLY_POSTS: readonly RegExp[] = [/^\/api\/schemes\/validate$/];

/** Anyone may log in and out (POST authenticates by its body; DELETE ends the caller's own session). */
const SESSION = /^\/api\/session$/;

/**
 * The least role a request needs. Reads need viewer; the operator actions are listed; every other
 * state-changing request needs admin, so a route added later is admin-only until someone decides otherwise.
 */
export function requiredRole(method: string, path: string): ApiRole {
  if (method === 'GET' || method === 'HEAD') return 'viewer';
  if ((method === 'POST' || method === 'DELETE') && SESSION.test(path)) return 'viewer';
  if (READ_ONLY_POSTS.some((p) => method === 'POST' && p.test(path))) return 'viewer';
  if (OPERATOR_ROUTES.some(([m, p]) => m === method && p.test(path))) return 'operator';
  return 'admin';
}

/** Whether a request changes state (and so is audited): anything but reads and read-only POSTs. */
export function changesState(method: string, path: string): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return false;
  if (method === 'POST' && path === '/api/preview') return false;
  return !READ_ONLY_POSTS.some((p) => method === 'POST' && p.test(path));
}

export { API_ROLES };
