import { z } from 'zod';

/** Per-connection throughput limits, shared by every caller of that connection. */
export const rateLimitSchema = z
  .strictObject({
    ratePerSecond: z
      .number()
      .positive()
      .optional()
      .describe('Calls started per second, smoothed by a token bucket. Unset: unlimited.'),
    burst: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Calls that may start at once after idling (bucket size). Default: max(1, ratePerSecond).'),
    concurrency: z.number().int().positive().optional().describe('Calls in flight at once. Unset: unlimited.'),
  })
  .describe('Rate and concurrency limit for one connection.');

export type RateLimitOptions = z.infer<typeof rateLimitSchema>;

/**
 * A token bucket plus a semaphore. Unlike a fixed delay between calls (what hosted platforms do),
 * it lets bursts through up to `burst` and keeps the long-run rate at `ratePerSecond`.
 * `pauseFor` stops new calls for a while, for a server's Retry-After.
 */
export class RateLimiter {
  private tokens: number;
  private lastRefill: number;
  private inFlight = 0;
  private pausedUntil = 0;
  private readonly waiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: RateLimitOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = this.capacity;
    this.lastRefill = now();
  }

  private get capacity(): number {
    return this.options.burst ?? Math.max(1, Math.floor(this.options.ratePerSecond ?? 1));
  }

  /** Runs `task` once a token and a concurrency slot are free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.inFlight--;
      this.drain();
    }
  }

  /** Holds back every new call for `ms` milliseconds (e.g. after HTTP 429 Retry-After). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.drain();
    });
  }

  private refill(): void {
    const rate = this.options.ratePerSecond;
    if (rate === undefined) return;
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.lastRefill) / 1000) * rate);
    this.lastRefill = now;
  }

  private drain(): void {
    if (this.timer) return;
    this.refill();
    while (this.waiters.length > 0) {
      const wait = this.waitTime();
      if (wait === Infinity) return; // a finishing call will drain again
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, wait);
        return;
      }
      if (this.options.ratePerSecond !== undefined) this.tokens -= 1;
      this.inFlight++;
      this.waiters.shift()!();
    }
  }

  /** Milliseconds until the next waiter may start; Infinity when only a finishing call can free a slot. */
  private waitTime(): number {
    const now = this.now();
    if (this.pausedUntil > now) return this.pausedUntil - now;
    if (this.options.concurrency !== undefined && this.inFlight >= this.options.concurrency) return Infinity;
    const rate = this.options.ratePerSecond;
    if (rate !== undefined && this.tokens < 1) return Math.ceil(((1 - this.tokens) / rate) * 1000);
    return 0;
  }
}
