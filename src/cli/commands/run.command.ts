import type { Command } from 'commander';
import { Cron } from 'croner';
import { ConfigError, IntegrationError } from '../../core/errors.js';
import type { QiaoEngine } from '../../runtime/engine.js';
import type { Schedule } from '../../runtime/scheduler.js';
import type { RunRecord } from '../../ledger/ledger.js';
import { reportCliError } from '../cli-error.js';
import { openEngine, requireSchemeDefinition, withConfigOption, type ConfigFlags } from '../cli-engine.js';
import { describeSchedule, formatRun, intOption, runFellShort } from '../operator-format.js';
import { createProgress, emit } from '../output.js';
import { exitIfStillAliveAfter, waitForShutdownSignal } from '../shutdown-signal.js';

interface RunFlags extends ConfigFlags {
  once?: boolean;
  every?: string;
  json?: boolean;
}

/** How often the loop looks for failed records that fell due between scheduled runs (milliseconds). */
const RETRY_SWEEP_MS = 15_000;

/**
 * Runs the scheme once with a progress line on a TTY. A refused start (preconditions unmet, unknown
 * scheme) throws; the returned run may still have status failed.
 */
export async function runOnceWithProgress(
  engine: QiaoEngine,
  id: string,
  trigger: RunRecord['trigger'],
  flags: { json?: boolean },
): Promise<RunRecord> {
  const progress = createProgress(flags);
  const started = Date.now();
  let calls = 0;
  let failed = 0;
  const show = (): void =>
    progress.update(
      `${id}: running ${Math.round((Date.now() - started) / 1000)} s, ${calls} API calls, ${failed} record failures`,
    );
  const onCall = (): void => {
    calls++;
    show();
  };
  const onFailed = (event: { schemeId: string }): void => {
    if (event.schemeId !== id) return;
    failed++;
    show();
  };
  engine.events.on('api.call', onCall);
  engine.events.on('record.failed', onFailed);
  const ticker = setInterval(show, 1000);
  try {
    return await engine.runNow(id, trigger);
  } finally {
    clearInterval(ticker);
    engine.events.off('api.call', onCall);
    engine.events.off('record.failed', onFailed);
    progress.done();
  }
}

function printRun(run: RunRecord, flags: { json?: boolean }): void {
  emit({ run }, flags, () => process.stdout.write(formatRun(run)));
}

/** `qiao run <scheme> --once`: one run, exit 1 when it failed, was aborted or found its target unavailable. */
async function runOnce(id: string, flags: RunFlags): Promise<void> {
  const qiao = await openEngine(flags);
  const { engine } = qiao;
  try {
    await requireSchemeDefinition(engine, id);
    const run = await runOnceWithProgress(engine, id, 'cli', flags);
    printRun(run, flags);
    if (runFellShort(run)) process.exitCode = 1;
  } catch (error) {
    // Unmet preconditions are not a configuration mistake: exit 1 like a failed run, with the engine's advice.
    if (error instanceof IntegrationError && error.code === 'runtime.precondition_unmet') {
      reportCliError(error, flags.json === true);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await qiao.close();
  }
}

/** `qiao run <scheme>` without --once: that scheme alone, on its schedule or every N seconds, until a signal. */
async function runLoop(id: string, flags: RunFlags): Promise<void> {
  const every = intOption('every', flags.every, { min: 1 });
  const qiao = await openEngine(flags);
  const { engine } = qiao;
  let stopping = false;
  const timers: Array<() => void> = [];
  try {
    const scheme = await requireSchemeDefinition(engine, id);
    const schedule: Schedule = every !== undefined ? { intervalSeconds: every } : scheme.settings.schedule;
    if ('manual' in schedule) {
      throw new ConfigError(
        `Scheme "${id}" runs only by hand (settings.schedule: manual): use \`qiao run ${id} --once\`, or \`--every SECONDS\` to repeat it`,
        { code: 'cli.manual_schedule' },
      );
    }
    const fire = (trigger: RunRecord['trigger']): void => {
      if (stopping || engine.isRunning(id)) return; // a tick that finds the run still going is skipped, never queued
      engine.runNow(id, trigger).then(
        (run) => printRun(run, flags),
        (error: unknown) => {
          if (!stopping) reportCliError(error, flags.json === true);
        },
      );
    };
    if ('cron' in schedule) {
      const cron = new Cron(schedule.cron, { protect: true, timezone: schedule.timezone }, () => fire('cli'));
      timers.push(() => cron.stop());
    } else {
      const timer = setInterval(() => fire('cli'), schedule.intervalSeconds * 1000);
      timers.push(() => clearInterval(timer));
      fire('cli');
    }
    const sweeper = setInterval(() => {
      if (stopping || engine.isRunning(id)) return;
      void engine.ledger.nextDueAt(id).then(
        (due) => {
          if (due !== null && Date.parse(due) <= Date.now()) fire('retry');
        },
        () => undefined,
      );
    }, RETRY_SWEEP_MS);
    timers.push(() => clearInterval(sweeper));
    if (!flags.json)
      process.stderr.write(
        `qiao: running ${id} (${describeSchedule(schedule)}); Ctrl-C stops after the run in progress\n`,
      );
    const signal = await waitForShutdownSignal();
    if (!flags.json) process.stderr.write(`qiao: ${signal} received, stopping ${id}…\n`);
  } finally {
    stopping = true;
    for (const stop of timers) stop();
    await qiao.close();
  }
  exitIfStillAliveAfter();
}

/** `qiao run <scheme> [--once] [--every SECONDS]`. */
export function register(program: Command): void {
  withConfigOption(
    program
      .command('run')
      .description(
        'Run one scheme: once (--once), or repeatedly on its schedule (or every --every seconds) until Ctrl-C/SIGTERM',
      )
      .argument('<scheme>', 'scheme id, e.g. kingdee-sales-orders-to-okki')
      .option(
        '--once',
        'run once and print the run (status, counts, duration, cursor); exit 1 when the run failed or its target was unavailable',
      )
      .option('--every <seconds>', "repeat every this many seconds instead of the scheme's schedule")
      .option('--json', 'print each run as one JSON line ({ run })'),
  )
    .addHelpText(
      'after',
      `
Examples:
  qiao run kingdee-customers-to-okki --once
  qiao run kingdee-sales-orders-to-okki --once --json
  qiao run kingdee-sales-orders-to-okki --every 60 --config /etc/qiao/qiao.yaml

A scheme with preconditions (e.g. sales orders after customers and materials) refuses to run
until each of them has finished a successful run; run those first.`,
    )
    .action(async (id: string, flags: RunFlags) => {
      if (flags.once && flags.every !== undefined)
        throw new ConfigError('--once and --every exclude each other: pick one', { code: 'cli.invalid_option' });
      await (flags.once ? runOnce(id, flags) : runLoop(id, flags));
    });
}
