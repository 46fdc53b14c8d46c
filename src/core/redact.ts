/** Keys whose values are secrets wherever they appear (request bodies, configs, error details). */
const SECRET_KEY =
  /(pass(word)?|secret|token|signature|sessionid|session_id|authorization|cookie|appsec|client_secret|kdservice)/i;

export const REDACTED = '***';

/**
 * A deep copy of `value` with secret-looking fields replaced, for logs, errors, snapshots and the API.
 * Also masks any of the `knownSecrets` strings wherever they occur inside other strings.
 */
export function redact<T>(value: T, knownSecrets: readonly string[] = []): T {
  const secrets = knownSecrets.filter((s) => s.length >= 4);
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > 20) return '[deep]';
    if (typeof v === 'string') return secrets.reduce((s, secret) => s.split(secret).join(REDACTED), v);
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v))
        out[k] = SECRET_KEY.test(k) && item != null && item !== '' ? REDACTED : walk(item, depth + 1);
      return out;
    }
    return v;
  };
  return walk(value, 0) as T;
}
