import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { isLoopbackHost } from '../../api/guards/host-allow-list.js';
import { serveApi, type RunningApi } from '../../api/serve-api.js';
import { openEngine, withConfigOption, type ConfigFlags } from '../cli-engine.js';
import { describeSchedule, intOption } from '../operator-format.js';
import { emit } from '../output.js';
import { exitIfStillAliveAfter, waitForShutdownSignal } from '../shutdown-signal.js';

interface StartFlags extends ConfigFlags {
  host?: string;
  port?: string;
  json?: boolean;
}

/** The built dashboard shipped with this checkout (`npm run build:web`). */
const WEB_ROOT = fileURLToPath(new URL('../../../dist/web', import.meta.url));

/** `qiao start`: scheduler for every enabled scheme plus the HTTP API and console, until SIGINT/SIGTERM. */
export function register(program: Command): void {
  withConfigOption(
    program
      .command('start')
      .description(
        'Start qiao: the scheduler for every enabled scheme and the HTTP API + console; Ctrl-C/SIGTERM shuts down gracefully',
      )
      .option('--host <host>', 'interface for the API and console (default: qiao.yaml api.host, else 127.0.0.1)')
      .option(
        '--port <port>',
        'port for the API and console, 0 = any free port (default: qiao.yaml api.port, else 8080)',
      )
      .option('--json', 'print the start-up line as JSON ({ url, loginUrl, token?, schemes })'),
  )
    .addHelpText(
      'after',
      `
Examples:
  qiao start
  qiao start --config /etc/qiao/qiao.yaml --host 0.0.0.0 --port 8080
  QIAO_API_TOKEN=… qiao start --json

Every API route needs a token, on 127.0.0.1 too. qiao start prints a one-time console login link
(valid 15 minutes; \`qiao login\` prints a new one). The primary (admin) API token comes from
qiao.yaml api.token, else $QIAO_API_TOKEN, else .qiao/api-token next to qiao.yaml (generated on
first start and printed once); api.tokens adds named viewer/operator/admin tokens. On SIGTERM qiao
stops firing runs, lets in-flight writes finish (or releases them), closes the server and exits 0.`,
    )
    .action(async (flags: StartFlags) => {
      const port = intOption('port', flags.port, { min: 0, max: 65_535 });
      const qiao = await openEngine(flags);
      const { engine, config } = qiao;
      let api: RunningApi | null = null;
      try {
        api = await serveApi({
          qiao,
          // Every api.* setting goes through; only host and port may be overridden by flags.
          api: { ...config.api, host: flags.host ?? config.api.host, port: port ?? config.api.port },
          dataDir: resolve(config.baseDir, '.qiao'),
          webRoot: WEB_ROOT,
          logger: engine.logger,
        });
        engine.startScheduler();
        const schemes = (await engine.listSchemes()).map((s) => ({
          id: s.id,
          enabled: s.enabled,
          schedule: describeSchedule(engine.schemeDefinition(s.id)?.settings.schedule ?? { manual: true }),
        }));
        const generated = api.tokenSource === 'generated';
        const running = api;
        const loginUrl = running.loginUrl();
        emit(
          {
            url: running.url,
            loginUrl,
            ...(generated ? { token: running.token } : {}),
            tokenSource: running.tokenSource,
            schemes,
            problems: engine.problems.length,
          },
          flags,
          () => {
            process.stdout.write(`qiao console: ${running.url}\n`);
            process.stdout.write(
              `Log in (link works once, for 15 minutes; \`qiao login\` prints a new one): ${loginUrl}\n`,
            );
            if (!isLoopbackHost(flags.host ?? config.api.host))
              process.stdout.write(
                `Answers to the host names ${running.allowedHosts.join(', ')} (others get 403; add names to qiao.yaml api.allowedHosts)\n`,
              );
            if (generated)
              process.stdout.write(
                `API token (generated, shown once; kept in ${resolve(config.baseDir, '.qiao', 'api-token')}): ${running.token}\n`,
              );
            const enabled = schemes.filter((s) => s.enabled);
            process.stdout.write(
              `${enabled.length} of ${schemes.length} scheme(s) enabled: ${enabled.map((s) => `${s.id} (${s.schedule})`).join(', ') || 'none'}\n`,
            );
            if (engine.problems.length)
              process.stdout.write(
                `${engine.problems.length} scheme file(s) do not validate and will not run; see \`qiao status\`\n`,
              );
          },
        );
        const signal = await waitForShutdownSignal();
        if (!flags.json)
          process.stderr.write(`qiao: ${signal} received, shutting down (in-flight writes finish or are released)…\n`);
      } finally {
        // Engine first: no new runs fire and in-flight ones finish while the API still answers status requests.
        await qiao.close();
        await api?.close();
      }
      if (!flags.json) process.stderr.write('qiao: stopped\n');
      exitIfStillAliveAfter();
    });
}
