import type { Command } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { emit } from '../output.js';
import {
  startOkkiSimulator,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type OkkiFaults,
} from '../../connectors/okki/simulator/okki-simulator.js';

interface OkkiSimFlags {
  port: string;
  host: string;
  seed: string;
  clientId?: string;
  clientSecret?: string;
  scopes: string;
  preload: string;
  tokenTtl?: string;
  requireFields?: string;
  revokeTokenAfter?: string;
  rateLimit?: string;
  error5xxEvery?: string;
  slowMs?: string;
  commitThenTimeoutEvery?: string;
  commitThen5xxEvery?: string;
  hangMs?: string;
  json?: boolean;
}

function count(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new ConfigError(`--${flag} must be a non-negative whole number (got "${value}")`, {
      code: 'cli.invalid_option',
    });
  return n;
}

function faultsFrom(flags: OkkiSimFlags): OkkiFaults {
  const faults: OkkiFaults = {
    revokeTokenAfterNCalls: count('revoke-token-after', flags.revokeTokenAfter),
    rateLimitPerSecond: count('rate-limit', flags.rateLimit),
    error5xxEveryNCalls: count('error-5xx-every', flags.error5xxEvery),
    slowMs: count('slow-ms', flags.slowMs),
    commitThenTimeoutEveryNPushes: count('commit-then-timeout-every', flags.commitThenTimeoutEvery),
    hangMs: count('hang-ms', flags.hangMs),
    commitThen5xxEveryNPushes: count('commit-then-5xx-every', flags.commitThen5xxEvery),
  };
  return Object.fromEntries(Object.entries(faults).filter(([, v]) => v !== undefined));
}

/**
 * Adds `okki` under `qiao sim`: runs the Xiaoman OKKI CRM simulator until Ctrl-C, and
 * `qiao sim okki dump --url URL` prints the orders of a running one.
 */
export function registerOkkiSim(sim: Command): void {
  const okki = sim
    .command('okki')
    .description(
      `Run the Xiaoman OKKI CRM (小满) open-API simulator (default client ${DEFAULT_CLIENT_ID} / ${DEFAULT_CLIENT_SECRET})`,
    )
    .option('--port <port>', 'port to listen on (0 = any free port)', '8082')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--seed <n>', 'master-data seed, same as the Kingdee simulator', '1')
    .option('--client-id <id>', `OAuth client id (default ${DEFAULT_CLIENT_ID})`)
    .option('--client-secret <secret>', 'OAuth client secret (default: the demo secret)')
    .option(
      '--scopes <list>',
      'scopes the client may request (space or comma separated)',
      'invoices company product user',
    )
    .option('--preload <mode>', 'which Kingdee customers/materials already exist in OKKI: all | half | none', 'half')
    .option('--token-ttl <seconds>', 'access-token lifetime in seconds (default 28800 = 8 h)')
    .option('--require-fields <list>', 'extra order fields the tenant makes mandatory, e.g. departments')
    .option('--revoke-token-after <n>', 'fault: revoke the token after N authenticated calls')
    .option('--rate-limit <perSecond>', 'fault: HTTP 429 + Retry-After above this many requests per second per client')
    .option('--error-5xx-every <n>', 'fault: every Nth business call answers 500/502/503')
    .option('--slow-ms <ms>', 'fault: delay every reply')
    .option('--commit-then-timeout-every <n>', 'fault: every Nth order push is saved but the reply never arrives')
    .option('--hang-ms <ms>', 'how long such a lost reply holds the socket before dropping it (default 30000)')
    .option('--commit-then-5xx-every <n>', 'fault: every Nth order push is saved, then answered 500/502/503')
    .option('--json', 'print the start-up line as JSON')
    .action(async (flags: OkkiSimFlags) => {
      if (!['all', 'half', 'none'].includes(flags.preload))
        throw new ConfigError(`--preload must be all, half or none (got "${flags.preload}")`, {
          code: 'cli.invalid_option',
        });
      const simulator = await startOkkiSimulator({
        port: count('port', flags.port),
        host: flags.host,
        seed: count('seed', flags.seed),
        clientId: flags.clientId,
        clientSecret: flags.clientSecret,
        scopes: flags.scopes.split(/[\s,]+/).filter(Boolean),
        preload: flags.preload as 'all' | 'half' | 'none',
        tokenTtlSeconds: count('token-ttl', flags.tokenTtl),
        requiredOrderFields: flags.requireFields?.split(/[\s,]+/).filter(Boolean),
        faults: faultsFrom(flags),
      });
      const { clientId, clientSecret, scopes } = simulator.credentials;
      emit({ url: simulator.url, clientId, clientSecret, scopes }, { json: flags.json }, () => {
        process.stdout.write(
          `OKKI simulator listening on ${simulator.url}  (seed ${flags.seed}, preload ${flags.preload})\n`,
        );
        process.stdout.write(
          `  client_id      ${clientId}\n  client_secret  ${clientSecret}\n  scopes         ${scopes.join(' ')}\n`,
        );
        process.stdout.write(
          `  admin          ${simulator.url}/__admin/orders | /__admin/stats | POST /__admin/faults\n`,
        );
      });
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          void simulator.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  okki
    .command('dump')
    .description('Print the orders of a running OKKI simulator as JSON')
    .requiredOption('--url <url>', 'simulator base URL, e.g. http://127.0.0.1:8082')
    .option('--removed', 'print removed orders instead of live ones')
    .action(async (flags: { url: string; removed?: boolean }) => {
      const target = `${flags.url.replace(/\/+$/, '')}/__admin/orders${flags.removed ? '?removed=1' : ''}`;
      let res: Response;
      try {
        res = await fetch(target);
      } catch (error) {
        throw new ConfigError(
          `Cannot reach the OKKI simulator at ${flags.url}: ${(error as Error).message}. Is \`qiao sim okki\` running?`,
          { code: 'cli.simulator_unreachable' },
        );
      }
      if (!res.ok)
        throw new ConfigError(`${target} answered HTTP ${res.status}; is ${flags.url} an OKKI simulator?`, {
          code: 'cli.simulator_unreachable',
        });
      process.stdout.write(`${JSON.stringify(await res.json(), null, 2)}\n`);
    });
}
