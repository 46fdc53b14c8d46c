import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { DEMO_SCHEME_ORDER, REPO_ROOT, startDemoEnvironment, type DemoEnvironment } from '../../app/demo.js';
import type { RunRecord } from '../../ledger/ledger.js';
import { serveApi, type RunningApi } from '../../api/serve-api.js';
import { createProgress } from '../output.js';

interface DemoOptions {
  orders: string;
  seed: string;
  json?: boolean;
  exit?: boolean;
  port: string;
  kingdeePort: string;
  okkiPort: string;
  dir: string;
  change: string;
}

/** Builds the console once, so a fresh clone shows it without a separate build step. */
async function ensureConsoleBuilt(log: (line: string) => void): Promise<void> {
  if (existsSync(join(REPO_ROOT, 'dist', 'web', 'index.html'))) return;
  log('Building the operations console (first run only)…');
  const { build } = await import('vite');
  await build({ configFile: join(REPO_ROOT, 'web', 'vite.config.ts'), logLevel: 'warn' });
}

function runSummary(run: RunRecord): Record<string, unknown> {
  return {
    scheme: run.schemeId,
    status: run.status,
    read: run.counts.read,
    documents: run.counts.documents,
    pushed: run.counts.pushed,
    skipped: run.counts.skipped,
    failed: run.counts.failed,
    durationMs: run.durationMs,
  };
}

function printRuns(title: string, runs: RunRecord[]): void {
  console.log(`\n${title}`);
  console.log('  scheme                          status     rows   docs  pushed  skipped  failed   time');
  for (const run of runs) {
    const c = run.counts;
    console.log(
      `  ${run.schemeId.padEnd(31)} ${run.status.padEnd(9)} ${String(c.read).padStart(5)}  ${String(c.documents).padStart(5)}  ${String(c.pushed).padStart(6)}  ${String(c.skipped).padStart(7)}  ${String(c.failed).padStart(6)}  ${((run.durationMs ?? 0) / 1000).toFixed(2).padStart(5)}s`,
    );
  }
}

async function runDemo(options: DemoOptions): Promise<void> {
  const json = options.json === true;
  const log = (line: string) => (json ? undefined : console.log(line));
  const progress = createProgress({ json });
  await ensureConsoleBuilt(log);
  const dir = resolve(options.dir);
  await rm(dir, { recursive: true, force: true });
  const env: DemoEnvironment = await startDemoEnvironment({
    dir,
    orders: Number(options.orders),
    seed: Number(options.seed),
    apiPort: Number(options.port),
    kingdeePort: Number(options.kingdeePort),
    okkiPort: Number(options.okkiPort),
  });
  let api: RunningApi | null = null;
  const stopQuietly = async () => {
    await api?.close();
    await env.close();
  };
  const stop = async () => {
    await api?.close();
    await env.close();
    process.exit(0);
  };
  try {
    api = await serveApi({
      qiao: env.qiao,
      // The demo's own qiao.yaml, every api.* setting; the port comes from --port.
      api: { ...env.qiao.config.api, port: Number(options.port) },
      dataDir: join(dir, '.qiao'),
      webRoot: join(REPO_ROOT, 'dist', 'web'),
      logger: env.qiao.logger,
    });
    log(
      `Kingdee simulator  ${env.kingdeeUrl}  (acct ${env.kingdee.credentials.acctId}, user ${env.kingdee.credentials.user}, ${options.orders} sales orders)`,
    );
    log(`OKKI simulator     ${env.okkiUrl}  (client ${env.okki.credentials.clientId})`);
    log(`Working directory  ${dir}  (qiao.yaml, schemes/, .qiao/qiao.db)`);

    const runAll = async (label: string) => {
      const runs: RunRecord[] = [];
      for (const id of DEMO_SCHEME_ORDER) {
        progress.update(`${label}: ${id}…`);
        runs.push(await env.engine.runNow(id, 'cli'));
      }
      progress.done();
      return runs;
    };
    const first = await runAll('Run 1');
    if (!json) printRuns('Run 1: first sync (companions, then the flagship)', first);

    const changed = env.kingdee.changeOrdersAfterAudit({
      count: Number(options.change),
      kinds: ['qty', 'price', 'addLine', 'removeLine'],
    });
    log(`\nChanged ${changed.length} audited orders in Kingdee after approval: ${changed.join(', ')}`);
    const second = await runAll('Run 2');
    if (!json) printRuns('Run 2: only the orders changed after approval are pushed again (覆盖)', second);

    const flagship = second.find((r) => r.schemeId === 'kingdee-sales-orders-to-okki');
    if (json) {
      process.stdout.write(
        `${JSON.stringify({
          kingdee: { url: env.kingdeeUrl, ...env.kingdee.credentials },
          okki: { url: env.okkiUrl, ...env.okki.credentials },
          console: { url: api.url, loginUrl: api.loginUrl() },
          dir,
          changedOrders: changed,
          runs: [first, second].map((runs, i) => ({ run: i + 1, schemes: runs.map(runSummary) })),
        })}\n`,
      );
    } else {
      log(
        `\nThe flagship pushed ${flagship?.counts.pushed ?? 0} orders in run 2 (changed: ${changed.length}); OKKI holds ${env.okki.dumpOrders().length} orders.`,
      );
    }
    if (options.exit) {
      await stopQuietly();
      return;
    }
    log(`\nOperations console: ${api.url}`);
    log(
      `Log in with this link (works once, for 15 minutes; \`qiao login --config ${join(dir, 'qiao.yaml')} --url ${api.url}\` prints a new one):`,
    );
    log(`  ${api.loginUrl()}`);
    log('The console and both simulators keep running; press Ctrl-C to stop.');
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  } catch (error) {
    await stopQuietly();
    throw error;
  }
}

export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'Start both simulators, run the companion schemes and the flagship (Kingdee sales orders → OKKI) on the embedded SQLite default, change some orders after approval and run again; then serve the console.',
    )
    .option('--orders <n>', 'sales orders in the Kingdee simulator', '500')
    .option('--seed <n>', "seed of the simulators' data", '1')
    .option('--change <n>', 'orders to change after approval between the runs', '10')
    .option('--port <port>', 'console/API port (0 = any free port)', '8080')
    .option('--kingdee-port <port>', 'Kingdee simulator port', '8081')
    .option('--okki-port <port>', 'OKKI simulator port', '8082')
    .option('--dir <dir>', 'working directory (recreated on every demo)', '.qiao-demo')
    .option(
      '--json',
      'when both runs are done, print one JSON line: simulator URLs and credentials, and per run the documents read, pushed, skipped and failed',
    )
    .option('--exit', 'stop when done instead of serving the console')
    .addHelpText(
      'after',
      '\nExamples:\n  npm run demo\n  npx qiao demo --orders 2000 --exit\n  npx qiao demo --json --exit --port 0 --kingdee-port 0 --okki-port 0',
    )
    .action((options: DemoOptions) => runDemo(options));
}
