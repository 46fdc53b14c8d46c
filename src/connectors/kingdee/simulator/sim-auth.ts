import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Login credentials the simulator accepts. */
export interface SimCredentials {
  acctId: string;
  user: string;
  password: string;
  appId: string;
  appSecret: string;
  lcid: number;
}

export interface AuthOptions {
  /** Idle time after which a session is lost (ms); default 20 minutes. */
  sessionIdleMs: number;
  /** Wrong passwords in a row that lock the user; default 5. */
  lockoutAfter: number;
  /** How long a locked user stays locked (ms); default 30 minutes. */
  lockoutMs: number;
  /** LoginBySign timestamp tolerance (seconds) either side of now; default 600 (server window UNCERTAIN). */
  signWindowSec: number;
  /** Also verify the gateway `X-Api-Signature` header (private servers most likely do not); default false. */
  verifyApiSignature: boolean;
  /** XOR key of the gateway client-secret obfuscation; default the SDKs' fixed key. */
  xorKey: string;
}

export interface Session {
  id: string;
  aspId: string;
  userId: number;
  user: string;
  lcid: number;
  lastSeen: number;
  via: string;
}

export interface LoginOutcome {
  body: unknown;
  session?: Session;
}

const MSG_APP_AUTH = '002005000003016';

/** b64(hex(HMAC-SHA256(key, msg))) — the SDKs Base64 the hex string, not the raw MAC. */
export function kdHmac(key: string | Buffer, message: string): string {
  return Buffer.from(createHmac('sha256', key).update(message, 'utf8').digest('hex'), 'utf8').toString('base64');
}

/** LoginBySign: lower-hex SHA-256 of the ordinal-sorted concatenation of acctId, user, appId, appSecret, timestamp. */
export function loginSign(parts: string[]): string {
  return createHash('sha256')
    .update([...parts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(''), 'utf8')
    .digest('hex');
}

/** The gateway client secret: Base64(XOR(Base64Decode(secretPart), key)) when secretPart has 32 chars, else empty (PY SDK). */
export function gatewayClientSecret(appId: string, xorKey: string): string {
  const parts = appId.split('_');
  if (parts.length !== 2 || parts[1]!.length !== 32) return '';
  const raw = Buffer.from(parts[1]!, 'base64');
  const key = Buffer.from(xorKey, 'utf8');
  return Buffer.from(raw.map((b, i) => b ^ key[i % key.length]!)).toString('base64');
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Sessions, login methods and per-request signature headers. */
export class SimAuth {
  private readonly sessions = new Map<string, Session>();
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();
  logins = 0;

  constructor(
    private readonly creds: SimCredentials,
    private readonly userId: number,
    private readonly options: AuthOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs one of the AuthService login methods with decoded args. */
  login(method: string, args: Record<string, unknown>): LoginOutcome {
    const str = (k: string) => (args[k] == null ? '' : String(args[k]));
    const lcid = Number(args.lcid) || this.creds.lcid;
    if (str('acctid') !== this.creds.acctId)
      return { body: this.failure(-1, `数据中心“${str('acctid')}”不存在或已被删除。`, null, lcid) };
    const user = str('username');
    const lock = this.failures.get(user.toLowerCase());
    if (lock && lock.lockedUntil > this.now()) {
      return {
        body: this.failure(
          -1,
          `用户“${user}”登录失败次数超限，账户已被锁定，请${Math.ceil((lock.lockedUntil - this.now()) / 60_000)}分钟后再试。`,
          null,
          lcid,
        ),
      };
    }
    const base = method.replace(/2$/, '');
    if (base === 'ValidateUser') {
      if (user !== this.creds.user || str('password') !== this.creds.password) {
        if (user === this.creds.user) this.recordFailure(user);
        return { body: this.failure(0, '用户名或密码错误！', null, lcid) };
      }
    } else if (base === 'LoginByAppSecret') {
      if (
        user !== this.creds.user ||
        str('appid') !== this.creds.appId ||
        !same(str('appsecret'), this.creds.appSecret)
      ) {
        return {
          body: this.failure(
            -1,
            '第三方系统登录授权验证失败（Fail to verify thirty passport），请检查应用ID、应用密钥和用户名。',
            MSG_APP_AUTH,
            lcid,
          ),
        };
      }
    } else if (base === 'LoginBySign') {
      const ts = str('timestamp');
      const expected = loginSign([this.creds.acctId, user, str('appid'), this.creds.appSecret, ts]);
      const skew = Math.abs(this.now() / 1000 - Number(ts));
      if (
        user !== this.creds.user ||
        str('appid') !== this.creds.appId ||
        !same(str('sign').toLowerCase(), expected) ||
        !(skew <= this.options.signWindowSec)
      ) {
        return {
          body: this.failure(
            -1,
            '第三方系统登录授权验证失败（Fail to verify thirty passport），签名或时间戳无效。',
            MSG_APP_AUTH,
            lcid,
          ),
        };
      }
    } else {
      return { body: this.failure(-1, `不支持的登录方式${method}`, null, lcid) };
    }
    this.failures.delete(user.toLowerCase());
    if (/2$/.test(method) && ['true', '1'].includes(str('iskickoff').toLowerCase())) {
      for (const [id, s] of this.sessions) if (s.user === user) this.sessions.delete(id);
    }
    const session = this.newSession(user, lcid, base);
    return { body: this.success(session), session };
  }

  logout(session: Session | undefined): boolean {
    if (!session) return false;
    this.sessions.delete(session.id);
    this.sessions.delete(session.aspId);
    return true;
  }

  /** The live session named by the request (header `kdservice-sessionid`/`SID`, or cookie), touching it; undefined when missing or expired. */
  sessionOf(headers: Record<string, string | string[] | undefined>): Session | undefined {
    const cookies = parseCookies(String(headers.cookie ?? ''));
    const ids = [
      headers['kdservice-sessionid'],
      headers.sid,
      cookies['kdservice-sessionid'],
      cookies['ASP.NET_SessionId'],
    ]
      .map((v) => (Array.isArray(v) ? v[0] : v))
      .filter((v): v is string => Boolean(v));
    for (const id of ids) {
      const session = this.sessions.get(id);
      if (!session) continue;
      if (this.now() - session.lastSeen > this.options.sessionIdleMs) {
        this.drop(session);
        continue;
      }
      session.lastSeen = this.now();
      return session;
    }
    return undefined;
  }

  /** Drops a session (fault injection or expiry). */
  drop(session: Session): void {
    this.sessions.delete(session.id);
    this.sessions.delete(session.aspId);
  }

  /**
   * Login-less signature headers (X-Kd-Appkey/Appdata/Signature, optionally X-Api-*): 'none' when absent,
   * 'invalid' when present but wrong, else the user and lcid they name.
   */
  verifySignatureHeaders(
    headers: Record<string, string | string[] | undefined>,
    path: string,
  ): 'none' | 'invalid' | { user: string; lcid: number } {
    const h = (k: string) => {
      const v = headers[k];
      return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
    };
    if (!h('x-kd-signature') && !h('x-kd-appkey')) return 'none';
    const appKey = h('x-kd-appkey');
    const appData = Buffer.from(h('x-kd-appdata'), 'base64').toString('utf8');
    if (appKey !== this.creds.appId || !same(h('x-kd-signature'), kdHmac(this.creds.appSecret, appKey + appData)))
      return 'invalid';
    const [acct, user = '', lcid] = appData.split(',');
    if (acct !== this.creds.acctId || user !== this.creds.user) return 'invalid';
    if (this.options.verifyApiSignature) {
      const ts = h('x-api-timestamp'),
        nonce = h('x-api-nonce');
      const encodedPath = encodeURIComponent(path).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      );
      const toSign = `POST\n${encodedPath}\n\nx-api-nonce:${nonce}\nx-api-timestamp:${ts}\n`;
      if (!same(h('x-api-signature'), kdHmac(gatewayClientSecret(appKey, this.options.xorKey), toSign)))
        return 'invalid';
    }
    return { user, lcid: Number(lcid) || this.creds.lcid };
  }

  newSession(user: string, lcid: number, via: string): Session {
    this.logins++;
    // long runs log in many times (signature mode, re-logins): forget idle sessions now and then
    if (this.logins % 100 === 0)
      for (const s of new Set(this.sessions.values()))
        if (this.now() - s.lastSeen > this.options.sessionIdleMs) this.drop(s);
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      aspId: randomBytes(12).toString('base64url'),
      userId: this.userId,
      user,
      lcid,
      lastSeen: this.now(),
      via,
    };
    this.sessions.set(session.id, session);
    this.sessions.set(session.aspId, session);
    return session;
  }

  private recordFailure(user: string): void {
    const key = user.toLowerCase();
    const entry = this.failures.get(key) ?? { count: 0, lockedUntil: 0 };
    entry.count++;
    if (entry.count >= this.options.lockoutAfter) entry.lockedUntil = this.now() + this.options.lockoutMs;
    this.failures.set(key, entry);
  }

  private failure(type: number, message: string, messageCode: string | null, lcid: number): unknown {
    return {
      Message: message,
      MessageCode: messageCode,
      LoginResultType: type,
      Context: null,
      KDSVCSessionId: null,
      FormId: null,
      RedirectFormParam: null,
      FormInputObject: null,
      ErrorStackTrace: null,
      Lcid: lcid,
      AccessToken: null,
      CustomParam: {},
      KdAccessResult: null,
      IsSuccessByAPI: false,
    };
  }

  private success(session: Session): unknown {
    const zone = {
      OffsetTicks: 288_000_000_000,
      StandardName: '(UTC+08:00)北京，重庆，香港特别行政区，乌鲁木齐',
      Id: 230,
      Number: '1078_SYS',
      CanBeUsed: true,
    };
    return {
      Message: null,
      MessageCode: 'CheckPasswordPolicy',
      LoginResultType: 1,
      Context: {
        UserLocale: 'zh-CN',
        LogLocale: 'zh-CN',
        DBid: this.creds.acctId,
        DatabaseType: 3,
        SessionId: session.aspId,
        UseLanguages: [
          { LocaleId: 2052, LocaleName: '中文(简体)', Alias: 'CN', LicenseType: 0 },
          { LocaleId: 1033, LocaleName: 'English', Alias: 'EN', LicenseType: 0 },
        ],
        UserId: session.userId,
        UserName: session.user,
        CustomName: '深圳桥联电子科技有限公司',
        DisplayVersion: '8.2.612.8',
        DataCenterName: 'qiao演示账套',
        DataCenterNumber: 'QIAO',
        UserToken: randomBytes(16).toString('hex'),
        CurrentOrganizationInfo: {
          ID: 1,
          AcctOrgType: '1',
          Name: '深圳桥联电子科技有限公司',
          FunctionIds: [101, 102, 103, 104, 107, 108, 109, 110, 111, 112, 113, 114],
        },
        IsCH_ZH_AutoTrans: false,
        ClientType: 32,
        GDCID: '',
        Gsid: null,
        TRLevel: 0,
        ProductEdition: 0,
        ContextResultType: 0,
        IsDeployAsPublicCloud: false,
        TenantId: null,
        UTimeZone: zone,
        STimeZone: zone,
        WeiboAuthInfo: {
          WeiboUrl: null,
          NetWorkID: null,
          CompanyNetworkID: null,
          Account: ' ',
          AppKey: null,
          AppSecret: null,
          TokenKey: ' ',
          TokenSecret: ' ',
          Verify: null,
          CallbackUrl: null,
          UserId: ' ',
          Charset: 'utf-8',
        },
      },
      KDSVCSessionId: session.id,
      FormId: null,
      RedirectFormParam: null,
      FormInputObject: null,
      ErrorStackTrace: null,
      Lcid: session.lcid,
      AccessToken: null,
      CustomParam: {},
      KdAccessResult: null,
      IsSuccessByAPI: true,
    };
  }
}

export function parseCookies(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(/[;,]/)) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
