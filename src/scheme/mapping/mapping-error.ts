import { IntegrationError, type IntegrationErrorOptions } from '../../core/errors.js';

/** A record-level mapping failure: this document cannot be mapped as it is; fix the data or the scheme. */
export function recordError(code: string, message: string, details: Record<string, unknown> = {}): IntegrationError {
  return new IntegrationError(message, { code, kind: 'record', details });
}

/** Re-labels an error with where it happened (target field, document key), keeping code and kind. */
export function withLocation(
  error: IntegrationError,
  where: { field?: string; key?: string; stage?: string },
): IntegrationError {
  const parts = [
    where.field ? (where.stage ? `"${where.field}"` : `field "${where.field}"`) : null,
    where.key !== undefined ? `document ${where.key}` : null,
  ].filter(Boolean);
  const options: IntegrationErrorOptions = {
    code: error.code,
    kind: error.kind,
    retryAfterMs: error.retryAfterMs,
    details: {
      ...error.details,
      ...(where.field ? { field: where.field } : {}),
      ...(where.key !== undefined ? { key: where.key } : {}),
    },
    cause: error,
  };
  return new IntegrationError(
    parts.length ? `${where.stage ?? 'Mapping'} ${parts.join(' of ')}: ${error.message}` : error.message,
    options,
  );
}
