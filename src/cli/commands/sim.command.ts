import type { Command } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { emit } from '../output.js';
import {
  DEFAULT_KINGDEE_CREDENTIALS,
  startKingdeeSimulator,
  type KingdeeFaults,
} from '../../connectors/kingdee/simulator/kingdee-simulator.js';
import { registerOkkiSim } from './sim-okki.command.js';

interface KingdeeSimFlags {
  port: string;
  host: string;
  seed: string;
  orders: string;
  acctId?: string;
  user?: string;
  password?: string;
  appId?: string;
  appSecret?: string;
  lcid?: string;
  sessionIdleMs?: string;
  sessionExpiryEvery?: string;
  callLimitEvery?: string;
  networkConflictEvery?: string;
  proxy502Every?: string;
  truncateEvery?: string;
  slowMs?: string;
  allowSaveAudited?: boolean;
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

function kingdeeFaults(flags: KingdeeSimFlags): KingdeeFaults {
  const faults: KingdeeFaults = {
    sessionExpiryEveryNCalls: count('session-expiry-every', flags.sessionExpiryEvery),
    callLimitEveryNCalls: count('call-limit-every', flags.callLimitEvery),
    networkConflictEveryNCalls: count('network-conflict-every', flags.networkConflictEvery),
    proxy502EveryNCalls: count('proxy-502-every', flags.proxy502Every),
    truncateEveryNCalls: count('truncate-every', flags.truncateEvery),
    slowMs: count('slow-ms', flags.slowMs),
  };
  return Object.fromEntries(Object.entries(faults).filter(([, v]) => v !== undefined));
}

const D = DEFAULT_KINGDEE_CREDENTIALS;

/** `qiao sim kingdee`: runs the K/3Cloud WebAPI simulator until Ctrl-C. */
export function registerKingdeeSim(sim: Command): void {
  sim
    .command('kingdee')
    .description(
      `Run the Kingdee K/3Cloud (金蝶云星空) WebAPI simulator. Default credentials: acctId ${D.acctId}, user ${D.user}, password ${D.password}, appId ${D.appId}, appSecret ${D.appSecret}, lcid ${D.lcid}`,
    )
    .option('--port <port>', 'port to listen on (0 = any free port)', '8081')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--seed <n>', 'data seed (same seed → same data; shared master data with the OKKI simulator)', '1')
    .option('--orders <n>', 'sales orders to seed (1–9 lines each, ~5 on average)', '200')
    .option('--acct-id <id>', `data-centre id (default ${D.acctId})`)
    .option('--user <name>', `user name (default ${D.user})`)
    .option('--password <password>', `password for ValidateUser (default ${D.password})`)
    .option('--app-id <id>', `third-party app id (default ${D.appId})`)
    .option('--app-secret <secret>', 'third-party app secret (default: the demo secret)')
    .option('--lcid <n>', `locale id (default ${D.lcid})`)
    .option('--session-idle-ms <ms>', 'session idle expiry in ms (default 1200000 = 20 min)')
    .option('--session-expiry-every <n>', 'fault: every Nth authenticated call finds its session lost (MsgCode 1)')
    .option('--call-limit-every <n>', 'fault: every Nth business call answers MsgCode 14 (call limit)')
    .option(
      '--network-conflict-every <n>',
      'fault: every Nth business call answers MsgCode 13 (network-control conflict)',
    )
    .option('--proxy-502-every <n>', 'fault: every Nth call answers HTTP 502 from an nginx-style proxy')
    .option('--truncate-every <n>', 'fault: every Nth reply body is cut mid-JSON')
    .option('--slow-ms <ms>', 'fault: delay every reply')
    .option(
      '--allow-save-audited',
      'Save on an audited sales order applies a change after audit instead of failing (MsgCode 11)',
    )
    .option('--json', 'print the start-up line as JSON')
    .action(async (flags: KingdeeSimFlags) => {
      const faults = kingdeeFaults(flags);
      const simulator = await startKingdeeSimulator({
        port: count('port', flags.port),
        host: flags.host,
        seed: count('seed', flags.seed),
        orders: count('orders', flags.orders),
        acctId: flags.acctId,
        user: flags.user,
        password: flags.password,
        appId: flags.appId,
        appSecret: flags.appSecret,
        lcid: count('lcid', flags.lcid),
        sessionIdleMs: count('session-idle-ms', flags.sessionIdleMs),
        faults,
        write: flags.allowSaveAudited ? { allowSaveAudited: true } : undefined,
      });
      const c = simulator.credentials;
      emit({ url: simulator.url, ...c, faults }, { json: flags.json }, () => {
        process.stdout.write(
          `Kingdee K/3Cloud simulator listening on ${simulator.url}  (seed ${flags.seed}, ${flags.orders} orders)\n`,
        );
        process.stdout.write(
          `  acctId     ${c.acctId}\n  user       ${c.user}\n  password   ${c.password}\n  appId      ${c.appId}\n  appSecret  ${c.appSecret}\n  lcid       ${c.lcid}\n`,
        );
        if (Object.keys(faults).length) process.stdout.write(`  faults     ${JSON.stringify(faults)}\n`);
        const origin = simulator.url.replace(/\/k3cloud\/$/, '');
        process.stdout.write(
          `  admin      ${origin}/__admin/stats | POST ${origin}/__admin/faults | POST ${origin}/__admin/change-orders\n`,
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
}

/** `qiao sim <vendor>`: protocol-faithful vendor simulators for local runs and tests. */
export function register(program: Command): void {
  const sim = program.command('sim').description('Run a vendor simulator (kingdee | okki)');
  registerKingdeeSim(sim);
  // OKKI lives in its own file, owned by the OKKI simulator.
  registerOkkiSim(sim);
}
