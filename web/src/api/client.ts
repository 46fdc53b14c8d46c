import type { SchemeValidationIssue } from './types.js';

const TOKEN_KEY = 'qiao.token';

/** An API answer with a 4xx/5xx status, carrying the contract's `{ error: { code, message, issues } }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: SchemeValidationIssue[];

  constructor(status: number, code: string, message: string, issues: SchemeValidationIssue[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

/** Fired on window when the API answers 401, so the app can ask for a token. */
export const UNAUTHORIZED_EVENT = 'qiao:unauthorized';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function getToken(): string | null {
  return storage()?.getItem(TOKEN_KEY) ?? null;
}

export function setToken(token: string | null): void {
  if (token) storage()?.setItem(TOKEN_KEY, token);
  else storage()?.removeItem(TOKEN_KEY);
}

/**
 * Takes `?token=` from the page URL once, keeps it in localStorage and removes it from the
 * address bar (so it does not end up in bookmarks or screenshots).
 */
export function captureTokenFromUrl(): void {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (!token) return;
  setToken(token);
  url.searchParams.delete('token');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/** Calls the qiao HTTP API (same origin) and returns the parsed JSON body. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (response.status === 401) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string; issues?: SchemeValidationIssue[] } } | null)
      ?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `http.${response.status}`,
      error?.message ?? (text.slice(0, 200) || response.statusText),
      error?.issues ?? [],
    );
  }
  return body as T;
}

/** Builds a query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Path segment encoder for scheme ids and record keys. */
export const seg = encodeURIComponent;
