import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, type DemoEnvironment } from '../../../src/app/demo.js';

export interface QiaoProcess {
  child: ChildProcess;
  /** The exit code, or null when a signal ended it. */
  exited: Promise<number | null>;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
}

/**
 * `qiao <args>` as its own process against the environment's qiao.yaml and ledger, with the
 * simulators' secrets in its environment as an operator would set them.
 */
export function spawnQiao(env: Pick<DemoEnvironment, 'dir' | 'kingdee' | 'okki'>, args: string[]): QiaoProcess {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'bin', 'qiao.js'), ...args, '--config', join(env.dir, 'qiao.yaml')],
    {
      cwd: env.dir,
      env: {
        ...process.env,
        KINGDEE_APP_SECRET: env.kingdee.credentials.appSecret,
        OKKI_CLIENT_SECRET: env.okki.credentials.clientSecret,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

/**
 * Waits until `condition` holds, checking every `everyMs`; throws `what` when it does not within
 * `withinMs` (a bound on a broken run, not a timing the test relies on).
 */
export async function waitUntil(
  what: string,
  condition: () => Promise<boolean>,
  withinMs = 60_000,
  everyMs = 25,
): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
