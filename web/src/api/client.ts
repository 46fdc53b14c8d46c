import type { LoginResult, SchemeValidationIssue } from './types.js';

/** The console session (from POST /api/session), never the API token itself. */
const SESSION_KEY = 'qiao.session';
/** Where older consoles kept the raw API token; removed on load. */
const LEGACY_TOKEN_KEY = 'qiao.token';

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

export function getSession(): string | null {
  return storage()?.getItem(SESSION_KEY) ?? null;
}

export function setSession(session: string | null): void {
  if (session) storage()?.setItem(SESSION_KEY, session);
  else storage()?.removeItem(SESSION_KEY);
}

/** Exchanges a one-time login code or an API token for a session and keeps the session. */
export async function logIn(credential: { code: string } | { token: string }): Promise<void> {
  const answer = await api<LoginResult>('/api/session', { method: 'POST', body: credential, anonymous: true });
  setSession(answer.session);
}

/** Ends the session on the server (best effort) and forgets it here. */
export async function logOut(): Promise<void> {
  await api('/api/session', { method: 'DELETE' }).catch(() => undefined);
  setSession(null);
  window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
}

/**
 * The login link `qiao start` prints is `/login#<one-time code>`: the code rides in the fragment,
 * so it is never sent to a server or written to a log. It is taken out of the address bar at once
 * (history and bookmarks never keep it) and exchanged for a session. Resolves to the error when
 * the exchange failed, null when there was nothing to do or it worked.
 */
export async function logInFromUrl(): Promise<ApiError | null> {
  storage()?.removeItem(LEGACY_TOKEN_KEY);
  if (window.location.pathname !== '/login') return null;
  const code = window.location.hash.replace(/^#/, '');
  window.history.replaceState(null, '', '/#/');
  if (!code) return null;
  try {
    await logIn({ code });
    return null;
  } catch (error) {
    return error instanceof ApiError ? error : new ApiError(0, 'network', String(error));
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Send no session (logging in). */
  anonymous?: boolean;
}

/** Calls the qiao HTTP API (same origin) with the session as bearer and returns the parsed JSON body. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const session = options.anonymous ? null : getSession();
  if (session) headers.authorization = `Bearer ${session}`;
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  // The API wants JSON declared on every change, body or not (browsers cannot forge that cross-site).
  if (method !== 'GET') headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
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
  if (response.status === 401 && !options.anonymous) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
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
