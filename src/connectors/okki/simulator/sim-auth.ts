/**
 * OAuth2 of the simulated tenant (League OAuth2-server style, as OKKI runs): `client_credentials` and
 * `password` grants, refresh, Bearer checks. A repeated token request while the token is valid returns
 * the same token with the remaining lifetime ("requesting again does not extend validity").
 * Errors are HTTP 400 `{error, error_description, hint?, message}`; a rejected Bearer token is HTTP 401
 * `{error: "access_denied", …}`.
 */
import { randomBytes } from 'node:crypto';
import type { Tenant } from './sim-tenant.js';
import { str } from './sim-util.js';

/** Scope names the vendor documents; anything else is `invalid_scope`. */
export const KNOWN_SCOPES = [
  'product',
  'company',
  'lead',
  'opportunity',
  'invoices',
  'user',
  'costInvoice',
  'paymentInvoice',
  'purchaseOrder',
  'warehouse',
  'capitalAccount',
];

export interface TokenRecord {
  accessToken: string;
  refreshToken: string;
  clientId: string;
  userId: number;
  scopes: Set<string>;
  expiresAt: number;
  revoked: boolean;
  refreshUsed: boolean;
  /** Authenticated business calls made with this token (drives the revoke-early fault). */
  calls: number;
}

export interface AuthReply {
  status: number;
  body: Record<string, unknown>;
}

export interface AuthConfig {
  clientId: string;
  clientSecret: string;
  /** Scopes this client may request. */
  scopes: string[];
  /** Access-token lifetime (seconds, default 28800 = 8 h). */
  tokenTtlSeconds: number;
}

function oauthError(error: string, description: string, hint?: string, message = description): AuthReply {
  return { status: 400, body: { error, error_description: description, ...(hint ? { hint } : {}), message } };
}

function accessDenied(hint: string): AuthReply {
  const text = 'The resource owner or authorization server denied the request.';
  return { status: 401, body: { error: 'access_denied', error_description: text, hint, message: text } };
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export class SimAuth {
  private readonly byAccess = new Map<string, TokenRecord>();
  private readonly byRefresh = new Map<string, TokenRecord>();
  /** The live token per client + user + scope set. */
  private readonly current = new Map<string, TokenRecord>();
  tokenRequests = 0;

  constructor(
    private readonly tenant: Tenant,
    private readonly config: AuthConfig,
  ) {}

  private now(): number {
    return this.tenant.clock();
  }

  private checkClient(body: Record<string, unknown>): AuthReply | undefined {
    if (!str(body.client_id))
      return oauthError(
        'invalid_request',
        'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.',
        'Check the `client_id` parameter',
      );
    if (body.client_id !== this.config.clientId || body.client_secret !== this.config.clientSecret) {
      return oauthError('invalid_client', 'Client authentication failed');
    }
    return undefined;
  }

  private reply(record: TokenRecord): AuthReply {
    const remaining = Math.max(0, Math.floor((record.expiresAt - this.now()) / 1000));
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: remaining,
        access_token: record.accessToken,
        refresh_token: record.refreshToken,
      },
    };
  }

  private mint(clientId: string, userId: number, scopes: Set<string>): TokenRecord {
    const issued = this.now();
    const jti = randomBytes(20).toString('hex');
    const exp = issued + this.config.tokenTtlSeconds * 1000;
    const accessToken = `${b64({ typ: 'JWT', alg: 'RS256' })}.${b64({ aud: clientId, jti, iat: Math.floor(issued / 1000), exp: Math.floor(exp / 1000), sub: String(userId), scopes: [...scopes] })}.${randomBytes(32).toString('base64url')}`;
    const record: TokenRecord = {
      accessToken,
      refreshToken: `def502${randomBytes(48).toString('hex')}`,
      clientId,
      userId,
      scopes,
      expiresAt: exp,
      revoked: false,
      refreshUsed: false,
      calls: 0,
    };
    this.byAccess.set(accessToken, record);
    this.byRefresh.set(record.refreshToken, record);
    this.current.set(`${clientId}|${userId}|${[...scopes].sort().join(' ')}`, record);
    return record;
  }

  /** `POST /v1/oauth2/access_token`. */
  issue(body: Record<string, unknown>): AuthReply {
    this.tokenRequests++;
    const grant = str(body.grant_type);
    if (!grant)
      return oauthError(
        'invalid_request',
        'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.',
        'Check the `grant_type` parameter',
      );
    if (grant !== 'client_credentials' && grant !== 'password')
      return oauthError(
        'unsupported_grant_type',
        'The authorization grant type is not supported by the authorization server.',
        'Check that all required parameters have been provided',
      );
    const clientProblem = this.checkClient(body);
    if (clientProblem) return clientProblem;
    const requested = (Array.isArray(body.scope) ? body.scope.map(str) : str(body.scope).split(/[\s,]+/)).filter(
      Boolean,
    );
    if (requested.length === 0)
      return oauthError(
        'invalid_scope',
        'The requested scope is invalid, unknown, or malformed',
        'Specify a scope in the request or set a default scope',
      );
    const refused = requested.find((s) => !KNOWN_SCOPES.includes(s) || !this.config.scopes.includes(s));
    if (refused)
      return oauthError(
        'invalid_scope',
        'The requested scope is invalid, unknown, or malformed',
        `Check the \`${refused}\` scope`,
      );
    let userId = this.tenant.apiUserId;
    if (grant === 'password') {
      const user = [...this.tenant.users.values()].find((u) => u.email === str(body.username));
      if (!user?.passwordSha256 || user.passwordSha256 !== str(body.password).toLowerCase()) {
        return oauthError(
          'invalid_credentials',
          'The user credentials were incorrect.',
          undefined,
          'user.authentication.failed',
        );
      }
      userId = user.user_id;
    }
    const scopes = new Set(requested);
    const live = this.current.get(`${this.config.clientId}|${userId}|${[...scopes].sort().join(' ')}`);
    if (live && !live.revoked && live.expiresAt > this.now()) return this.reply(live);
    return this.reply(this.mint(this.config.clientId, userId, scopes));
  }

  /** `POST /v1/oauth2/refresh_token`: a fresh access token; the old access and refresh tokens stop working. */
  refresh(body: Record<string, unknown>): AuthReply {
    this.tokenRequests++;
    if (str(body.grant_type) !== 'refresh_token')
      return oauthError(
        'unsupported_grant_type',
        'The authorization grant type is not supported by the authorization server.',
        'Check that all required parameters have been provided',
      );
    const clientProblem = this.checkClient(body);
    if (clientProblem) return clientProblem;
    const old = this.byRefresh.get(str(body.refresh_token));
    if (!old || old.clientId !== this.config.clientId)
      return oauthError('invalid_request', 'The refresh token is invalid.', 'Cannot decrypt the refresh token');
    if (old.refreshUsed)
      return oauthError('invalid_request', 'The refresh token is invalid.', 'Token has been revoked');
    old.refreshUsed = true;
    old.revoked = true;
    return this.reply(this.mint(old.clientId, old.userId, old.scopes));
  }

  /** Checks an `Authorization` header (`Bearer <token>`; a bare token is accepted too). */
  authenticate(header: string | undefined): { record: TokenRecord } | { reject: AuthReply } {
    if (!header) return { reject: accessDenied('Missing "Authorization" header') };
    const token = header.replace(/^Bearer\s+/i, '').trim();
    const record = this.byAccess.get(token);
    if (!record) return { reject: accessDenied('Access token could not be verified') };
    if (record.revoked) return { reject: accessDenied('Access token has been revoked') };
    if (record.expiresAt <= this.now()) return { reject: accessDenied('Access token is invalid') };
    record.calls++;
    return { record };
  }

  /** The client a (known) access token belongs to, for per-client rate limiting. */
  clientOf(header: string | undefined): string | undefined {
    return this.byAccess.get(
      String(header ?? '')
        .replace(/^Bearer\s+/i, '')
        .trim(),
    )?.clientId;
  }

  /** Revokes a token before its expiry (fault injection); the next token request mints a new one. */
  revoke(record: TokenRecord): void {
    record.revoked = true;
  }
}
