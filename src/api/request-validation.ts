import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiHttpError, type ApiIssue } from './api-error.js';

/** Largest request body accepted (bytes): scheme YAML is small; 1 MiB leaves ample room. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** zod issues as API issues, with dotted paths such as "statuses.0". */
export function toApiIssues(error: z.ZodError, prefix = ''): ApiIssue[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    return { path: path || '(root)', message: issue.message };
  });
}

function describe(issues: ApiIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}

/** Parses and validates the JSON body; a bad body becomes a 400 naming the bad field. */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const length = Number(c.req.header('content-length') ?? 0);
  if (length > MAX_BODY_BYTES)
    throw new ApiHttpError(
      413,
      'api.body_too_large',
      `The request body is ${length} bytes; the limit is ${MAX_BODY_BYTES}.`,
    );
  const text = await c.req.text();
  let value: unknown;
  if (text.trim() === '') value = {};
  else {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ApiHttpError(
        400,
        'api.invalid_json',
        `The request body is not valid JSON (${(error as Error).message}). Send Content-Type: application/json with a JSON object.`,
      );
    }
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = toApiIssues(result.error);
    throw new ApiHttpError(400, 'api.invalid_body', `Invalid request body: ${describe(issues)}.`, issues);
  }
  return result.data;
}

/** Validates the query string (single values; repeat a parameter to pass a list). */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const query: Record<string, string> = {};
  for (const [key, values] of Object.entries(c.req.queries())) if (values.length > 0) query[key] = values.join(',');
  const result = schema.safeParse(query);
  if (!result.success) {
    const issues = toApiIssues(result.error);
    throw new ApiHttpError(400, 'api.invalid_query', `Invalid query parameter: ${describe(issues)}.`, issues);
  }
  return result.data;
}
