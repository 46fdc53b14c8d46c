import { describe, expect, it } from 'vitest';
import { parseConfigText } from './load-config.js';

const parse = (api: string, env: Record<string, string> = {}) => parseConfigText(`api:\n${api}`, 'qiao.yaml', env);
const messages = (api: string, env: Record<string, string> = {}) => {
  const result = parse(api, env);
  return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('qiao.yaml api settings', () => {
  it('takes named tokens with roles from the environment, and extra host names', () => {
    const result = parse(
      '  tokens:\n    - { name: ci, token: "${QIAO_TOKEN_CI}", role: operator }\n    - { name: grafana, token: "${QIAO_TOKEN_RO}", role: viewer }\n  allowedHosts: [qiao.internal, 10.0.0.5, "[fd00::5]"]\n',
      { QIAO_TOKEN_CI: 'ci-token-0123456789abcdef', QIAO_TOKEN_RO: 'ro-token-0123456789abcdef' },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.api.tokens).toEqual([
      { name: 'ci', token: 'ci-token-0123456789abcdef', role: 'operator' },
      { name: 'grafana', token: 'ro-token-0123456789abcdef', role: 'viewer' },
    ]);
    expect(result.config.api.allowedHosts).toEqual(['qiao.internal', '10.0.0.5', '[fd00::5]']);
    // Named tokens are secrets: masked in logs like the primary one.
    expect(result.config.secrets).toEqual(
      expect.arrayContaining(['ci-token-0123456789abcdef', 'ro-token-0123456789abcdef']),
    );
  });

  it('refuses requireToken: false, saying the token is always required now', () => {
    expect(messages('  requireToken: false\n')).toEqual([expect.stringContaining('always requires a token')]);
    expect(messages('  requireToken: true\n')).toEqual([]);
  });

  it.each([
    [
      'an unknown role',
      '  tokens: [{ name: x, token: abcdefghijklmnopqrstu, role: root }]\n',
      'tokens[0].role: Invalid option',
    ],
    ['a short token', '  tokens: [{ name: x, token: short, role: viewer }]\n', '16 characters'],
    ['a token with spaces', '  tokens: [{ name: x, token: "abc defghijklmnopqrstu", role: viewer }]\n', 'no spaces'],
    [
      'the reserved name admin',
      '  tokens: [{ name: admin, token: abcdefghijklmnopqrstu, role: admin }]\n',
      'primary token',
    ],
    [
      'a name used twice',
      '  tokens:\n    - { name: x, token: abcdefghijklmnopqrstu1, role: viewer }\n    - { name: x, token: abcdefghijklmnopqrstu2, role: viewer }\n',
      'used twice',
    ],
    [
      'one token for two names',
      '  tokens:\n    - { name: x, token: abcdefghijklmnopqrstu, role: viewer }\n    - { name: y, token: abcdefghijklmnopqrstu, role: admin }\n',
      'give each its own',
    ],
    ['a host with a port', '  allowedHosts: ["qiao.internal:8080"]\n', 'without scheme or port'],
    ['a URL as host', '  allowedHosts: ["https://qiao.internal"]\n', 'without scheme or port'],
    ['a wildcard host', '  allowedHosts: ["*"]\n', 'without scheme or port'],
    ['an unknown api key', '  cors: true\n', 'cors'],
  ])('refuses %s', (_what, api, fragment) => {
    expect(messages(api).join('\n')).toContain(fragment);
  });
});
