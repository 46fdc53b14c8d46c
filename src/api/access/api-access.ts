import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../../core/errors.js';
import { PRIMARY_TOKEN_NAME } from '../../app/config/qiao-config.schema.js';
import type { ApiIdentity, ApiRole } from '../api-roles.js';
import { LOGIN_CODE_TTL_MS, LoginCodes } from './login-codes.js';
import { SessionStore, type SessionStoreOptions } from './session-store.js';

/** A configured token (qiao.yaml `api.tokens`). */
export interface NamedToken {
  name: string;
  token: string;
  role: ApiRole;
}

export interface ApiAccessOptions {
  /** The primary token (api.token, QIAO_API_TOKEN or .qiao/api-token): admin, named "admin". */
  primaryToken: string;
  /** Where the primary token came from, for the error when it is unusable. */
  primarySource?: string;
  /** qiao.yaml `api.tokens`. */
  tokens?: readonly NamedToken[];
  sessions?: SessionStoreOptions;
  now?: () => number;
}

/** What the caller presented and who it turned out to be. */
export interface ResolvedIdentity extends ApiIdentity {
  via: 'token' | 'session';
}

const BEARER = /^[A-Za-z0-9._~+/-]+=*$/;
const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Failed logins allowed per minute before POST /api/session answers 429 for a while. */
const LOGIN_FAILURES_PER_MINUTE = 20;

/**
 * Who may use the API: the primary admin token, the named tokens with their roles, console
 * sessions and one-time login codes. Tokens are compared in constant time, every one of them
 * every time, so neither which token matched nor how much of it leaks through timing.
 */
export class ApiAccess {
  readonly sessions: SessionStore;
  private readonly codes: LoginCodes;
  private readonly tokens: Array<{ digest: Buffer; identity: ApiIdentity }>;
  private readonly now: () => number;
  private failures: number[] = [];

  constructor(options: ApiAccessOptions) {
    checkToken(options.primaryToken, options.primarySource ?? 'api.token');
    this.now = options.now ?? Date.now;
    this.tokens = [
      { digest: digest(options.primaryToken), identity: { name: PRIMARY_TOKEN_NAME, role: 'admin' } },
      ...(options.tokens ?? []).map((t) => {
        checkToken(t.token, `api.tokens "${t.name}"`);
        return { digest: digest(t.token), identity: { name: t.name, role: t.role } };
      }),
    ];
    this.sessions = new SessionStore({ now: this.now, ...options.sessions });
    this.codes = new LoginCodes(options.primaryToken, this.now);
  }

  /** The identity behind a bearer value (an API token or a session), else null. */
  identify(bearer: string): ResolvedIdentity | null {
    const presented = digest(bearer);
    let found: ApiIdentity | null = null;
    for (const t of this.tokens) if (timingSafeEqual(presented, t.digest) && !found) found = t.identity;
    if (found) return { ...found, via: 'token' };
    const session = bearer.startsWith('qs_') ? this.sessions.find(bearer) : null;
    return session ? { ...session, via: 'session' } : null;
  }

  /** A console login URL with a fresh one-time code (the code rides in the fragment: never sent, never logged). */
  loginUrl(baseUrl: string, ttlMs: number = LOGIN_CODE_TTL_MS): string {
    return `${baseUrl.replace(/\/+$/, '')}/login#${this.codes.issue(ttlMs)}`;
  }

  /** Redeems a login code (admin) or an API token for a console session; null when neither is good. */
  login(
    credential: { code: string } | { token: string },
  ): ({ session: string; expiresAt: string } & ApiIdentity) | null {
    let identity: ApiIdentity | null = null;
    if ('code' in credential)
      identity = this.codes.redeem(credential.code) ? { name: PRIMARY_TOKEN_NAME, role: 'admin' } : null;
    else {
      const resolved = this.identify(credential.token);
      identity = resolved?.via === 'token' ? { name: resolved.name, role: resolved.role } : null;
    }
    if (!identity) {
      this.failures.push(this.now());
      return null;
    }
    return { ...this.sessions.create(identity), ...identity };
  }

  /** Whether too many logins failed in the last minute (then logins are refused for a while). */
  loginThrottled(): boolean {
    const since = this.now() - 60_000;
    this.failures = this.failures.filter((t) => t > since);
    return this.failures.length >= LOGIN_FAILURES_PER_MINUTE;
  }
}

/** A token must be long and made of bearer characters, or it could be guessed or never be sent. */
function checkToken(token: string, where: string): void {
  if (token.length >= 16 && BEARER.test(token)) return;
  throw new ConfigError(
    `The API token from ${where} is unusable: use at least 16 letters, digits or . _ ~ + / - (for example \`openssl rand -base64 32\`).`,
    { code: 'config.api_token_invalid' },
  );
}
