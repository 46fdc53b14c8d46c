import { REDACTED } from '../../core/redact.js';
import type { QiaoConfig } from './qiao-config.schema.js';

/**
 * Keys holding credentials: they END with one of these words (appSecret, clientSecret, password,
 * token, xorKey), so settings such as tokenRefreshMarginSeconds are not mistaken for secrets.
 */
export const SECRET_KEY = /(password|secret|token|xorkey|signature|cookie|sessionid)$/i;

/** Secret values in a config: credential fields at any depth, the API tokens, the store URL's password. */
export function collectSecrets(config: QiaoConfig): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (SECRET_KEY.test(k) && typeof v === 'string' && v !== '') found.push(v);
        else walk(v);
      }
    }
  };
  walk(config.connections);
  if (config.api.token) found.push(config.api.token);
  for (const t of config.api.tokens ?? []) found.push(t.token);
  const password = storePassword(config.store);
  if (password) found.push(password);
  return found;
}

function storePassword(store: string): string | null {
  if (!/^postgres(ql)?:\/\//.test(store)) return null;
  try {
    const password = new URL(store).password;
    return password ? decodeURIComponent(password) : null;
  } catch {
    return null;
  }
}

/**
 * A copy of the config safe to print or return from the API: credential fields masked, the store
 * URL's password masked, and any known secret value masked wherever else it appears.
 */
export function describeConfigForDisplay(
  config: QiaoConfig & { secrets?: readonly string[] },
): Record<string, unknown> {
  const { secrets = [], ...rest } = config;
  const known = secrets.filter((x) => x.length >= 4);
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === 'string')
      return SECRET_KEY.test(key) && value !== ''
        ? REDACTED
        : known.reduce((s, secret) => s.split(secret).join(REDACTED), value);
    if (Array.isArray(value)) return value.map((v) => walk(v, ''));
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  const copy = walk(rest, '') as Record<string, unknown>;
  if (typeof copy.store === 'string' && storePassword(config.store)) {
    const url = new URL(config.store);
    url.password = REDACTED;
    copy.store = url.toString().replace(encodeURIComponent(REDACTED), REDACTED);
  }
  return copy;
}
