import { describe, expect, it } from 'vitest';
import { interpolateEnv } from './env-interpolation.js';
import { literalSecretMessage, literalStorePasswordMessage } from './literal-secrets.js';

const message = (path: string, raw: string) => literalSecretMessage(path.split('.'), interpolateEnv(raw, {}));

describe('literal secrets in qiao.yaml', () => {
  it('refuses a written secret and names the variable to use instead', () => {
    expect(message('connections.kingdee.auth.appSecret', 'abc')).toBe(
      'A secret written into qiao.yaml; use ${KINGDEE_APP_SECRET} instead (appSecret: "${KINGDEE_APP_SECRET}") and set KINGDEE_APP_SECRET in the environment',
    );
    expect(message('api.token', 'abc')).toContain('use ${QIAO_API_TOKEN} instead');
    expect(message('connections.okki-prod.clientSecret', 'abc')).toContain('use ${OKKI_PROD_CLIENT_SECRET} instead');
  });

  it('refuses a default that is the secret, and accepts references and other keys', () => {
    expect(message('connections.okki.clientSecret', '${OKKI_SECRET:-abc}')).toContain(
      'puts a default secret into qiao.yaml',
    );
    expect(message('connections.okki.clientSecret', '${OKKI_SECRET}')).toBeNull();
    expect(message('connections.okki.clientId', 'abc')).toBeNull();
    expect(message('connections.okki.tokenRefreshMarginSeconds', '300')).toBeNull();
    expect(message('api.requireToken', 'yes')).toBeNull();
  });

  it('refuses a password in a PostgreSQL URL but not a reference or no password', () => {
    expect(literalStorePasswordMessage('postgres://qiao:pw@db/qiao')).toBe(
      'A database password written into qiao.yaml; use store: "postgres://qiao:${PG_PASSWORD}@db/qiao" and set PG_PASSWORD in the environment',
    );
    expect(literalStorePasswordMessage('postgres://qiao:${PG_PASSWORD}@db/qiao')).toBeNull();
    expect(literalStorePasswordMessage('postgres://qiao@db/qiao')).toBeNull();
    expect(literalStorePasswordMessage('sqlite:.qiao/qiao.db')).toBeNull();
  });
});
