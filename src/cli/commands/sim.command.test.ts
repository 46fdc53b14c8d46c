import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { registerKingdeeSim } from './sim.command.js';

const BIN = fileURLToPath(new URL('../../../bin/qiao.js', import.meta.url));
let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGTERM');
  child = undefined;
});

/** Starts `qiao sim kingdee …` as a real process and resolves with its stdout once `until` matches. */
function startCli(args: string[], until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, [BIN, 'sim', 'kingdee', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '',
      err = '';
    const timer = setTimeout(() => reject(new Error(`no start-up line in time; stdout=${out} stderr=${err}`)), 20_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (until.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}: ${err}`));
    });
  });
}

describe('qiao sim kingdee', () => {
  it('starts on --port 0, prints its URL and credentials, and serves logins with them', async () => {
    const out = await startCli(['--port', '0', '--orders', '10'], /admin\s+http/);
    const url = /listening on (http:\/\/\S+\/k3cloud\/)/.exec(out)?.[1];
    expect(url).toBeDefined();
    const field = (name: string) => new RegExp(`^\\s+${name}\\s+(\\S+)$`, 'm').exec(out)?.[1];
    expect(field('acctId')).toBe('qiao-demo-acct');
    expect(field('password')).toBe('demo123');
    const login = await fetch(`${url}Kingdee.BOS.WebApi.ServicesStub.AuthService.ValidateUser.common.kdsvc`, {
      method: 'POST',
      body: JSON.stringify({
        acctid: field('acctId'),
        username: field('user'),
        password: field('password'),
        lcid: Number(field('lcid')),
      }),
    });
    const result = (await login.json()) as { LoginResultType: number; KDSVCSessionId: string };
    expect(result.LoginResultType).toBe(1);
    const rows = await fetch(`${url}Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExecuteBillQuery.common.kdsvc`, {
      method: 'POST',
      headers: { 'kdservice-sessionid': result.KDSVCSessionId },
      body: JSON.stringify({ data: { FormId: 'SAL_SaleOrder', FieldKeys: 'FBillNo', Limit: 0 } }),
    });
    expect(((await rows.json()) as unknown[]).length).toBe(10);
  });

  it('--json prints one machine-readable line with the fault set', async () => {
    const out = await startCli(
      ['--port', '0', '--orders', '1', '--json', '--call-limit-every', '3', '--app-id', '1_x'],
      /\n/,
    );
    expect(JSON.parse(out.trim())).toMatchObject({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/k3cloud\/$/),
      appId: '1_x',
      faults: { callLimitEveryNCalls: 3 },
    });
  });

  it('rejects malformed numbers before starting anything', async () => {
    const root = new Command().name('qiao').exitOverride();
    registerKingdeeSim(root.command('sim'));
    await expect(
      root.parseAsync(['node', 'qiao', 'sim', 'kingdee', '--port', '0', '--slow-ms', 'slow']),
    ).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('--slow-ms') });
  });
});
