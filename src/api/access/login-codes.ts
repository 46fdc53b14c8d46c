import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a printed login link works unless said otherwise. */
export const LOGIN_CODE_TTL_MS = 15 * 60_000;
/** Codes claiming a longer life than this are refused, whoever signed them. */
const MAX_TTL_MS = 24 * 3_600_000;
const FORMAT = /^(\d{10})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/**
 * One-time, short-lived login codes for the console (`/login#<code>`), signed with a key derived
 * from the primary API token: `qiao start` and `qiao login` can mint them without talking to each
 * other, and the token itself never appears in a URL. A code works once (its nonce is remembered
 * until it expires) and only before its expiry.
 */
export class LoginCodes {
  private readonly key: Buffer;
  private readonly used = new Map<string, number>();

  constructor(
    primaryToken: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = createHash('sha256').update('qiao-login-code-v1\0').update(primaryToken).digest();
  }

  /** A new code valid for `ttlMs`: `<expiry seconds>.<nonce>.<mac>`. */
  issue(ttlMs: number = LOGIN_CODE_TTL_MS): string {
    const expires = Math.floor((this.now() + Math.min(ttlMs, MAX_TTL_MS)) / 1000);
    const nonce = randomBytes(16).toString('base64url');
    return `${expires}.${nonce}.${this.mac(expires, nonce)}`;
  }

  /** True exactly once for a genuine, unexpired code; false for anything else. */
  redeem(code: string): boolean {
    const match = FORMAT.exec(code);
    if (!match) return false;
    const [, expiresText, nonce, mac] = match as unknown as [string, string, string, string];
    const expiresMs = Number(expiresText) * 1000;
    const now = this.now();
    if (expiresMs <= now || expiresMs > now + MAX_TTL_MS) return false;
    // Both are 43 base64url characters (the format says so), as timingSafeEqual needs.
    if (!timingSafeEqual(Buffer.from(this.mac(Number(expiresText), nonce)), Buffer.from(mac))) return false;
    this.forgetExpired(now);
    if (this.used.has(nonce)) return false;
    this.used.set(nonce, expiresMs);
    return true;
  }

  private mac(expires: number, nonce: string): string {
    return createHmac('sha256', this.key).update(`${expires}.${nonce}`).digest('base64url');
  }

  private forgetExpired(now: number): void {
    for (const [nonce, expires] of this.used) if (expires <= now) this.used.delete(nonce);
  }
}
