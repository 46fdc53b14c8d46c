import { SECRET_KEY } from './config-secrets.js';
import type { InterpolationResult } from './env-interpolation.js';

/**
 * Secrets in qiao.yaml come only from the environment (the README's promise): a credential
 * written into the file ends up in backups, repositories and support tickets. A literal value, or
 * a `${NAME:-default}` whose default is the secret, is refused with the line to write instead.
 * Returns the message, or null when the value is fine.
 */
export function literalSecretMessage(
  path: ReadonlyArray<string | number>,
  interpolated: InterpolationResult,
): string | null {
  const key = String(path[path.length - 1] ?? '');
  if (!SECRET_KEY.test(key) || key === 'requireToken') return null;
  const name = suggestedVariable(path);
  if (interpolated.used.length === 0)
    return `A secret written into qiao.yaml; use \${${name}} instead (${key}: "\${${name}}") and set ${name} in the environment`;
  if (interpolated.defaulted.length > 0)
    return `\${${interpolated.defaulted[0]}:-…} puts a default secret into qiao.yaml; write \${${interpolated.defaulted[0]}} without a default and set it in the environment`;
  return null;
}

/** A password written into a postgres:// store URL (before interpolation), or null. */
export function literalStorePasswordMessage(raw: string): string | null {
  const match = /^(postgres(?:ql)?:\/\/)([^:@/]*):([^@]*)@(.*)$/i.exec(raw);
  if (!match) return null;
  const [, scheme, user, password, rest] = match;
  if (password === '' || /\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(password ?? '')) return null;
  return `A database password written into qiao.yaml; use store: "${scheme}${user}:\${PG_PASSWORD}@${rest}" and set PG_PASSWORD in the environment`;
}

/** KINGDEE_APP_SECRET for connections.kingdee.auth.appSecret, QIAO_API_TOKEN for api.token. */
function suggestedVariable(path: ReadonlyArray<string | number>): string {
  const words = path.filter((p): p is string => typeof p === 'string');
  const inConnection = words[0] === 'connections';
  const parts = (inConnection ? words.slice(1) : ['qiao', ...words]).filter((w) => w !== 'auth');
  return parts
    .map((w) => w.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_'))
    .join('_')
    .toUpperCase();
}
