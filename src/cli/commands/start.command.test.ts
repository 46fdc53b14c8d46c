import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfigYaml, copyShippedSchemes } from '../../app/demo.js';
import { startKingdeeSimulator, type KingdeeSimulator } from '../../connectors/kingdee/simulator/kingdee-simulator.js';
import { startOkkiSimulator, type OkkiSimulator } from '../../connectors/okki/simulator/okki-simulator.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

let kingdee: KingdeeSimulator;
let okki: OkkiSimulator;
let dir: string;

beforeAll(async () => {
  kingdee = await startKingdeeSimulator({ port: 0, orders: 5 });
  okki = await startOkkiSimulator({ port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'qiao-cli-start-'));
  await mkdir(join(dir, 'schemes'));
  await copyShippedSchemes(dir);
  await writeFile(
    join(dir, 'qiao.yaml'),
    demoConfigYaml(kingdee, okki, { store: 'sqlite:.qiao/qiao.db', apiPort: 8080 }),
  );
});

/** Runs the CLI to completion and returns its stdout; connection secrets only when given. */
async function runCli(args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['bin/qiao.js', ...args], {
    cwd: root,
    env: { ...process.env, QIAO_API_TOKEN: undefined, ...env },
  });
  return stdout;
}

afterAll(async () => {
  await Promise.allSettled([kingdee?.close(), okki?.close()]);
});

describe('long-running commands: qiao start and qiao run without --once', () => {
  it('serves the API, prints the URL, a one-time login link and the generated token once, and exits 0 on SIGTERM', async () => {
    // --port 0 overrides qiao.yaml's 8080 so parallel test files never collide.
    const child = spawn(process.execPath, ['bin/qiao.js', 'start', '--config', join(dir, 'qiao.yaml'), '--port', '0'], {
      cwd: root,
      env: {
        ...process.env,
        KINGDEE_APP_SECRET: kingdee.credentials.appSecret,
        OKKI_CLIENT_SECRET: okki.credentials.clientSecret,
        QIAO_API_TOKEN: undefined,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (/scheme\(s\) enabled/.test(stdout)) resolve(stdout);
        });
        void exited.then((code) => reject(new Error(`qiao start exited ${code} before serving: ${stderr}`)));
      });
      const url = /^qiao console: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(banner)?.[1];
      expect(url).toBeDefined();
      expect(url).not.toMatch(/:8080$/);
      const token = /^API token \(generated, shown once; kept in .*\): (\S+)$/m.exec(banner)?.[1];
      expect(token).toBe((await readFile(join(dir, '.qiao', 'api-token'), 'utf8')).trim());
      expect(banner).toContain('4 of 4 scheme(s) enabled: kingdee-customers-to-okki (cron */30 * * * *)');

      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true });
      const schemes = await fetch(`${url}/api/schemes`, { headers: { authorization: `Bearer ${token}` } });
      expect(schemes.status).toBe(200);
      expect(JSON.stringify(await schemes.json())).toContain('kingdee-sales-orders-to-okki');
      expect((await fetch(`${url}/api/schemes`)).status).toBe(401);

      // The login link carries a one-time code in its fragment, never the token.
      const login = /^Log in .*: (http:\/\/127\.0\.0\.1:\d+\/login#(\S+))$/m.exec(banner);
      expect(login?.[1]).toMatch(new RegExp(`^${url}/login#`));
      expect(login?.[1]).not.toContain(token!);
      const exchange = () =>
        fetch(`${url}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code: login?.[2] }),
        });
      const session = (await (await exchange()).json()) as { session: string; role: string };
      expect(session.role).toBe('admin');
      expect(
        (await fetch(`${url}/api/schemes`, { headers: { authorization: `Bearer ${session.session}` } })).status,
      ).toBe(200);
      expect((await exchange()).status).toBe(401);

      // `qiao login` mints a link the running server accepts.
      const minted = await runCli(['login', '--config', join(dir, 'qiao.yaml'), '--url', url!, '--json']);
      const code = (JSON.parse(minted) as { url: string }).url.split('#')[1];
      const second = await fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      expect(second.status).toBe(201);
      // …and `qiao audit` shows both logins and the refused one.
      const audit = JSON.parse(
        await runCli(['audit', '--config', join(dir, 'qiao.yaml'), '--json'], {
          KINGDEE_APP_SECRET: kingdee.credentials.appSecret,
          OKKI_CLIENT_SECRET: okki.credentials.clientSecret,
        }),
      ) as {
        entries: Array<{ actor: string; path: string; status: number }>;
      };
      expect(audit.entries.map((e) => [e.actor, e.path, e.status])).toEqual([
        ['admin', '/api/session', 201],
        ['anonymous', '/api/session', 401],
        ['admin', '/api/session', 201],
      ]);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toContain('SIGTERM received, shutting down');
      expect(stderr).toContain('qiao: stopped');
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('qiao run <scheme> --every repeats that scheme until SIGINT, one JSON line per run, then exits 0', async () => {
    const child = spawn(
      process.execPath,
      ['bin/qiao.js', 'run', 'kingdee-customers-to-okki', '--every', '1', '--json', '--config', join(dir, 'qiao.yaml')],
      {
        cwd: root,
        env: {
          ...process.env,
          KINGDEE_APP_SECRET: kingdee.credentials.appSecret,
          OKKI_CLIENT_SECRET: okki.credentials.clientSecret,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.split('\n').filter(Boolean).length >= 2) resolve();
        });
        void exited.then((code) => reject(new Error(`qiao run exited ${code} early`)));
      });
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      const runs = stdout
        .trim()
        .split('\n')
        .map(
          (l) =>
            (
              JSON.parse(l) as {
                run: { schemeId: string; status: string; trigger: string; counts: { pushed: number } };
              }
            ).run,
        );
      expect(runs.length).toBeGreaterThanOrEqual(2);
      expect(
        runs.every(
          (r) => r.schemeId === 'kingdee-customers-to-okki' && r.status === 'succeeded' && r.trigger === 'cli',
        ),
      ).toBe(true);
      // The second run finds nothing new to push: the first one synced every customer.
      expect(runs[0].counts.pushed).toBeGreaterThan(0);
      expect(runs[1].counts.pushed).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
