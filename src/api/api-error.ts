/** One problem with a request, pointing at the bad field (e.g. "statuses.0", "limit"). */
export interface ApiIssue {
  path: string;
  line?: number;
  column?: number;
  message: string;
}

/** The JSON body of every error the API returns. */
export interface ApiErrorBody {
  error: { code: string; message: string; issues?: ApiIssue[] };
}

/**
 * An HTTP error raised by a route handler (bad input, unknown id, refused auth). The single
 * `onError` handler turns it into `{ error: { code, message, issues? } }` with `status`.
 */
export class ApiHttpError extends Error {
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;
  readonly code: string;
  readonly issues?: ApiIssue[];

  constructor(status: ApiHttpError['status'], code: string, message: string, issues?: ApiIssue[]) {
    super(message);
    this.name = 'ApiHttpError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

/** A 404 for an id the caller asked about that qiao does not know. */
export function notFound(what: string, id: string): ApiHttpError {
  return new ApiHttpError(
    404,
    `${what}.not_found`,
    `No ${what} "${id}" is known. List them with GET /api/${what === 'record' ? 'records' : `${what}s`}.`,
  );
}
