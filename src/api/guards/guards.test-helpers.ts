import { Hono, type MiddlewareHandler } from 'hono';
import { createOnError } from '../on-error.js';
import { silentLogger } from '../../core/logger.js';

/** A one-route app behind `guard`, answering 200 "passed" to whatever gets through. */
export function behind(
  guard: MiddlewareHandler,
): (
  method: string,
  path: string,
  headers?: Record<string, string>,
) => Promise<{ status: number; code?: string; message?: string }> {
  const app = new Hono();
  app.onError(createOnError(silentLogger));
  app.use('*', guard);
  app.all('*', (c) => c.text('passed'));
  return async (method, path, headers = {}) => {
    const res = await app.request(path, { method, headers });
    const text = await res.text();
    if (text === 'passed') return { status: res.status };
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    return { status: res.status, code: body.error.code, message: body.error.message };
  };
}
