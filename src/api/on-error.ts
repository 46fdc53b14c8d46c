import type { Logger } from '../core/logger.js';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { IntegrationError, type ErrorKind } from '../core/errors.js';
import { redact } from '../core/redact.js';
import { ApiHttpError, type ApiErrorBody } from './api-error.js';

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503;

/** HTTP status per error kind: what the caller can do about it. */
const STATUS_BY_KIND: Record<ErrorKind, ErrorStatus> = {
  config: 422,
  record: 422,
  lookup_missing: 422,
  transient: 503,
  rate_limited: 503,
  outcome_unknown: 503,
  internal: 500,
};

function statusOf(error: IntegrationError): ErrorStatus {
  // Engine codes such as `scheme.not_found` / `scheme.exists` say more than the kind does.
  if (/(^|\.)not_found$/.test(error.code)) return 404;
  if (/(^|\.)(exists|conflict|id_mismatch)$/.test(error.code)) return 409;
  if (error.kind === 'config' && error.code.endsWith('.invalid')) return 400;
  return STATUS_BY_KIND[error.kind];
}

/**
 * The one error handler of the API app: ApiHttpError and IntegrationError keep their code and
 * message (both are written to be shown), anything else becomes a generic 500 whose details go
 * to the log only. No stack traces or cause chains ever reach the response.
 */
export function createOnError(logger: Logger) {
  return (error: Error, c: Context): Response => {
    if (error instanceof ApiHttpError) {
      const body: ApiErrorBody = {
        error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) },
      };
      if (error.status === 401) c.header('WWW-Authenticate', 'Bearer realm="qiao"');
      return c.json(body, error.status);
    }
    if (error instanceof IntegrationError) {
      const status = statusOf(error);
      if (status >= 500)
        logger.warn({ err: redact(error.toJSON()), path: c.req.path, method: c.req.method }, 'API request failed');
      if (error.retryAfterMs !== undefined)
        c.header('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
      const issues = Array.isArray(error.details.issues) ? error.details.issues : undefined;
      return c.json(
        { error: { code: error.code, message: redact(error.message), ...(issues ? { issues: redact(issues) } : {}) } },
        status,
      );
    }
    if (error instanceof HTTPException) {
      // Middleware that built its own answer (hono/bearer-auth, with our error body): keep it.
      if (error.res) return error.getResponse();
      return c.json(
        { error: { code: `http.${error.status}`, message: error.message || 'Request refused.' } },
        error.status,
      );
    }
    logger.error(
      {
        err: { name: error.name, message: redact(error.message), stack: error.stack },
        path: c.req.path,
        method: c.req.method,
      },
      'Unexpected error in API handler',
    );
    return c.json(
      {
        error: {
          code: 'internal',
          message: 'qiao hit an unexpected error handling this request; the server log has the details.',
        },
      },
      500,
    );
  };
}
