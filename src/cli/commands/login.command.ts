import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { parse, stringify } from 'yaml';
import { DEFAULT_CONFIG_FILE, parseConfigText } from '../../app/config/load-config.js';
import type { QiaoConfig } from '../../app/config/qiao-config.schema.js';
import { ConfigError } from '../../core/errors.js';
import { formatIssue } from '../../scheme/load-scheme.js';
import { ApiAccess } from '../../api/access/api-access.js';
import { LOGIN_CODE_TTL_MS } from '../../api/access/login-codes.js';
import { resolveApiToken } from '../../api/api-token.js';
import { withConfigOption, type ConfigFlags } from '../cli-engine.js';
import { intOption } from '../operator-format.js';
import { emit } from '../output.js';

interface LoginFlags extends ConfigFlags {
  url?: string;
  minutes?: string;
  json?: boolean;
}

/**
 * qiao.yaml's `api:` section alone, validated: a login link needs no connection secrets, so the
 * shell asking for one does not need KINGDEE_APP_SECRET and friends set.
 */
async function loadApiSettings(flags: ConfigFlags): Promise<{ api: QiaoConfig['api']; baseDir: string }> {
  const file = resolve(flags.config ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(file))
    throw new ConfigError(`No ${file}: pass --config FILE, or run the command where qiao.yaml is`, {
      code: 'cli.config_missing',
    });
  let api: unknown;
  try {
    api = (parse(await readFile(file, 'utf8'), { maxAliasCount: 100 }) as { api?: unknown } | null)?.api;
  } catch (error) {
    throw new ConfigError(`Cannot read ${file}: ${(error as Error).message.split('\n')[0]}`, {
      code: 'config.invalid',
    });
  }
  const result = parseConfigText(stringify(api === undefined ? {} : { api }), file);
  if (!result.ok)
    throw new ConfigError(`Invalid api settings:\n${result.issues.map(formatIssue).join('\n')}`, {
      code: 'config.invalid',
    });
  return { api: result.config.api, baseDir: dirname(file) };
}

/**
 * `qiao login`: a fresh one-time console login link for the qiao this qiao.yaml describes. The
 * code is signed with the primary API token, so the running `qiao start` accepts it without
 * being asked; the token itself never appears in the link.
 */
export function register(program: Command): void {
  withConfigOption(
    program
      .command('login')
      .description(
        'Print a one-time login link for the console of a running `qiao start` (valid 15 minutes, usable once)',
      )
      .option('--url <url>', 'the console address as you open it (default http://<api.host>:<api.port> from qiao.yaml)')
      .option('--minutes <n>', 'how long the link works (1-1440, default 15)')
      .option('--json', 'print { url, expiresAt } as JSON'),
  )
    .addHelpText('after', '\nExamples:\n  qiao login\n  qiao login --url https://qiao.internal --minutes 5')
    .action(async (flags: LoginFlags) => {
      const minutes = intOption('minutes', flags.minutes, { min: 1, max: 1440 }) ?? LOGIN_CODE_TTL_MS / 60_000;
      const config = await loadApiSettings(flags);
      const { token, source, file } = await resolveApiToken({
        configured: config.api.token,
        dataDir: resolve(config.baseDir, '.qiao'),
      });
      const primarySource = { config: 'qiao.yaml api.token', env: 'QIAO_API_TOKEN', file, generated: file }[source];
      const access = new ApiAccess({ primaryToken: token, primarySource });
      const wildcard = ['0.0.0.0', '::', '[::]'].includes(config.api.host);
      const host = wildcard ? '127.0.0.1' : config.api.host.includes(':') ? `[${config.api.host}]` : config.api.host;
      const base = flags.url ?? `http://${host}:${config.api.port}`;
      const url = access.loginUrl(base, minutes * 60_000);
      const expiresAt = new Date(Date.now() + minutes * 60_000).toISOString();
      emit({ url, expiresAt }, flags, () => {
        process.stdout.write(`${url}\n`);
        process.stderr.write(`Open it in your browser within ${minutes} minute(s); it works once.\n`);
        if (source === 'generated')
          process.stderr.write(`(A new API token was generated into ${file}; restart \`qiao start\` so it uses it.)\n`);
      });
    });
}
