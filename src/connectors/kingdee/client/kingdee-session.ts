import { KingdeeError } from '../kingdee-errors.js';
import { parseKingdeeReply } from './kingdee-response.js';
import { KingdeeServices } from './kingdee-services.js';
import { buildSignatureHeaders, loginBySignSign } from './kingdee-signature.js';
import type { KingdeeTransport } from './kingdee-transport.js';
import type { KingdeeConnectionConfig } from '../kingdee.config.js';

export const SESSION_COOKIE = 'kdservice-sessionid';

/** The subset of LoginResult qiao reads. */
export interface KingdeeLoginInfo {
  loginResultType: number;
  userName?: string;
  userId?: number;
  dataCenterName?: string;
  displayVersion?: string;
}

/**
 * The session of one connection: logs in (password / app secret / sign) or signs every request
 * (signature mode), keeps the cookies, and renews at most once per lost session however many
 * calls noticed the loss at the same time.
 */
export class KingdeeSession {
  private readonly cookies = new Map<string, string>();
  private loginInFlight: Promise<void> | undefined;
  private refused: KingdeeError | undefined;
  /** Bumped on every new session; a call that saw generation g only renews if it is still g. */
  private generation = 0;
  private loggedIn = false;
  /** Facts of the last successful login (no secrets). */
  info: KingdeeLoginInfo | undefined;
  logins = 0;

  constructor(
    private readonly config: KingdeeConnectionConfig,
    private readonly transport: KingdeeTransport,
    private readonly now: () => number,
  ) {}

  get current(): number {
    return this.generation;
  }

  /**
   * Logs in unless a session exists (signature mode never logs in). A refused login is remembered
   * and rethrown without asking the server again — repeated wrong passwords lock the user (次数超限) —
   * until `force` (an explicit login) clears it.
   */
  async ensure(signal?: AbortSignal, force = false): Promise<void> {
    if (force) this.refused = undefined;
    if (this.refused) throw this.refused;
    if (this.config.auth.method === 'signature' || this.loggedIn) return;
    await this.login(signal);
  }

  /** Drops the session seen as generation `seen` and logs in again (once, shared by concurrent callers). */
  async renew(seen: number, signal?: AbortSignal): Promise<void> {
    if (this.loginInFlight) return this.loginInFlight;
    if (seen !== this.generation) return; // another caller already renewed
    this.cookies.clear();
    this.loggedIn = false;
    this.generation++;
    if (this.config.auth.method !== 'signature') await this.login(signal);
  }

  /** Forgets the session without telling the server. */
  reset(): void {
    this.cookies.clear();
    this.loggedIn = false;
    this.generation++;
  }

  /** Headers carrying the session (cookie + same-named header) and, in signature mode, the signature. */
  headers(url: string): Record<string, string> {
    const headers: Record<string, string> = {};
    const auth = this.config.auth;
    if (auth.method === 'signature') {
      Object.assign(
        headers,
        buildSignatureHeaders({
          url,
          acctId: this.config.acctId,
          username: auth.username,
          appId: auth.appId,
          appSecret: auth.appSecret,
          lcid: this.config.lcid,
          orgNum: auth.orgNum,
          xorKey: auth.xorKey,
          timestampSeconds: Math.floor(this.now() / 1000),
        }),
      );
    }
    if (this.cookies.size > 0) {
      headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const sid = this.cookies.get(SESSION_COOKIE);
      if (sid) headers[SESSION_COOKIE] = sid;
    }
    return headers;
  }

  /** Keeps the cookies a reply set (signature mode gets its session this way). */
  absorb(cookies: Array<[string, string]>): void {
    for (const [name, value] of cookies) {
      if (value === '' || value.toLowerCase() === 'deleted') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private login(signal?: AbortSignal): Promise<void> {
    if (!this.loginInFlight) {
      this.loginInFlight = this.loginNow(signal)
        .catch((error: unknown) => {
          if (error instanceof KingdeeError && error.kind === 'config') this.refused = error;
          throw error;
        })
        .finally(() => {
          this.loginInFlight = undefined;
        });
    }
    return this.loginInFlight;
  }

  private loginRequest(): { service: string; body: unknown } {
    const { acctId, lcid } = this.config;
    const auth = this.config.auth;
    switch (auth.method) {
      case 'password':
        return {
          service: KingdeeServices.ValidateUser,
          body: { acctid: acctId, username: auth.username, password: auth.password, lcid },
        };
      case 'appSecret':
        return {
          service: KingdeeServices.LoginByAppSecret,
          body: { acctid: acctId, username: auth.username, appid: auth.appId, appsecret: auth.appSecret, lcid },
        };
      case 'sign': {
        const timestampSeconds = Math.floor(this.now() / 1000);
        const sign = loginBySignSign({
          acctId,
          username: auth.username,
          appId: auth.appId,
          appSecret: auth.appSecret,
          timestampSeconds,
        });
        // Only the positional form of LoginBySign is documented.
        return {
          service: KingdeeServices.LoginBySign,
          body: { parameters: [acctId, auth.username, auth.appId, String(timestampSeconds), sign, lcid] },
        };
      }
      default:
        throw new Error('signature mode has no login call');
    }
  }

  private async loginNow(signal?: AbortSignal): Promise<void> {
    const { service, body } = this.loginRequest();
    this.cookies.clear();
    const reply = await this.transport.post(service, JSON.stringify(body), {}, { write: false, signal });
    const parsed = parseKingdeeReply(reply.text);
    if (parsed.kind === 'unparseable')
      throw new KingdeeError({ source: 'bad_body', service, bodySnippet: this.transport.snippet(reply.text) });
    if (parsed.kind === 'exception')
      throw new KingdeeError({ source: 'exception', service, messages: [parsed.message] });
    if (parsed.kind === 'status')
      throw new KingdeeError({
        source: 'login',
        service,
        msgCode: parsed.status.msgCode,
        errors: parsed.status.errors,
      });
    const result = (
      parsed.kind === 'data' && parsed.value && typeof parsed.value === 'object' ? parsed.value : {}
    ) as Record<string, unknown>;
    const type = Number(result.LoginResultType);
    const ok = type === 1 || result.IsSuccessByAPI === true;
    if (!ok) {
      const message =
        typeof result.Message === 'string' && result.Message
          ? result.Message
          : `LoginResultType ${Number.isNaN(type) ? 'missing' : type}`;
      throw new KingdeeError({
        source: 'login',
        service,
        messages: [message],
        extra: { loginResultType: type, messageCode: result.MessageCode ?? undefined },
      });
    }
    this.absorb(reply.cookies);
    const sid =
      typeof result.KDSVCSessionId === 'string' && result.KDSVCSessionId
        ? result.KDSVCSessionId
        : this.cookies.get(SESSION_COOKIE);
    if (!sid)
      throw new KingdeeError({
        source: 'shape',
        service,
        messages: ['login succeeded but no session id came back (KDSVCSessionId / kdservice-sessionid)'],
      });
    this.cookies.set(SESSION_COOKIE, sid);
    const context = (result.Context ?? {}) as Record<string, unknown>;
    this.info = {
      loginResultType: type,
      userName: typeof context.UserName === 'string' ? context.UserName : undefined,
      userId: typeof context.UserId === 'number' ? context.UserId : undefined,
      dataCenterName: typeof context.DataCenterName === 'string' ? context.DataCenterName : undefined,
      displayVersion: typeof context.DisplayVersion === 'string' ? context.DisplayVersion : undefined,
    };
    this.loggedIn = true;
    this.generation++;
    this.logins++;
  }
}
