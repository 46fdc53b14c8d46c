import type { MiddlewareHandler } from 'hono';
import { ApiHttpError } from '../api-error.js';

/** Names of this machine every qiao answers to. */
export const LOOPBACK_HOST_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

/** Whether `host` only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** The host names a server bound to `boundHost` answers to: loopback names, the bound address (unless a wildcard), and `extra`. */
export function allowedHostNames(boundHost: string, extra: readonly string[] = []): string[] {
  const bound = boundHost.trim().toLowerCase();
  const wildcard = bound === '' || bound === '0.0.0.0' || bound === '::' || bound === '[::]';
  const shown = bound.includes(':') && !bound.startsWith('[') ? `[${bound}]` : bound;
  return [...new Set([...LOOPBACK_HOST_NAMES, ...(wildcard ? [] : [shown]), ...extra.map((h) => h.toLowerCase())])];
}

/** The host name of a Host header without its port ("[::1]:8080" → "[::1]"); null when malformed. */
export function hostNameOf(header: string): string | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(?::\d{1,5})?$/.exec(header.trim());
  return match ? match[1]!.toLowerCase() : null;
}

/** A hostile header value, safe and short enough to quote in an error message. */
export function quoteHeader(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(printable.length > 80 ? `${printable.slice(0, 80)}…` : printable);
}

/**
 * Answers only requests whose Host header names this server: a page on attacker.example whose DNS
 * name is re-pointed at 127.0.0.1 (DNS rebinding) sends `Host: attacker.example` and gets 403.
 * /healthz stays open to any Host (load balancers probe by IP; it carries no data).
 */
export function hostAllowList(allowed: readonly string[]): MiddlewareHandler {
  const names = new Set(allowed.map((h) => h.toLowerCase()));
  return async (c, next) => {
    if (c.req.path === '/healthz') return next();
    const header = c.req.header('host') ?? new URL(c.req.url).host;
    const name = hostNameOf(header);
    if (name === null || !names.has(name)) {
      throw new ApiHttpError(
        403,
        'api.host_not_allowed',
        `qiao does not answer to the host name ${quoteHeader(header)} (a guard against DNS rebinding). Open it by one of ${[...names].join(', ')}, or add the name to qiao.yaml api.allowedHosts.`,
      );
    }
    return next();
  };
}
