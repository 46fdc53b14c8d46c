/**
 * Child-process plumbing for `bench/sync.bench.ts`: every simulator and every measured side runs in
 * its own Node process (spawned from the bench entry file with `--role …`), reports one result line
 * on stdout behind a marker, and a simulator lives until its stdin closes.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** Prefix of the single result line a child prints; everything else a child writes is passed through to stderr. */
export const RESULT_MARKER = '@@sync-bench ';

export interface SimInfo {
  url: string;
  credentials: Record<string, string | number | string[]>;
  /** Process id of the simulator child (set by the parent), to read its CPU time. */
  pid?: number;
}

export interface SimulatorPair {
  kingdee: SimInfo;
  okki: SimInfo;
  /** Milliseconds until both simulators answered (seeding included). */
  startMs: number;
  close(): Promise<void>;
}

export interface Child<T> {
  proc: ChildProcess;
  /** The child's result line, parsed; rejects if the child exits without one. */
  result: Promise<T>;
}

/** Environment variable carrying the simulators' URLs and (demo) credentials to a side, so they stay off the command line. */
export const SIMS_ENV = 'QIAO_SYNC_BENCH_SIMS';

/** Spawns `entry` with `--role role` and extra flags; `env` is added to the inherited environment. */
export function spawnRole<T>(entry: string, role: string, args: string[], env: Record<string, string> = {}): Child<T> {
  const proc = spawn(process.execPath, ['--import', 'tsx', entry, '--role', role, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const result = new Promise<T>((resolve, reject) => {
    let settled = false;
    const lines = createInterface({ input: proc.stdout! });
    lines.on('line', (line) => {
      if (!line.startsWith(RESULT_MARKER)) {
        process.stderr.write(`[${role}] ${line}\n`);
        return;
      }
      settled = true;
      resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as T);
    });
    proc.once('exit', (code, signal) => {
      if (!settled)
        reject(new Error(`${role} child exited (${signal ?? code}) before reporting; see its stderr above`));
    });
  });
  return { proc, result };
}

/** Prints the result line a parent's `spawnRole` waits for. */
export function report(value: unknown): void {
  process.stdout.write(`${RESULT_MARKER + JSON.stringify(value)}\n`);
}

/** Ends a simulator child: closing stdin asks it to shut down, SIGTERM after a grace period. */
async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.stdin?.end();
  const timer = setTimeout(() => proc.kill('SIGTERM'), 3_000);
  await exited;
  clearTimeout(timer);
}

/** Starts a fresh Kingdee simulator (`orders`, `seed`) and a fresh OKKI simulator (`seed`, every customer/material preloaded), each in its own process. */
export async function startSimulators(
  entry: string,
  options: { orders: number; seed: number },
): Promise<SimulatorPair> {
  const started = performance.now();
  const kingdee = spawnRole<SimInfo>(entry, 'sim-kingdee', [
    '--orders',
    String(options.orders),
    '--seed',
    String(options.seed),
  ]);
  const okki = spawnRole<SimInfo>(entry, 'sim-okki', ['--seed', String(options.seed)]);
  const close = () => Promise.all([stop(kingdee.proc), stop(okki.proc)]).then(() => undefined);
  try {
    const [k, o] = await Promise.all([kingdee.result, okki.result]);
    return {
      kingdee: { ...k, pid: kingdee.proc.pid },
      okki: { ...o, pid: okki.proc.pid },
      startMs: Math.round(performance.now() - started),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Body of a simulator child: starts it, reports its URL and credentials, closes when stdin ends. */
export async function runSimulatorRole(
  kind: 'kingdee' | 'okki',
  options: { orders: number; seed: number },
): Promise<void> {
  const sim =
    kind === 'kingdee'
      ? await (await import('../src/connectors/kingdee/simulator/kingdee-simulator.js')).startKingdeeSimulator({
          seed: options.seed,
          orders: options.orders,
        })
      : await (await import('../src/connectors/okki/simulator/okki-simulator.js')).startOkkiSimulator({
          seed: options.seed,
          preload: 'all',
        });
  report({ url: sim.url, credentials: sim.credentials } satisfies SimInfo);
  process.stdin.resume();
  process.stdin.on('end', () => void sim.close().then(() => process.exit(0)));
}

let ticksPerSecond: number | null = null;

/**
 * CPU time (user + system, milliseconds) used so far by the processes `pids`, from /proc (Linux);
 * null where /proc is not available. Lets a side count the simulators' CPU during its timed part.
 */
export function processCpuMs(pids: Array<number | undefined>): number | null {
  try {
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    let ticks = 0;
    for (const pid of pids) {
      if (pid === undefined) return null;
      // Fields after the ")" of the command name: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return Math.round((ticks / ticksPerSecond) * 1000);
  } catch {
    return null;
  }
}
