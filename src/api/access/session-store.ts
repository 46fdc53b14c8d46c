import { createHash, randomBytes } from 'node:crypto';
import type { ApiIdentity } from '../api-roles.js';

export interface SessionStoreOptions {
  /** A session unused this long ends (default 12 h). */
  idleMs?: number;
  /** A session ends this long after login however much it is used (default 7 days). */
  maxAgeMs?: number;
  /** Most live sessions; the oldest is dropped beyond it (default 1000). */
  maxSessions?: number;
  now?: () => number;
}

interface Session {
  identity: ApiIdentity;
  createdAt: number;
  lastUsedAt: number;
}

/**
 * Console sessions, in memory: a login gives the console a random session token it sends as
 * `Authorization: Bearer`, so the API token never sits in browser storage. Sessions are keyed by
 * the token's hash (a lookup leaks nothing usable through timing) and end on restart, after
 * `idleMs` unused, after `maxAgeMs`, or on logout.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly idleMs: number;
  private readonly maxAgeMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(options: SessionStoreOptions = {}) {
    this.idleMs = options.idleMs ?? 12 * 3_600_000;
    this.maxAgeMs = options.maxAgeMs ?? 7 * 24 * 3_600_000;
    this.maxSessions = options.maxSessions ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** A new session for `identity`; the returned token is shown to the caller once and never stored. */
  create(identity: ApiIdentity): { session: string; expiresAt: string } {
    this.prune();
    while (this.sessions.size >= this.maxSessions) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    const session = `qs_${randomBytes(32).toString('base64url')}`;
    const now = this.now();
    this.sessions.set(hash(session), { identity: { ...identity }, createdAt: now, lastUsedAt: now });
    return { session, expiresAt: new Date(Math.min(now + this.idleMs, now + this.maxAgeMs)).toISOString() };
  }

  /** The identity of a live session (and it counts as used now), else null. */
  find(session: string): ApiIdentity | null {
    const key = hash(session);
    const found = this.sessions.get(key);
    if (!found) return null;
    const now = this.now();
    if (now - found.lastUsedAt > this.idleMs || now - found.createdAt > this.maxAgeMs) {
      this.sessions.delete(key);
      return null;
    }
    found.lastUsedAt = now;
    return { ...found.identity };
  }

  /** Ends a session (logout); false when it was not live. */
  revoke(session: string): boolean {
    return this.sessions.delete(hash(session));
  }

  get size(): number {
    this.prune();
    return this.sessions.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, s] of this.sessions)
      if (now - s.lastUsedAt > this.idleMs || now - s.createdAt > this.maxAgeMs) this.sessions.delete(key);
  }
}

const hash = (s: string): string => createHash('sha256').update(s).digest('hex');
