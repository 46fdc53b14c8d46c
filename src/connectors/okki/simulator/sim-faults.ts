/**
 * Fault switches of the OKKI simulator. None of these is documented vendor behaviour except early
 * token revocation; they exist so clients can prove they survive throttling, 5xx, slowness and
 * "the write happened but the reply was lost".
 */

export interface OkkiFaults {
  /** After N authenticated calls the current token is revoked early (next call: 401 / access_denied). */
  revokeTokenAfterNCalls?: number;
  /** Above this many requests per second (per client), answer HTTP 429 with Retry-After. */
  rateLimitPerSecond?: number;
  /** Every Nth business call answers HTTP 500/502/503 (in turn) without doing anything. */
  error5xxEveryNCalls?: number;
  /** Every reply delayed this many ms. */
  slowMs?: number;
  /** Every Nth order push is saved but the reply never arrives (socket held open ~hangMs then destroyed). */
  commitThenTimeoutEveryNPushes?: number;
  /** How long a "commit then time out" reply holds the socket before destroying it (ms, default 30000). */
  hangMs?: number;
  /** Every Nth order push is saved, then answered HTTP 500/502/503 (in turn), as a gateway failing after the commit would. */
  commitThen5xxEveryNPushes?: number;
}

const FIVE_XX = [500, 502, 503] as const;

/** Counters and windows behind the switches; `set` replaces the switches and restarts the counters. */
export class FaultState {
  private faults: OkkiFaults = {};
  private businessCalls = 0;
  private orderPushes = 0;
  private committedPushes = 0;
  private fiveXxAfterCommitServed = 0;
  private fiveXxServed = 0;
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(faults: OkkiFaults = {}) {
    this.set(faults);
  }

  set(faults: OkkiFaults): void {
    for (const [key, value] of Object.entries(faults)) {
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
        throw new Error(`fault ${key} must be a non-negative number (got ${JSON.stringify(value)})`);
      }
    }
    this.faults = { ...faults };
    this.businessCalls = 0;
    this.orderPushes = 0;
    this.committedPushes = 0;
    this.windows.clear();
  }

  get(): OkkiFaults {
    return { ...this.faults };
  }

  /** Seconds the caller must wait when `key` is over the per-second budget, else undefined. */
  rateLimited(key: string, nowMs = Date.now()): number | undefined {
    const limit = this.faults.rateLimitPerSecond;
    if (!limit) return undefined;
    const second = Math.floor(nowMs / 1000) * 1000;
    let w = this.windows.get(key);
    if (!w || w.start !== second) {
      w = { start: second, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= limit) return 1;
    w.count++;
    return undefined;
  }

  /** The 5xx status to answer for this business call, if it is the Nth. */
  next5xx(): number | undefined {
    const n = this.faults.error5xxEveryNCalls;
    this.businessCalls++;
    if (!n || this.businessCalls % n !== 0) return undefined;
    return FIVE_XX[this.fiveXxServed++ % FIVE_XX.length];
  }

  /** Whether this order push (already committed) should lose its reply. */
  hangThisPush(): boolean {
    const n = this.faults.commitThenTimeoutEveryNPushes;
    this.orderPushes++;
    return !!n && this.orderPushes % n === 0;
  }

  /** The 5xx status to answer for this order push (already committed), if it is the Nth. */
  fiveXxAfterCommit(): number | undefined {
    const n = this.faults.commitThen5xxEveryNPushes;
    this.committedPushes++;
    if (!n || this.committedPushes % n !== 0) return undefined;
    return FIVE_XX[this.fiveXxAfterCommitServed++ % FIVE_XX.length];
  }

  shouldRevoke(callsWithToken: number): boolean {
    const n = this.faults.revokeTokenAfterNCalls;
    return !!n && callsWithToken >= n;
  }

  get slowMs(): number {
    return this.faults.slowMs ?? 0;
  }

  get hangMs(): number {
    return this.faults.hangMs ?? 30_000;
  }
}
