import type { Logger } from '../../core/logger.js';
import type { Engine, LoadedSchemeInfo } from '../../runtime/engine.js';
import { notFound } from '../api-error.js';

/** What every route module gets from `createApiApp`. */
export interface RouteDeps {
  engine: Engine;
  logger: Logger;
}

/** The loaded scheme, or a 404 naming the unknown id. */
export async function requireScheme(engine: Engine, id: string): Promise<LoadedSchemeInfo> {
  const info = await engine.getScheme(id);
  if (!info) throw notFound('scheme', id);
  return info;
}
