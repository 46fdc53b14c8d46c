/** A bearer token and when qiao stops using it (epoch milliseconds). */
export interface OkkiToken {
  accessToken: string;
  /** When the server says it expires (epoch ms). */
  expiresAt: number;
}

/**
 * Caches one access token and shares it between concurrent callers: while a token request is
 * in flight every caller awaits that same request, so 50 parallel calls cause one token request.
 * The token is renewed `marginMs` before expiry; `invalidate` drops it after the server rejected it.
 */
export class OkkiTokenCache {
  private token: OkkiToken | undefined;
  private pending: Promise<OkkiToken> | undefined;

  /**
   * @param fetchToken performs one token request.
   * @param marginMs renew this long before `expiresAt` (milliseconds).
   */
  constructor(
    private readonly fetchToken: () => Promise<OkkiToken>,
    private readonly marginMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token valid for at least `marginMs` more (fetching one if needed). */
  async get(): Promise<OkkiToken> {
    const token = this.token;
    if (token && token.expiresAt - this.marginMs > this.now()) return token;
    return this.refresh();
  }

  /**
   * Forgets `rejected` if it is still the cached token, and fetches a new one. Callers that saw
   * the same rejected token at the same time share a single refresh.
   */
  async renewAfterRejection(rejected: OkkiToken): Promise<OkkiToken> {
    if (this.token && this.token.accessToken !== rejected.accessToken) return this.token;
    if (this.token?.accessToken === rejected.accessToken) this.token = undefined;
    return this.refresh();
  }

  /** Drops the cached token (e.g. when the connection settings change). */
  clear(): void {
    this.token = undefined;
  }

  private refresh(): Promise<OkkiToken> {
    if (!this.pending) {
      this.pending = this.fetchToken().then(
        (token) => {
          this.token = token;
          this.pending = undefined;
          return token;
        },
        (error: unknown) => {
          this.pending = undefined;
          throw error;
        },
      );
    }
    return this.pending;
  }
}
